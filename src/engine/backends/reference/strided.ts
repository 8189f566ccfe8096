/**
 * Strided iteration: walks an n-d index space in row-major order as a series
 * of 1-d runs along the innermost axis, keeping for each operand the element
 * offset where the current run starts. An operand is described by its
 * strides over the iteration space (0 on a broadcast axis), so one walker
 * serves broadcasting, reductions, permutes, slices and pads.
 *
 * Axes of size 1 are dropped and neighbouring axes that every operand walks
 * contiguously are merged first (as NumPy's nditer coalesces dimensions), so
 * a same-shape operation is one long run and the per-run bookkeeping is paid
 * rarely. Kernels loop over `runCount` runs, do a tight loop of `runLength`
 * elements with `runStrides`, then call `next()`.
 */
import type { Shape } from '../../shape.js';

export class StridedRuns {
  /** Elements in each run (the merged innermost extent). */
  readonly runLength: number;
  /** Number of runs; 0 when the space is empty. */
  readonly runCount: number;
  /** Per operand, the stride along the run. */
  readonly runStrides: readonly number[];
  /** Per operand, the offset where the current run starts. */
  readonly offsets: number[];
  private readonly outerDims: number[];
  /** outerStrides[d][k]: stride of operand k along outer axis d. */
  private readonly outerStrides: number[][];
  private readonly index: number[];

  constructor(shape: Shape, strides: readonly (readonly number[])[], bases?: readonly number[]) {
    const ops = strides.length;
    this.offsets = bases ? [...bases] : new Array<number>(ops).fill(0);
    let dims: number[] = [];
    let st: number[][] = [];
    for (let d = 0; d < shape.length; d++) {
      if (shape[d] === 1) continue;
      const s = strides.map((x) => x[d]!);
      const last = dims.length - 1;
      // Merge axis `last` with this inner one when every operand steps through
      // both as through one axis of size dims[last] * shape[d].
      if (last >= 0 && s.every((x, k) => st[last]![k] === x * shape[d]!)) {
        dims[last] = dims[last]! * shape[d]!;
        st[last] = s;
      } else {
        dims.push(shape[d]!);
        st.push(s);
      }
    }
    if (dims.length === 0) {
      dims = [1];
      st = [new Array<number>(ops).fill(0)];
    }
    const inner = dims.length - 1;
    this.runLength = dims[inner]!;
    this.runStrides = st[inner]!;
    this.outerDims = dims.slice(0, inner);
    this.outerStrides = st.slice(0, inner);
    this.index = new Array<number>(inner).fill(0);
    let count = this.runLength === 0 ? 0 : 1;
    for (const d of this.outerDims) count *= d;
    this.runCount = count;
  }

  /** Moves `offsets` to the start of the next run (an odometer over the outer axes). */
  next(): void {
    const offsets = this.offsets;
    for (let d = this.outerDims.length - 1; d >= 0; d--) {
      const s = this.outerStrides[d]!;
      if (++this.index[d]! < this.outerDims[d]!) {
        for (let k = 0; k < offsets.length; k++) offsets[k]! += s[k]!;
        return;
      }
      this.index[d] = 0;
      const back = this.outerDims[d]! - 1;
      for (let k = 0; k < offsets.length; k++) offsets[k]! -= s[k]! * back;
    }
  }
}

/**
 * Strides for reading a tensor of shape `from` as if broadcast to `to`
 * (NumPy rules, right-aligned): 0 on broadcast and missing leading axes.
 */
export function broadcastStrides(from: Shape, to: Shape): number[] {
  const out = new Array<number>(to.length).fill(0);
  const off = to.length - from.length;
  let acc = 1;
  for (let i = from.length - 1; i >= 0; i--) {
    if (from[i] !== 1) out[off + i] = acc;
    acc *= from[i]!;
  }
  return out;
}
