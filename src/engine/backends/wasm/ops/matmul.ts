/**
 * matmul (float32) and matmulInt8 on the packed SIMD GEMMs of asm/gemm.ts and
 * asm/gemm_int8.ts. Shapes follow the shape rule: a [B?, M, K], b [B?, K, N]
 * after the transposes, a batch of 1 or a 2-D operand broadcasting.
 */
import type { KernelTensor } from '../../../backend.js';
import { addressOf, type WasmKernel, type WasmKernelContext } from '../context.js';

interface Operand {
  /** Logical rows and columns after the transpose flag. */
  rows: number;
  cols: number;
  /** Leading dimension of the stored matrix (its last dim). */
  ld: number;
  /** Bytes between consecutive batch matrices; 0 when broadcast. */
  batchBytes: number;
}

function operand(t: KernelTensor, trans: boolean, elemBytes: number): Operand {
  const r = t.shape.length;
  const sr = t.shape[r - 2]!, sc = t.shape[r - 1]!;
  const batched = r === 3 && t.shape[0] !== 1;
  return {
    rows: trans ? sc : sr,
    cols: trans ? sr : sc,
    ld: sc,
    batchBytes: batched ? sr * sc * elemBytes : 0,
  };
}

/** The packing scratch, shared by the f32 and int8 GEMMs (sized for the larger of each). */
export function packBuffers(ctx: WasmKernelContext): { packA: number; packB: number } {
  const { k, scratch } = ctx;
  return {
    packA: scratch.get('gemmPackA', Math.max(k.gemmF32PackABytes(), k.gemmI8PackABytes())),
    packB: scratch.get('gemmPackB', Math.max(k.gemmF32PackBBytes(), k.gemmI8PackBBytes())),
  };
}

/** f32 C = op(A)·op(B) through the packed GEMM; `accumulate` adds into C. */
export function gemmF32(
  ctx: WasmKernelContext,
  M: number, N: number, K: number,
  a: number, lda: number, transA: boolean,
  b: number, ldb: number, transB: boolean,
  c: number, ldc: number, accumulate: boolean,
): void {
  const { packA, packB } = packBuffers(ctx);
  ctx.k.gemmF32(M, N, K, a, lda, transA ? 1 : 0, b, ldb, transB ? 1 : 0, c, ldc, accumulate ? 1 : 0, packA, packB);
}

/** int32 C[M, N] (ldc) = int8 op(A)[M, K] · op(B)[K, N] through the packed int8 GEMM. */
export function gemmI8(
  ctx: WasmKernelContext,
  M: number, N: number, K: number,
  a: number, lda: number, transA: boolean,
  b: number, ldb: number, transB: boolean,
  c: number, ldc: number,
): void {
  const { packA, packB } = packBuffers(ctx);
  ctx.k.gemmI8(M, N, K, a, lda, transA ? 1 : 0, b, ldb, transB ? 1 : 0, c, ldc, packA, packB);
}

export const matmul: WasmKernel<'matmul'> = (ctx, inputs, out, p) => {
  const ta = inputs[0]!, tb = inputs[1]!;
  if (ta.dtype !== 'float32') return false;
  const A = operand(ta, p.transA, 4), B = operand(tb, p.transB, 4);
  const M = A.rows, K = A.cols, N = B.cols;
  const batches = out.shape.length === 3 ? out.shape[0]! : 1;
  let a = addressOf(ta), b = addressOf(tb), c = addressOf(out);
  if (batches > 1 && A.batchBytes !== 0 && B.batchBytes === 0 && !p.transA) {
    // [B, M, K] · [K, N]: the batch is just more rows of one GEMM.
    gemmF32(ctx, batches * M, N, K, a, A.ld, false, b, B.ld, p.transB, c, N, false);
    return true;
  }
  for (let t = 0; t < batches; t++) {
    gemmF32(ctx, M, N, K, a, A.ld, p.transA, b, B.ld, p.transB, c, N, false);
    a += A.batchBytes;
    b += B.batchBytes;
    c += M * N * 4;
  }
  return true;
};

export const matmulInt8: WasmKernel<'matmulInt8'> = (ctx, inputs, out, p) => {
  const ta = inputs[0]!, tb = inputs[1]!;
  if (ta.dtype !== 'int8' || tb.dtype !== 'int8' || ta.shape.length !== 2) return false;
  const A = operand(ta, p.transA, 1), B = operand(tb, p.transB, 1);
  gemmI8(ctx, A.rows, B.cols, A.cols, addressOf(ta), A.ld, p.transA, addressOf(tb), B.ld, p.transB, addressOf(out), B.cols);
  return true;
};
