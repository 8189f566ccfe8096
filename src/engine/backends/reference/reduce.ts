/**
 * Reductions: sum and max over a set of axes, argmax along one axis.
 *
 * sum/max walk the input in row-major order and read/write the accumulator
 * through the strides of the keepDims output broadcast back to the input
 * shape (0 on reduced axes), so any set of axes is one loop. Sums accumulate
 * in float64 and round once, so the oracle is at least as accurate as any
 * float32 backend it is compared with.
 */
import type { ArrayKernel, ArrayTensor } from '../../backend.js';
import { sizeOf, stridesOf } from '../../shape.js';
import { broadcastStrides, StridedRuns } from './strided.js';

function reduceKernel<P extends 'sum' | 'max'>(kind: P): ArrayKernel<P> {
  return (inputs, out, p) => {
    const x = inputs[0]!;
    const xd = x.data, o = out.data, m = sizeOf(out.shape);
    if (p.axes.length === 0) return copy(x, out);
    const keep = x.shape.map((d, i) => (p.axes.includes(i) ? 1 : d));
    const acc = new Float64Array(m).fill(kind === 'sum' ? 0 : -Infinity);
    const it = new StridedRuns(x.shape, [stridesOf(x.shape), broadcastStrides(keep, x.shape)]);
    const as = it.runStrides[1]!, n = it.runLength, off = it.offsets;
    for (let r = 0; r < it.runCount; r++, it.next()) {
      const xi = off[0]!, ai = off[1]!;
      if (kind === 'sum') {
        for (let i = 0; i < n; i++) acc[ai + i * as]! += xd[xi + i]!;
      } else {
        // Math.max propagates NaN, so a NaN anywhere in the reduced set wins.
        for (let i = 0; i < n; i++) acc[ai + i * as] = Math.max(acc[ai + i * as]!, xd[xi + i]!);
      }
    }
    for (let i = 0; i < m; i++) o[i] = acc[i]!;
  };
}

function copy(x: ArrayTensor, out: ArrayTensor): void {
  const n = sizeOf(out.shape);
  out.data.set(x.data.subarray(0, n));
}

export const sum = reduceKernel('sum');
export const max = reduceKernel('max');

/**
 * Index of the maximum along `axis`, viewing x as [outer, len, inner]. The
 * first maximum wins ties; a NaN beats every number and the first NaN wins
 * (NumPy's argmax), consistent with max propagating NaN.
 */
export const argmax: ArrayKernel<'argmax'> = (inputs, out, p) => {
  const x = inputs[0]!;
  const xd = x.data, o = out.data;
  const len = x.shape[p.axis]!;
  const inner = sizeOf(x.shape.slice(p.axis + 1));
  const outer = sizeOf(x.shape.slice(0, p.axis));
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < inner; j++) {
      const base = a * len * inner + j;
      let best = xd[base]!, bi = 0;
      for (let k = 1; k < len && best === best; k++) {
        const v = xd[base + k * inner]!;
        if (v > best || v !== v) {
          best = v;
          bi = k;
        }
      }
      o[a * inner + j] = bi;
    }
  }
};
