/**
 * int8 x int8 -> int32 GEMM: C[M, N] = op(A)[M, K] · op(B)[K, N], row-major,
 * with int32 wrap-around accumulation.
 *
 * Same blocking as the f32 GEMM (gemm.ts, after Goto & van de Geijn 2008),
 * but the packing sign-extends to int16 and interleaves pairs of k, because
 * `i32x4.dot_i16x8_s` (WebAssembly SIMD spec, "Integer dot product") computes
 * per i32 lane  a[2l]·b[2l] + a[2l+1]·b[2l+1]:
 *  - an A panel holds, per k pair, MR i32 words [a(i, 2p) | a(i, 2p+1) << 16];
 *    `v128.load32_splat` broadcasts one row's word to all four lanes;
 *  - a B panel holds, per k pair, NR words [b(2p, j) | b(2p+1, j) << 16] for
 *    j = j0..j0+NR (two v128 for NR = 8).
 * One dot + one add then does 8 multiply-adds where f32 needs a mul + add for
 * 4, so the micro-kernel's inner loop is pure SIMD with twice the work per
 * instruction. The largest product pair, 2 · (-128)², fits easily in i32.
 *
 * Block sizes: KC counts k (not pairs); a KC x NR B panel is KC/2 * 32 bytes
 * = 8 KiB at KC = 512, sized for L1 like the f32 kernel's.
 */
import { transpose4x4Store } from './transpose';

const I8_MR: i32 = 4;
export const I8_NR: i32 = 8;
export const I8_KC: i32 = 512;
export const I8_MC: i32 = 128;
export const I8_NC: i32 = 2048;

const I8_EDGE_TILE: usize = memory.data(I8_MR * I8_NR * 4, 16);

/** Bytes of scratch `gemmI8` needs for its packed A block. */
export function gemmI8PackABytes(): i32 {
  return I8_MC * I8_KC * 2;
}

/** Bytes of scratch `gemmI8` needs for its packed B block. */
export function gemmI8PackBBytes(): i32 {
  return I8_KC * I8_NC * 2;
}

// @ts-ignore: decorator
@inline
function pair(lo: i32, hi: i32): i32 {
  return (lo & 0xffff) | (hi << 16);
}

/** op(X)[r, k] for a matrix stored [R, ld] (or [K, ld] when transposed); 0 past k = K. */
// @ts-ignore: decorator
@inline
function at(x: usize, ld: i32, trans: bool, r: i32, k: i32, K: i32): i32 {
  if (k >= K) return 0;
  return <i32>load<i8>(x + (trans ? <usize>k * ld + r : <usize>r * ld + k));
}

/**
 * Packs op(A)[i0.., k0..] (mc x kc) into MR-row panels of k-pair words; rows
 * past `mc` and k past `K` are zero.
 */
export function packA8(a: usize, lda: i32, transA: bool, i0: i32, mc: i32, k0: i32, kc: i32, K: i32, dst: usize): void {
  const pairs = (kc + 1) >> 1;
  for (let p = 0; p < mc; p += I8_MR) {
    const rows = min(I8_MR, mc - p);
    const panel = dst + <usize>(p * pairs) * 4;
    const i = i0 + p;
    let q = 0;
    if (!transA && rows == I8_MR) {
      // Rows contiguous in k: 8 bytes -> 4 pair words per row, then a 4 x 4 word transpose.
      const ld = <usize>lda;
      const r0 = a + <usize>i * ld + k0;
      for (; 2 * q + 8 <= kc; q += 4) {
        const off = <usize>(2 * q);
        transpose4x4Store(
          v128.load8x8_s(r0 + off), v128.load8x8_s(r0 + ld + off),
          v128.load8x8_s(r0 + 2 * ld + off), v128.load8x8_s(r0 + 3 * ld + off),
          panel + <usize>q * 16, 16,
        );
      }
    }
    for (; q < pairs; q++) {
      const out = panel + <usize>q * 16;
      const k = k0 + 2 * q;
      for (let r = 0; r < I8_MR; r++) {
        const w = r < rows ? pair(at(a, lda, transA, i + r, k, K), at(a, lda, transA, i + r, k + 1, K)) : 0;
        store<i32>(out + <usize>r * 4, w);
      }
    }
  }
}

