/**
 * f32 GEMM: C = op(A) · op(B)  (or C += ... when `accumulate`), row-major.
 *
 * The structure is the one of Goto & van de Geijn, "Anatomy of
 * High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008) and BLIS
 * (Van Zee & van de Geijn, ACM TOMS 41(3), 2015): a KC x NC block of op(B) is
 * packed into NR-wide column panels, an MC x KC block of op(A) into MR-tall row
 * panels, and a register-blocked micro-kernel multiplies one A panel by one B
 * panel. Transposes are absorbed by the packing, so the micro-kernel only ever
 * sees one layout.
 *
 * Micro-kernel shape MR x NR = 4 x 8: 8 f32x4 accumulators + 2 B vectors + 1
 * broadcast A + 1 product temporary = 12 of the 16 xmm registers V8 has on
 * x64 (it keeps one as scratch); 6 x 8 would need all 16 and spill. Without
 * relaxed SIMD there is no fused multiply-add, so each step is f32x4.mul then
 * f32x4.add. Measured on the 2-core AMD EPYC (Zen 4) dev VM, best of 9
 * interleaved runs (scripts/gemm-probe.mjs reports medians): ~40 GFLOP/s at
 * 256^3 and 1024^3, 35-38 at conv-layer shapes such as 16x1024x144.
 *
 * Block sizes: KC in {128, 256, 384, 512} x MC in {64, 128, 256} all ran within
 * 3% of each other on that VM (32 KiB L1d, 1 MiB L2, 32 MiB L3); KC = 256
 * keeps a KC x NR B micro-panel at 8 KiB in L1 and the MC x KC A block at
 * 128 KiB in L2, the textbook placement for smaller caches.
 */
import { transpose4x4Store } from './transpose';

const GEMM_MR: i32 = 4;
const GEMM_NR: i32 = 8;
const GEMM_KC: i32 = 256;
const GEMM_MC: i32 = 128;
const GEMM_NC: i32 = 2048;

/** A static 4 x 8 tile for the edges of C, where a full tile would overrun. */
const EDGE_TILE: usize = memory.data(GEMM_MR * GEMM_NR * 4, 16);

/** Bytes of scratch `gemmF32` needs for its packed A block. */
export function gemmF32PackABytes(): i32 {
  return GEMM_MC * GEMM_KC * 4;
}

/** Bytes of scratch `gemmF32` needs for its packed B block. */
export function gemmF32PackBBytes(): i32 {
  return GEMM_KC * GEMM_NC * 4;
}

/**
 * Packs op(A)[i0 .. i0+mc, k0 .. k0+kc] into MR-row panels: panel p holds, for
 * each k, the MR values of rows i0 + p*MR .. +MR (zero past row M).
 */
function packA(a: usize, lda: i32, transA: bool, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  for (let p = 0; p < mc; p += GEMM_MR) {
    const rows = min(GEMM_MR, mc - p);
    const panel = dst + <usize>(p * kc) * 4;
    const i = i0 + p;
    if (transA) {
      // A is stored [K, M]: the MR values of one k are contiguous.
      let src = a + (<usize>k0 * lda + i) * 4;
      const step = <usize>lda * 4;
      if (rows == GEMM_MR) {
        for (let k = 0; k < kc; k++) {
          v128.store(panel + <usize>k * 16, v128.load(src));
          src += step;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const out = panel + <usize>k * 16;
          for (let r = 0; r < GEMM_MR; r++) {
            store<f32>(out + <usize>r * 4, r < rows ? load<f32>(src + <usize>r * 4) : 0);
          }
          src += step;
        }
      }
    } else {
      // A is stored [M, K]: each row is contiguous in k; transpose 4 x 4 blocks.
      const r0 = a + (<usize>i * lda + k0) * 4;
      const ld = <usize>lda * 4;
      if (rows == GEMM_MR) {
        let k = 0;
        for (; k + 4 <= kc; k += 4) {
          const off = <usize>k * 4;
          transpose4x4Store(
            v128.load(r0 + off), v128.load(r0 + ld + off),
            v128.load(r0 + 2 * ld + off), v128.load(r0 + 3 * ld + off),
            panel + <usize>k * 16, 16,
          );
        }
        for (; k < kc; k++) {
          const out = panel + <usize>k * 16;
          const off = <usize>k * 4;
          store<f32>(out, load<f32>(r0 + off));
          store<f32>(out, load<f32>(r0 + ld + off), 4);
          store<f32>(out, load<f32>(r0 + 2 * ld + off), 8);
          store<f32>(out, load<f32>(r0 + 3 * ld + off), 12);
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const out = panel + <usize>k * 16;
          for (let r = 0; r < GEMM_MR; r++) {
            store<f32>(out + <usize>r * 4, r < rows ? load<f32>(r0 + <usize>r * ld + <usize>k * 4) : 0);
          }
        }
      }
    }
  }
}

