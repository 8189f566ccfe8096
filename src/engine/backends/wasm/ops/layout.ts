/**
 * Axis merging for strided loops: drop size-1 axes, then fuse neighbouring
 * axes that every operand walks contiguously (outer stride = inner stride ×
 * inner size, which also holds for two broadcast axes with stride 0). A
 * [N, C, H, W] + [1, C, 1, 1] bias becomes [N, C, H·W] with bias strides
 * [0, 1, 0]; a same-shape pair becomes one axis. Kernels then loop over a
 * small fixed number of axes.
 */
import { stridesOf, type Shape } from '../../../shape.js';

export interface StridedLayout {
  /** Sizes, outermost first. */
  readonly sizes: number[];
  /** Per operand, element strides along `sizes`. */
  readonly strides: number[][];
}

export function mergeAxes(sizes: readonly number[], strides: readonly (readonly number[])[]): StridedLayout {
  const outSizes: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let i = 0; i < sizes.length; i++) {
    const n = sizes[i]!;
    if (n === 1) continue;
    const last = outSizes.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[i]! * n)) {
      outSizes[last]! *= n;
      strides.forEach((s, k) => (outStrides[k]![last] = s[i]!));
    } else {
      outSizes.push(n);
      strides.forEach((s, k) => outStrides[k]!.push(s[i]!));
    }
  }
  return { sizes: outSizes, strides: outStrides };
}

/** Strides that read `shape` broadcast to `target` (right-aligned, 0 on broadcast axes). */
export function broadcastStridesTo(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const lead = target.length - shape.length;
  return target.map((_, i) => {
    const j = i - lead;
    return j < 0 || shape[j] === 1 ? 0 : own[j]!;
  });
}

/** Left-pads a merged layout to `rank` axes with size-1, stride-0 axes; null if it has more. */
export function padLayout(l: StridedLayout, rank: number): StridedLayout | null {
  if (l.sizes.length > rank) return null;
  const extra = rank - l.sizes.length;
  return {
    sizes: [...new Array<number>(extra).fill(1), ...l.sizes],
    strides: l.strides.map((s) => [...new Array<number>(extra).fill(0), ...s]),
  };
}
