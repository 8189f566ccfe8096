/**
 * Movement primitives and cast on asm/copy.ts and asm/cast.ts. permute,
 * expand, slice, pad and concat are each one or more strided box copies
 * (sizes + source strides + destination strides, merged to at most six
 * axes); a permute that merges to a 2-D transpose of 4-byte elements uses
 * the 4 x 4 SIMD transpose. Elements move as raw words, so every dtype is
 * native here.
 */
import type { KernelTensor } from '../../../backend.js';
import { DTYPES, type DType } from '../../../dtype.js';
import { sizeOfAxes, stridesOf } from '../../../shape.js';
import { addressOf, type WasmKernel, type WasmKernelContext } from '../context.js';
import { broadcastStridesTo, mergeAxes, padLayout } from './layout.js';

/** Copies a box of `sizes` from src (strides ss) to dst (strides ds); false when it needs more than 6 axes. */
function copyBox(ctx: WasmKernelContext, bytes: number, src: number, dst: number, sizes: readonly number[], ss: readonly number[], ds: readonly number[]): boolean {
  for (let i = 0; i < sizes.length; i++) if (sizes[i] === 0) return true;
  let merged = mergeAxes(sizes, [ss, ds]);
  if (merged.sizes.length === 0) merged = { sizes: [1], strides: [[1], [1]] };
  const l = padLayout(merged, 6);
  if (!l) return false;
  const [s, d] = l.strides as [number[], number[]];
  const n = l.sizes;
  ctx.k.copyStrided(bytes, src, dst, n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5]!, s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!, d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!);
  return true;
}

function copyBytes(ctx: WasmKernelContext, src: number, dst: number, bytes: number): void {
  new Uint8Array(ctx.memory.buffer).copyWithin(dst, src, src + bytes);
}

export const reshape: WasmKernel<'reshape'> = (ctx, inputs, out) => {
  const x = inputs[0]!;
  copyBytes(ctx, addressOf(x), addressOf(out), out.size * DTYPES[out.dtype].bytes);
  return true;
};

export const permute: WasmKernel<'permute'> = (ctx, inputs, out, p) => {
  const x = inputs[0]!;
  const bytes = DTYPES[x.dtype].bytes;
  const xs = stridesOf(x.shape);
  const ss = p.perm.map((a) => xs[a]!);
  const merged = mergeAxes(out.shape, [ss, stridesOf(out.shape)]);
  const [src] = merged.strides as [number[]];
  if (bytes === 4 && merged.sizes.length === 2 && src[1] === merged.sizes[0] && src[0] === 1) {
    // out [R, C] with out[r, c] = x[c, r]: x is [C, R] row-major.
    ctx.k.transpose32(addressOf(x), addressOf(out), merged.sizes[1]!, merged.sizes[0]!);
    return true;
  }
  return copyBox(ctx, bytes, addressOf(x), addressOf(out), out.shape, ss, stridesOf(out.shape));
};

export const expand: WasmKernel<'expand'> = (ctx, inputs, out) => {
  const x = inputs[0]!;
  return copyBox(ctx, DTYPES[x.dtype].bytes, addressOf(x), addressOf(out), out.shape, broadcastStridesTo(x.shape, out.shape), stridesOf(out.shape));
};

export const slice: WasmKernel<'slice'> = (ctx, inputs, out, p) => {
  const x = inputs[0]!;
  const bytes = DTYPES[x.dtype].bytes;
  const xs = stridesOf(x.shape);
  const start = p.starts.reduce((acc, s, i) => acc + s * xs[i]!, 0);
  return copyBox(ctx, bytes, addressOf(x) + start * bytes, addressOf(out), out.shape, xs, stridesOf(out.shape));
};

/** Fills n elements of `dtype` at `dst` with `value`. */
function fill(ctx: WasmKernelContext, dtype: DType, dst: number, n: number, value: number): void {
  switch (dtype) {
    case 'float32': {
      const bits = new Int32Array(new Float32Array([value]).buffer)[0]!;
      ctx.k.fill32(dst, n, bits);
      return;
    }
    case 'int32':
      ctx.k.fill32(dst, n, value | 0);
      return;
    case 'int8':
      ctx.k.fill8(dst, n, value);
      return;
    case 'float64':
      ctx.k.fillF64(dst, n, value);
      return;
    default:
      throw new Error(`wasm backend: no fill for ${dtype satisfies never}`);
  }
}

export const pad: WasmKernel<'pad'> = (ctx, inputs, out, p) => {
  const x = inputs[0]!;
  const bytes = DTYPES[x.dtype].bytes;
  const os = stridesOf(out.shape);
  const start = p.pads.reduce((acc, [before], i) => acc + before * os[i]!, 0);
  fill(ctx, out.dtype, addressOf(out), out.size, p.value);
  return copyBox(ctx, bytes, addressOf(x), addressOf(out) + start * bytes, x.shape, stridesOf(x.shape), os);
};

export const concat: WasmKernel<'concat'> = (ctx, inputs, out, p) => {
  const bytes = DTYPES[out.dtype].bytes;
  const os = stridesOf(out.shape);
  const inner = sizeOfAxes(out.shape, p.axis + 1);
  // Check every part fits in six merged axes before writing anything.
  const fits = inputs.every((x) => padLayout(mergeAxes(x.shape, [stridesOf(x.shape), os]), 6) !== null);
  if (!fits) return false;
  let at = 0;
  for (const x of inputs) {
    copyBox(ctx, bytes, addressOf(x), addressOf(out) + at * inner * bytes, x.shape, stridesOf(x.shape), os);
    at += x.shape[p.axis]!;
  }
  return true;
};

/** dtype codes of asm/cast.ts; float64 has none (reference kernel). */
const CAST_CODES: { readonly [D in DType]: number | undefined } = { float32: 0, int32: 1, int8: 2, float64: undefined };

export const cast: WasmKernel<'cast'> = (ctx, inputs, out) => {
  const x: KernelTensor = inputs[0]!;
  const from = CAST_CODES[x.dtype], to = CAST_CODES[out.dtype];
  if (from === undefined || to === undefined) return false;
  return ctx.k.castElements(from, to, addressOf(x), addressOf(out), out.size) !== 0;
};