/**
 * Packs op(B)[k0 .. k0+kc, j0 .. j0+nc] into NR-column panels: panel q holds,
 * for each k, the NR values of columns j0 + q*NR .. +NR (zero past column N).
 */
function packB(b: usize, ldb: i32, transB: bool, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  if (transB) packBTransposed(b, ldb, k0, kc, j0, nc, dst);
  else packBRows(b, ldb, k0, kc, j0, nc, dst);
}

/**
 * B stored [K, N]: the NR values of one k are contiguous. Four panels (128
 * bytes, two cache lines of a row) are copied per pass over k: one panel at a
 * time reads 32 bytes per row at a row stride that is often a multiple of
 * 4 KiB, which thrashes L1 sets (measured 29 vs 36.5 GFLOP/s at 16x1024x144,
 * best of 9 interleaved runs).
 */
function packBRows(b: usize, ldb: i32, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const step = <usize>ldb * 4;
  const panelBytes = <usize>kc * GEMM_NR * 4;
  let q = 0;
  for (; q + 4 * GEMM_NR <= nc; q += 4 * GEMM_NR) {
    let src = b + (<usize>k0 * ldb + j0 + q) * 4;
    let out = dst + <usize>(q * kc) * 4;
    for (let k = 0; k < kc; k++) {
      v128.store(out, v128.load(src));
      v128.store(out, v128.load(src, 16), 16);
      v128.store(out + panelBytes, v128.load(src, 32));
      v128.store(out + panelBytes, v128.load(src, 48), 16);
      v128.store(out + 2 * panelBytes, v128.load(src, 64));
      v128.store(out + 2 * panelBytes, v128.load(src, 80), 16);
      v128.store(out + 3 * panelBytes, v128.load(src, 96));
      v128.store(out + 3 * panelBytes, v128.load(src, 112), 16);
      src += step;
      out += GEMM_NR * 4;
    }
  }
  for (; q < nc; q += GEMM_NR) {
    const cols = min(GEMM_NR, nc - q);
    const panel = dst + <usize>(q * kc) * 4;
    let src = b + (<usize>k0 * ldb + j0 + q) * 4;
    if (cols == GEMM_NR) {
      for (let k = 0; k < kc; k++) {
        const out = panel + <usize>k * 32;
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        src += step;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const out = panel + <usize>k * 32;
        for (let c = 0; c < GEMM_NR; c++) {
          store<f32>(out + <usize>c * 4, c < cols ? load<f32>(src + <usize>c * 4) : 0);
        }
        src += step;
      }
    }
  }
}

/** B stored [N, K]: each column of op(B) is a contiguous row; 4 x 4 transposes. */
function packBTransposed(b: usize, ldb: i32, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const ld = <usize>ldb * 4;
  for (let q = 0; q < nc; q += GEMM_NR) {
    const cols = min(GEMM_NR, nc - q);
    const panel = dst + <usize>(q * kc) * 4;
    const r0 = b + (<usize>(j0 + q) * ldb + k0) * 4;
    if (cols == GEMM_NR) {
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const off = <usize>k * 4;
        const out = panel + <usize>k * 32;
        transpose4x4Store(
          v128.load(r0 + off), v128.load(r0 + ld + off),
          v128.load(r0 + 2 * ld + off), v128.load(r0 + 3 * ld + off),
          out, 32,
        );
        const r4 = r0 + 4 * ld;
        transpose4x4Store(
          v128.load(r4 + off), v128.load(r4 + ld + off),
          v128.load(r4 + 2 * ld + off), v128.load(r4 + 3 * ld + off),
          out + 16, 32,
        );
      }
      for (; k < kc; k++) {
        const out = panel + <usize>k * 32;
        for (let c = 0; c < GEMM_NR; c++) store<f32>(out + <usize>c * 4, load<f32>(r0 + <usize>c * ld + <usize>k * 4));
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const out = panel + <usize>k * 32;
        for (let c = 0; c < GEMM_NR; c++) {
          store<f32>(out + <usize>c * 4, c < cols ? load<f32>(r0 + <usize>c * ld + <usize>k * 4) : 0);
        }
      }
    }
  }
}