/**
 * Packs op(B)[k0.., j0..] (kc x nc) into NR-column panels of k-pair words;
 * columns past `nc` and k past `K` are zero.
 */
function packB8(b: usize, ldb: i32, transB: bool, k0: i32, kc: i32, K: i32, j0: i32, nc: i32, dst: usize): void {
  const pairs = (kc + 1) >> 1;
  for (let t = 0; t < nc; t += I8_NR) {
    const cols = min(I8_NR, nc - t);
    const panel = dst + <usize>(t * pairs) * 4;
    const j = j0 + t;
    let q = 0;
    if (cols == I8_NR) {
      const ld = <usize>ldb;
      if (!transB) {
        // Two rows of 8 columns, sign-extended, interleaved into pair words.
        let src = b + <usize>k0 * ld + j;
        for (; 2 * q + 2 <= kc; q++) {
          const lo = v128.load8x8_s(src);
          const hi = v128.load8x8_s(src + ld);
          const out = panel + <usize>q * 32;
          v128.store(out, v128.shuffle<i16>(lo, hi, 0, 8, 1, 9, 2, 10, 3, 11));
          v128.store(out, v128.shuffle<i16>(lo, hi, 4, 12, 5, 13, 6, 14, 7, 15), 16);
          src += 2 * ld;
        }
      } else {
        // Columns of op(B) are rows of B: as packA8, two 4 x 4 word transposes.
        const r0 = b + <usize>j * ld + k0;
        const r4 = r0 + 4 * ld;
        for (; 2 * q + 8 <= kc; q += 4) {
          const off = <usize>(2 * q);
          const out = panel + <usize>q * 32;
          transpose4x4Store(
            v128.load8x8_s(r0 + off), v128.load8x8_s(r0 + ld + off),
            v128.load8x8_s(r0 + 2 * ld + off), v128.load8x8_s(r0 + 3 * ld + off),
            out, 32,
          );
          transpose4x4Store(
            v128.load8x8_s(r4 + off), v128.load8x8_s(r4 + ld + off),
            v128.load8x8_s(r4 + 2 * ld + off), v128.load8x8_s(r4 + 3 * ld + off),
            out + 16, 32,
          );
        }
      }
    }
    for (; q < pairs; q++) {
      const out = panel + <usize>q * 32;
      const k = k0 + 2 * q;
      for (let c = 0; c < I8_NR; c++) {
        // op(B)[k, j] is B[j, k] when transposed: swap the roles in `at`.
        const w = c < cols ? pair(at(b, ldb, !transB, j + c, k, K), at(b, ldb, !transB, j + c, k + 1, K)) : 0;
        store<i32>(out + <usize>c * 4, w);
      }
    }
  }
}

