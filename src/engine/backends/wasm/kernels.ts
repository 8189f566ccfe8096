/**
 * The WebAssembly kernel table: for every primitive either a native kernel
 * or 'reference', meaning the reference kernel runs on typed-array views of
 * the wasm memory (no copies). Every primitive is listed explicitly, so a new
 * primitive does not compile until someone decides which it is here.
 *
 * Native kernels return `false` for cases they do not cover, which also runs
 * the reference kernel in place:
 * - float64 everywhere (the gradient-check dtype) except the movement
 *   primitives, which move raw words of any dtype;
 * - int32 elementwise other than add/sub/mul, reductions and pools (float-only math);
 * - binary broadcasts needing more than 4 merged axes, movement boxes needing
 *   more than 6, reductions alternating kept/reduced axes more than K-R-K or
 *   R-K-R, and `where` with broadcasting or a non-float32 condition.
 *
 * The integer-only primitives (conv2dInt8, requantize) are native for every
 * case; depthwise conv2dInt8 runs a direct kernel, other grouped ones one
 * small GEMM per group. int32 add, sub and mul are native (wrapping as the
 * reference does); they carry the integer path's residual adds.
 */
import type { Primitive } from '../../primitives.js';
import type { WasmKernel } from './context.js';
import { add, cmpEq, cmpGt, div, maximum, mul, sub, where } from './ops/binary.js';
import { conv2d, conv2dBackFilter, conv2dBackInput } from './ops/conv.js';
import { conv2dInt8 } from './ops/conv-int8.js';
import { requantize } from './ops/requantize.js';
import { matmul, matmulInt8 } from './ops/matmul.js';
import { cast, concat, expand, pad, permute, reshape, slice } from './ops/movement.js';
import { avgPool2d, avgPool2dGrad, maxPool2d, maxPool2dGrad } from './ops/pool.js';
import { argmax, max, sum } from './ops/reduce.js';
import { abs, clip, round, erf, exp, log, neg, relu, sigmoid, sqrt, tanh } from './ops/unary.js';

export type WasmKernelTable = { readonly [P in Primitive]: WasmKernel<P> | 'reference' };

export const wasmKernels: WasmKernelTable = {
  neg, exp, log, sqrt, abs, tanh, sigmoid, erf, relu, round, clip,
  add, sub, mul, div, maximum, cmpGt, cmpEq, where,
  sum, max, argmax,
  reshape, permute, expand, slice, pad, concat, cast,
  matmul, matmulInt8, conv2dInt8, requantize,
  conv2d, conv2dBackInput, conv2dBackFilter,
  maxPool2d, maxPool2dGrad, avgPool2d, avgPool2dGrad,
};

/** Primitives that have a native kernel (for reports and tests). */
export function nativePrimitives(): Primitive[] {
  return (Object.keys(wasmKernels) as Primitive[]).filter((p) => wasmKernels[p] !== 'reference');
}
