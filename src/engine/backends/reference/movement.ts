/**
 * Data movement: reshape (a copy: the engine makes reshape a view when it
 * can, the kernel exists for backends and tests), permute, expand, slice,
 * pad, concat. All but concat are one strided copy: walk a shape, read the
 * source and write the destination through their own strides and bases.
 */
import type { ArrayKernel } from '../../backend.js';
import type { TypedArray } from '../../dtype.js';
import { sizeOf, stridesOf, type Shape } from '../../shape.js';
import { broadcastStrides, StridedRuns } from './strided.js';

/** dst[dstBase + idx . dstStrides] = src[srcBase + idx . srcStrides] for every index of `shape`. */
function copyStrided(shape: Shape, dst: TypedArray, dstStrides: readonly number[], dstBase: number, src: TypedArray, srcStrides: readonly number[], srcBase: number): void {
  const it = new StridedRuns(shape, [dstStrides, srcStrides], [dstBase, srcBase]);
  const ds = it.runStrides[0]!, ss = it.runStrides[1]!, n = it.runLength, off = it.offsets;
  for (let r = 0; r < it.runCount; r++, it.next()) {
    const di = off[0]!, si = off[1]!;
    for (let i = 0; i < n; i++) dst[di + i * ds] = src[si + i * ss]!;
  }
}

/** Sum over axes of index[i] * strides[i]: the offset of a corner. */
function offsetOf(index: readonly number[], strides: readonly number[]): number {
  let o = 0;
  for (let i = 0; i < index.length; i++) o += index[i]! * strides[i]!;
  return o;
}

export const reshape: ArrayKernel<'reshape'> = (inputs, out) => {
  out.data.set(inputs[0]!.data.subarray(0, sizeOf(out.shape)));
};

/** out[i] = x[j] with j[perm[d]] = i[d]: walk the output, reading x through its strides in perm order. */
export const permute: ArrayKernel<'permute'> = (inputs, out, p) => {
  const x = inputs[0]!;
  const xs = stridesOf(x.shape);
  copyStrided(out.shape, out.data, stridesOf(out.shape), 0, x.data, p.perm.map((a) => xs[a]!), 0);
};

export const expand: ArrayKernel<'expand'> = (inputs, out) => {
  const x = inputs[0]!;
  copyStrided(out.shape, out.data, stridesOf(out.shape), 0, x.data, broadcastStrides(x.shape, out.shape), 0);
};

export const slice: ArrayKernel<'slice'> = (inputs, out, p) => {
  const x = inputs[0]!;
  const xs = stridesOf(x.shape);
  copyStrided(out.shape, out.data, stridesOf(out.shape), 0, x.data, xs, offsetOf(p.starts, xs));
};

/** Fill with the pad value, then copy x into the interior. */
export const pad: ArrayKernel<'pad'> = (inputs, out, p) => {
  const x = inputs[0]!;
  const os = stridesOf(out.shape);
  out.data.fill(p.value, 0, sizeOf(out.shape));
  copyStrided(x.shape, out.data, os, offsetOf(p.pads.map((pr) => pr[0]), os), x.data, stridesOf(x.shape), 0);
};

/** Views every tensor as [outer, len * inner] and copies each input's block of every row. */
export const concat: ArrayKernel<'concat'> = (inputs, out, p) => {
  const outer = sizeOf(out.shape.slice(0, p.axis));
  const inner = sizeOf(out.shape.slice(p.axis + 1));
  const rowOut = out.shape[p.axis]! * inner;
  let col = 0;
  for (const x of inputs) {
    const row = x.shape[p.axis]! * inner;
    for (let r = 0; r < outer; r++) out.data.set(x.data.subarray(r * row, (r + 1) * row), r * rowOut + col);
    col += row;
  }
};
