/**
 * Matrix products. One strided GEMM serves every case: transposes are
 * strides, a broadcast batch has batch stride 0, and int8 x int8 -> int32 is
 * the same loop on Int8Array inputs.
 *
 * Accumulation is in float64 into one output row at a time (i-k-j order, so
 * the inner loop walks b and the accumulator contiguously when b is not
 * transposed). For int8 this is exact: |products| <= 2^14, so sums stay
 * exact below 2^53 (K < 2^39), and the Int32Array store wraps modulo 2^32
 * exactly like a 32-bit integer accumulator.
 */
import type { ArrayKernel, ArrayTensor } from '../../backend.js';
import type { MatMulParams } from '../../primitives.js';
import type { TypedArray } from '../../dtype.js';

interface Operand {
  readonly data: TypedArray;
  /** Element offset of batch 0. */
  readonly batchStride: number;
  /** Stride along the row index of the logical (post-transpose) matrix. */
  readonly rowStride: number;
  /** Stride along the column index of the logical matrix. */
  readonly colStride: number;
}

/** Logical [rows, cols] of an operand and its strides, from its stored shape and transpose flag. */
function operand(x: ArrayTensor, trans: boolean): { rows: number; cols: number; op: Operand } {
  const r = x.shape.length;
  const sr = x.shape[r - 2]!, sc = x.shape[r - 1]!;
  const batched = r === 3 && x.shape[0] !== 1;
  const op = {
    data: x.data,
    batchStride: batched ? sr * sc : 0,
    rowStride: trans ? 1 : sc,
    colStride: trans ? sc : 1,
  };
  return trans ? { rows: sc, cols: sr, op } : { rows: sr, cols: sc, op };
}

function gemm(inputs: readonly ArrayTensor[], out: ArrayTensor, p: MatMulParams): void {
  const A = operand(inputs[0]!, p.transA), B = operand(inputs[1]!, p.transB);
  const M = A.rows, K = A.cols, N = B.cols;
  const batches = out.shape.length === 3 ? out.shape[0]! : 1;
  const a = A.op.data, b = B.op.data, o = out.data;
  const ar = A.op.rowStride, ac = A.op.colStride, br = B.op.rowStride, bc = B.op.colStride;
  const acc = new Float64Array(N);
  for (let t = 0; t < batches; t++) {
    const aBase = t * A.op.batchStride, bBase = t * B.op.batchStride, oBase = t * M * N;
    for (let m = 0; m < M; m++) {
      acc.fill(0);
      for (let k = 0; k < K; k++) {
        // No skip of zero a(m,k): 0 * Inf must still give NaN.
        const av = a[aBase + m * ar + k * ac]!;
        const bRow = bBase + k * br;
        for (let n = 0; n < N; n++) acc[n]! += av * b[bRow + n * bc]!;
      }
      const oRow = oBase + m * N;
      for (let n = 0; n < N; n++) o[oRow + n] = acc[n]!;
    }
  }
}

export const matmul: ArrayKernel<'matmul'> = gemm;
export const matmulInt8: ArrayKernel<'matmulInt8'> = gemm;