/** The 4 x 8 micro-kernel over `pairs` k pairs: C[0..4, 0..8] (=|+=) Apanel · Bpanel. */
// @ts-ignore: decorator
@inline
function microI8(pairs: i32, ap: usize, bp: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = i32x4.splat(0), c01 = i32x4.splat(0);
  let c10 = i32x4.splat(0), c11 = i32x4.splat(0);
  let c20 = i32x4.splat(0), c21 = i32x4.splat(0);
  let c30 = i32x4.splat(0), c31 = i32x4.splat(0);
  for (let q = 0; q < pairs; q++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = i32x4.add(c00, i32x4.dot_i16x8_s(a, b0));
    c01 = i32x4.add(c01, i32x4.dot_i16x8_s(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = i32x4.add(c10, i32x4.dot_i16x8_s(a, b0));
    c11 = i32x4.add(c11, i32x4.dot_i16x8_s(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = i32x4.add(c20, i32x4.dot_i16x8_s(a, b0));
    c21 = i32x4.add(c21, i32x4.dot_i16x8_s(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = i32x4.add(c30, i32x4.dot_i16x8_s(a, b0));
    c31 = i32x4.add(c31, i32x4.dot_i16x8_s(a, b1));
    ap += 16;
    bp += 32;
  }
  if (accumulate) {
    c00 = i32x4.add(c00, v128.load(c));
    c01 = i32x4.add(c01, v128.load(c, 16));
    c10 = i32x4.add(c10, v128.load(c + ldc));
    c11 = i32x4.add(c11, v128.load(c + ldc, 16));
    c20 = i32x4.add(c20, v128.load(c + 2 * ldc));
    c21 = i32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = i32x4.add(c30, v128.load(c + 3 * ldc));
    c31 = i32x4.add(c31, v128.load(c + 3 * ldc, 16));
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

/**
 * C[i0.., j0..] (=|+=) the packed A block (mc x kc) times the packed B block
 * (kc x nc), tile by tile; B panels outer so each stays in L1 across the A
 * panels. Shared with the convolution driver of conv_int8.ts, whose B block
 * is packed straight from the image.
 */
export function macroI8(
  mc: i32, nc: i32, pairs: i32, pa: usize, pb: usize,
  c: usize, ldc: i32, i0: i32, j0: i32, accumulate: bool,
): void {
  const ldcBytes = <usize>ldc * 4;
  for (let t = 0; t < nc; t += I8_NR) {
    const cols = min(I8_NR, nc - t);
    const bp = pb + <usize>(t * pairs) * 4;
    for (let p = 0; p < mc; p += I8_MR) {
      const rows = min(I8_MR, mc - p);
      const ap = pa + <usize>(p * pairs) * 4;
      const cp = c + (<usize>(i0 + p) * ldc + <usize>(j0 + t)) * 4;
      if (rows == I8_MR && cols == I8_NR) {
        microI8(pairs, ap, bp, cp, ldcBytes, accumulate);
      } else {
        microI8(pairs, ap, bp, I8_EDGE_TILE, I8_NR * 4, false);
        for (let r = 0; r < rows; r++) {
          const crow = cp + <usize>r * ldcBytes;
          const trow = I8_EDGE_TILE + <usize>(r * I8_NR) * 4;
          for (let s = 0; s < cols; s++) {
            const v = load<i32>(trow + <usize>s * 4);
            const dst = crow + <usize>s * 4;
            store<i32>(dst, accumulate ? load<i32>(dst) + v : v);
          }
        }
      }
    }
  }
}

/**
 * C[M, N] = op(A)[M, K] · op(B)[K, N] for int8 A, B and int32 C. Pointers are
 * byte offsets; leading dimensions are in elements of the stored layout (see
 * gemmF32). `packA`/`packB` are scratch of gemmI8PackABytes()/
 * gemmI8PackBBytes() bytes, 16-byte aligned.
 */
export function gemmI8(
  M: i32, N: i32, K: i32,
  a: usize, lda: i32, transA: bool,
  b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32,
  packABuf: usize, packBBuf: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    for (let i = 0; i < M; i++) memory.fill(c + <usize>i * ldc * 4, 0, <usize>N * 4);
    return;
  }
  for (let jc = 0; jc < N; jc += I8_NC) {
    const nc = min(I8_NC, N - jc);
    for (let pc = 0; pc < K; pc += I8_KC) {
      const kc = min(I8_KC, K - pc);
      const pairs = (kc + 1) >> 1;
      packB8(b, ldb, transB, pc, kc, K, jc, nc, packBBuf);
      for (let ic = 0; ic < M; ic += I8_MC) {
        const mc = min(I8_MC, M - ic);
        packA8(a, lda, transA, ic, mc, pc, kc, K, packABuf);
        macroI8(mc, nc, pairs, packABuf, packBBuf, c, ldc, ic, jc, pc > 0);
      }
    }
  }
}
