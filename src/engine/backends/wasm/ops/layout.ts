/**
 * Axis merging for strided loops: drop size-1 axes, then fuse neighbouring
 * axes that every operand walks contiguously (outer stride = inner stride ×
 * inner size, which also holds for two broadcast axes with stride 0). A
 * [N, C, H, W] + [1, C, 1, 1] bias becomes [N, C, H·W] with bias strides
 * [0, 1, 0]; a same-shape pair becomes one axis. Kernels then loop over a
 * small fixed number of axes.
 */
import type { Shape } from '../../../shape.js';

export interface StridedLayout {
  /** Sizes, outermost first. */
  readonly sizes: number[];
  /** Per operand, element strides along `sizes`. */
  readonly strides: number[][];
}

// These run before every native elementwise and movement kernel, so they are
// plain loops: no closures, spreads or intermediate stride arrays per call.

export function mergeAxes(sizes: readonly number[], strides: readonly (readonly number[])[]): StridedLayout {
  const m = strides.length;
  const outSizes: number[] = [];
  const outStrides: number[][] = [];
  for (let k = 0; k < m; k++) outStrides.push([]);
  for (let i = 0; i < sizes.length; i++) {
    const n = sizes[i]!;
    if (n === 1) continue;
    const last = outSizes.length - 1;
    let fuse = last >= 0;
    for (let k = 0; fuse && k < m; k++) fuse = outStrides[k]![last] === strides[k]![i]! * n;
    if (fuse) {
      outSizes[last]! *= n;
      for (let k = 0; k < m; k++) outStrides[k]![last] = strides[k]![i]!;
    } else {
      outSizes.push(n);
      for (let k = 0; k < m; k++) outStrides[k]!.push(strides[k]![i]!);
    }
  }
  return { sizes: outSizes, strides: outStrides };
}

/** Strides that read `shape` broadcast to `target` (right-aligned, 0 on broadcast axes). */
export function broadcastStridesTo(shape: Shape, target: Shape): number[] {
  const out = new Array<number>(target.length);
  const lead = target.length - shape.length;
  // Innermost first: `own` is the row-major stride of shape[j], the product of the dims after it.
  let own = 1;
  for (let i = target.length - 1; i >= 0; i--) {
    const j = i - lead;
    if (j < 0) {
      out[i] = 0;
      continue;
    }
    out[i] = shape[j] === 1 ? 0 : own;
    own *= shape[j]!;
  }
  return out;
}

/** Left-pads a merged layout to `rank` axes with size-1, stride-0 axes; null if it has more. */
export function padLayout(l: StridedLayout, rank: number): StridedLayout | null {
  if (l.sizes.length > rank) return null;
  return { sizes: leftPad(l.sizes, rank, 1), strides: l.strides.map((s) => leftPad(s, rank, 0)) };
}

function leftPad(xs: readonly number[], rank: number, fill: number): number[] {
  const extra = rank - xs.length;
  const out: number[] = [];
  for (let i = 0; i < extra; i++) out.push(fill);
  for (let i = 0; i < xs.length; i++) out.push(xs[i]!);
  return out;
}
