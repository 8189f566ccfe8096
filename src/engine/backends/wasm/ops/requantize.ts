/**
 * requantize through asm/requantize.ts (exact i64 fixed-point arithmetic in
 * either rounding mode, bit-identical to the reference kernel on
 * fixed-point.ts). The per-tensor
 * or per-channel multipliers and shifts are written, one (multiplier,
 * shift) pair per channel, into a scratch block the kernel reads.
 */
import { addressOf, type WasmKernel } from '../context.js';

/**
 * The [outer, C, inner] view the kernel walks (it vectorises along inner).
 * Without a bias or per-channel parameters the channel axis is irrelevant,
 * so the whole tensor is one channel and one long vector loop.
 */
function layout(shape: readonly number[], size: number, axis: number, uniform: boolean): { outer: number; C: number; inner: number } {
  if (uniform) return { outer: 1, C: 1, inner: size };
  const C = shape[axis]!;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  return { outer: size / (C * inner), C, inner };
}

export const requantize: WasmKernel<'requantize'> = (ctx, inputs, out, p) => {
  const acc = inputs[0]!, bias = inputs[1];
  if (acc.size === 0) return true;
  const { outer, C, inner } = layout(acc.shape, acc.size, p.axis, bias === undefined && p.multiplier.length === 1 && p.shift.length === 1);
  // Scratch first: allocating may grow (and move) the memory the view below looks at.
  const params = ctx.scratch.get('requantizeParams', C * 8);
  const table = new Int32Array(ctx.memory.buffer, params, 2 * C);
  for (let c = 0; c < C; c++) {
    table[2 * c] = p.multiplier[p.multiplier.length === 1 ? 0 : c]!;
    table[2 * c + 1] = p.shift[p.shift.length === 1 ? 0 : c]!;
  }
  ctx.k.requantizeI32(
    addressOf(acc), bias === undefined ? 0 : addressOf(bias), bias === undefined ? 0 : 1, params,
    outer, C, inner, p.zeroPoint, p.min, p.max, p.outDtype === 'int8' ? 1 : 4, addressOf(out),
    p.rounding === 'single' ? 1 : 0,
  );
  return true;
};
