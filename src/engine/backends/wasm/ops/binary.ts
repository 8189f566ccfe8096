/**
 * Broadcasting binary primitives (float32; int32 add, sub and mul, the only
 * int32 binaries the shape rules allow) and `where` (float32) on
 * asm/binary.ts. The broadcast is folded into at most four merged axes
 * (layout.ts); shapes that need more fall back to the reference kernel.
 * The int32 kernels wrap modulo 2^32 exactly as the reference does
 * (asm/binary.ts says why they agree bit for bit); they carry the integer
 * path's residual adds and zero-point offsets (compress/integer/layers).
 */
import type { BinaryPrimitive } from '../../../primitives.js';
import { sizeOf } from '../../../shape.js';
import { addressOf, type WasmKernel } from '../context.js';
import { broadcastStridesTo, mergeAxes, padLayout } from './layout.js';

/** Opcodes of asm/binary.ts, which lists them in this order. */
const BINARY_OPCODES: { readonly [P in BinaryPrimitive]: number } = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 4, cmpGt: 5, cmpEq: 6,
};

/** The primitives binaryI32 implements. */
const INT32_NATIVE: ReadonlySet<BinaryPrimitive> = new Set<BinaryPrimitive>(['add', 'sub', 'mul']);

function binary<P extends BinaryPrimitive>(prim: P): WasmKernel<P> {
  const op = BINARY_OPCODES[prim];
  const int32 = INT32_NATIVE.has(prim);
  return (ctx, inputs, out) => {
    const a = inputs[0]!, b = inputs[1]!;
    if (a.dtype !== 'float32' && !(int32 && a.dtype === 'int32')) return false;
    const run = a.dtype === 'float32' ? ctx.k.binaryF32 : ctx.k.binaryI32;
    const size = out.size;
    if (a.size === size && b.size === size) {
      // No broadcast (an operand broadcasting to out would be smaller): the
      // layout merges to one contiguous axis, padded as [1, 1, 1, size].
      run(op, addressOf(a), addressOf(b), addressOf(out), 1, 1, 1, size, 0, 0, 0, 1, 0, 0, 0, 1);
      return true;
    }
    let layout = mergeAxes(out.shape, [broadcastStridesTo(a.shape, out.shape), broadcastStridesTo(b.shape, out.shape)]);
    // A one-element result: read each operand's single element with stride 1.
    if (layout.sizes.length === 0) layout = { sizes: [1], strides: [[1], [1]] };
    const l = padLayout(layout, 4);
    if (!l) return false;
    const [as, bs] = l.strides as [number[], number[]];
    const n = l.sizes;
    run(
      op, addressOf(a), addressOf(b), addressOf(out),
      n[0]!, n[1]!, n[2]!, n[3]!,
      as[0]!, as[1]!, as[2]!, as[3]!,
      bs[0]!, bs[1]!, bs[2]!, bs[3]!,
    );
    return true;
  };
}

export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
export const div = binary('div');
export const maximum = binary('maximum');
export const cmpGt = binary('cmpGt');
export const cmpEq = binary('cmpEq');

/** Native when cond, a and b are float32 of the output's size (no broadcast). */
export const where: WasmKernel<'where'> = (ctx, inputs, out) => {
  const [c, a, b] = inputs as [typeof out, typeof out, typeof out];
  const n = out.size;
  if (a.dtype !== 'float32' || c.dtype !== 'float32' || sizeOf(c.shape) !== n || sizeOf(a.shape) !== n || sizeOf(b.shape) !== n) return false;
  ctx.k.whereF32(addressOf(c), addressOf(a), addressOf(b), addressOf(out), n);
  return true;
};
