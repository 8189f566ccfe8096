/** Elementwise unary primitives (float32) on asm/unary.ts. */
import type { UnaryPrimitive } from '../../../primitives.js';
import { addressOf, type WasmKernel } from '../context.js';

/** Opcodes of asm/unary.ts, which lists them in this order. */
const UNARY_OPCODES: { readonly [P in UnaryPrimitive]: number } = {
  neg: 0, exp: 1, log: 2, sqrt: 3, abs: 4, tanh: 5, sigmoid: 6, erf: 7, relu: 8, clip: 9, round: 10,
};

function unary<P extends UnaryPrimitive>(prim: P): WasmKernel<P> {
  const op = UNARY_OPCODES[prim];
  return (ctx, inputs, out, params) => {
    const x = inputs[0]!;
    if (x.dtype !== 'float32') return false;
    const clip = params as { min?: number; max?: number };
    ctx.k.unaryF32(op, addressOf(x), addressOf(out), out.size, clip.min ?? 0, clip.max ?? 0);
    return true;
  };
}

export const neg = unary('neg');
export const exp = unary('exp');
export const log = unary('log');
export const sqrt = unary('sqrt');
export const abs = unary('abs');
export const tanh = unary('tanh');
export const sigmoid = unary('sigmoid');
export const erf = unary('erf');
export const relu = unary('relu');
export const clip = unary('clip');
export const round = unary('round');