/**
 * The 4 x 8 micro-kernel: acc = Apanel · Bpanel over kc steps, then
 * C[0..4, 0..8] = acc (+ C when `accumulate`). `c` is a row pointer with row
 * stride `ldc` bytes.
 */
// @ts-ignore: decorator
@inline
function micro4x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16;
    bp += GEMM_NR * 4;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc));
    c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc));
    c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc));
    c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/** Multiplies the packed blocks into C[i0.., j0..] (mc x nc), tile by tile. */
function macroKernel(
  mc: i32, nc: i32, kc: i32, pa: usize, pb: usize,
  c: usize, ldc: i32, i0: i32, j0: i32, accumulate: bool,
): void {
  const ldcBytes = <usize>ldc * 4;
  for (let q = 0; q < nc; q += GEMM_NR) {
    const cols = min(GEMM_NR, nc - q);
    const bp = pb + <usize>(q * kc) * 4;
    for (let p = 0; p < mc; p += GEMM_MR) {
      const rows = min(GEMM_MR, mc - p);
      const ap = pa + <usize>(p * kc) * 4;
      const cp = c + (<usize>(i0 + p) * ldc + <usize>(j0 + q)) * 4;
      if (rows == GEMM_MR && cols == GEMM_NR) {
        micro4x8(kc, ap, bp, cp, ldcBytes, accumulate);
      } else {
        micro4x8(kc, ap, bp, EDGE_TILE, GEMM_NR * 4, false);
        for (let r = 0; r < rows; r++) {
          const crow = cp + <usize>r * ldcBytes;
          const trow = EDGE_TILE + <usize>(r * GEMM_NR) * 4;
          for (let s = 0; s < cols; s++) {
            const v = load<f32>(trow + <usize>s * 4);
            const dst = crow + <usize>s * 4;
            store<f32>(dst, accumulate ? load<f32>(dst) + v : v);
          }
        }
      }
    }
  }
}

/**
 * C[M, N] (=|+=) op(A)[M, K] · op(B)[K, N]. Pointers are byte offsets; leading
 * dimensions are in elements and refer to the stored (untransposed) layout:
 * A is [M, lda] or, when `transA`, [K, lda]; likewise B. `packA`/`packB` are
 * scratch of gemmF32PackABytes()/gemmF32PackBBytes() bytes, 16-byte aligned.
 */
export function gemmF32(
  M: i32, N: i32, K: i32,
  a: usize, lda: i32, transA: bool,
  b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32, accumulate: bool,
  packABuf: usize, packBBuf: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate) {
      for (let i = 0; i < M; i++) memory.fill(c + <usize>i * ldc * 4, 0, <usize>N * 4);
    }
    return;
  }
  for (let jc = 0; jc < N; jc += GEMM_NC) {
    const nc = min(GEMM_NC, N - jc);
    for (let pc = 0; pc < K; pc += GEMM_KC) {
      const kc = min(GEMM_KC, K - pc);
      packB(b, ldb, transB, pc, kc, jc, nc, packBBuf);
      const acc = accumulate || pc > 0;
      for (let ic = 0; ic < M; ic += GEMM_MC) {
        const mc = min(GEMM_MC, M - ic);
        packA(a, lda, transA, ic, mc, pc, kc, packABuf);
        macroKernel(mc, nc, kc, packABuf, packBBuf, c, ldc, ic, jc, acc);
      }
    }
  }
}
