/** Matrix products. */
import type { MatMulParams } from '../primitives.js';
import { runPrimitive } from '../run.js';
import type { Tensor } from '../tensor.js';

export function matmul(a: Tensor, b: Tensor, opts: Partial<MatMulParams> = {}): Tensor {
  return runPrimitive('matmul', [a, b], { transA: opts.transA ?? false, transB: opts.transB ?? false });
}

/** int8 x int8 -> int32, the quantized path's GEMM. */
export function matmulInt8(a: Tensor, b: Tensor, opts: Partial<MatMulParams> = {}): Tensor {
  return runPrimitive('matmulInt8', [a, b], { transA: opts.transA ?? false, transB: opts.transB ?? false });
}
