/**
 * conv2dInt8 forward (int8 NCHW, int32 out) as a GEMM per image and group,
 *   y_g[M, P] = W_g[M, K] · cols[K, P]   (M = Co/g, K = C/g·kh·kw, P = Ho·Wo),
 * where the column matrix is never written: its k-pair panels, the B operand
 * of gemm_int8.ts's micro-kernel, are packed straight from the image. The
 * im2col pass this replaces wrote K·P bytes that the GEMM's packing then read
 * back, widened to int16 and interleaved; on ResNet-8's 16 -> 16 layer
 * (K = 144, P = 1024) it took 44 µs beside the GEMM's 190 µs (2-core Zen 4
 * dev VM, medians of 9 runs of 300 calls).
 *
 * Column j of the matrix is output position (oh, ow) = (j / Wo, j % Wo), row
 * k = (c·kh + i)·kw + jj holds input cell (c, oh·sh − pt + i·dh, ow·sw − pl + jj·dw),
 * padded cells holding `padValue`, the input's zero point (TFLite's quantized
 * Conv pads with the input offset). Padding is made real first: the image is
 * copied into a padded plane (padImageI8), so every tap reads memory and the
 * packer has no bounds checks, exactly the reference kernel's definition
 * (src/engine/backends/reference/conv-int8.ts).
 *
 * A panel is 8 consecutive columns; when they lie in one output row (always,
 * when Wo is a multiple of 8), each row k of the panel is one 8-byte load at
 * stride 1, or the even bytes of one 16-byte load at stride 2 (the ResNet
 * downsampling layers); other panels gather lane by lane through a table of
 * per-column offsets. int32 sums are exact (the shape rule bounds K), so the
 * result equals the reference bit for bit whatever the blocking.
 */
import { I8_KC, I8_MC, I8_NC, I8_NR, macroI8, packA8 } from './gemm_int8';

/** Per-lane input offsets (from the padded plane's origin) of a panel's 8 columns, for the gathering path. */
const LANE_OFFSETS: usize = memory.data(I8_NR * 4, 16);
/** The gathered int16 lanes of one panel row. */
const LANE_VALUES: usize = memory.data(I8_NR * 2, 16);
/** 16 zero bytes: the missing partner row of an odd K block's last row. */
const ZEROS: usize = memory.data(16, 16);

/**
 * dst[0..n) = src[0..n) for bytes (non-overlapping). Rows here are short
 * (W bytes, often 8 to 34), so the tail is one more full-width copy that
 * ends at n and overlaps bytes already written (with the same values)
 * rather than a byte loop.
 */
// @ts-ignore: decorator
@inline
function copyI8(dst: usize, src: usize, n: i32): void {
  if (n >= 16) {
    let i = 0;
    for (; i + 16 <= n; i += 16) v128.store(dst + <usize>i, v128.load(src + <usize>i));
    if (i < n) v128.store(dst + <usize>(n - 16), v128.load(src + <usize>(n - 16)));
  } else if (n >= 8) {
    store<u64>(dst, load<u64>(src));
    store<u64>(dst + <usize>(n - 8), load<u64>(src + <usize>(n - 8)));
  } else if (n >= 4) {
    store<u32>(dst, load<u32>(src));
    store<u32>(dst + <usize>(n - 4), load<u32>(src + <usize>(n - 4)));
  } else {
    for (let i = 0; i < n; i++) store<i8>(dst + <usize>i, load<i8>(src + <usize>i));
  }
}

/**
 * dst[C, H + pt + pb, W + pl + pr] = x[C, H, W] surrounded by padValue.
 * Pointers are byte offsets.
 */
function padImageI8(x: usize, C: i32, H: i32, W: i32, pt: i32, pl: i32, pb: i32, pr: i32, padValue: i32, dst: usize): void {
  const Wp = W + pl + pr, Hp = H + pt + pb;
  const plane = <usize>(Hp * Wp);
  // Every cell to padValue (16 at a time, the tail as one overlapping store), then the image rows over it.
  const total = <i32>plane * C;
  const pad = i8x16.splat(<i8>padValue);
  let i = 0;
  for (; i + 16 <= total; i += 16) v128.store(dst + <usize>i, pad);
  if (total >= 16) v128.store(dst + <usize>(total - 16), pad);
  else for (; i < total; i++) store<i8>(dst + <usize>i, <i8>padValue);
  for (let c = 0; c < C; c++) {
    const d = dst + <usize>c * plane + <usize>(pt * Wp + pl);
    const s = x + <usize>(c * H * W);
    for (let h = 0; h < H; h++) copyI8(d + <usize>(h * Wp), s + <usize>(h * W), W);
  }
}

/** Per k of the current K block: the offset of its tap from a window's origin in the padded image. */
const TAP_OFFSETS: usize = memory.data(I8_KC * 4, 16);

/**
 * Two panel rows, 8 int8 values each at lo[0..8) and hi[0..8) (stride 1),
 * as the 8 k-pair words [lo_j | hi_j << 16] of gemm_int8.ts's B layout:
 * the bytes interleaved (punpcklbw), then sign-extended to int16 halves.
 */
// @ts-ignore: decorator
@inline
function storePairsStride1(out: usize, lo: usize, hi: usize): void {
  const v = i8x16.shuffle(v128.load64_zero(lo), v128.load64_zero(hi), 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  v128.store(out, i16x8.extend_low_i8x16_s(v));
  v128.store(out, i16x8.extend_high_i8x16_s(v), 16);
}

/** As storePairsStride1 for stride 2: the even bytes of one 16-byte load per row. */
// @ts-ignore: decorator
@inline
function storePairsStride2(out: usize, lo: usize, hi: usize): void {
  const v = i8x16.shuffle(v128.load(lo), v128.load(hi), 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
  v128.store(out, i16x8.extend_low_i8x16_s(v));
  v128.store(out, i16x8.extend_high_i8x16_s(v), 16);
}

/** The int8 values at base + LANE_OFFSETS[l] for the first `lanes` lanes (0 beyond), widened to int16. */
// @ts-ignore: decorator
@inline
function gathered(base: usize, lanes: i32): v128 {
  for (let l = 0; l < I8_NR; l++) {
    const v: i32 = l < lanes ? <i32>load<i8>(base + <usize>load<i32>(LANE_OFFSETS + <usize>l * 4)) : 0;
    store<i16>(LANE_VALUES + <usize>l * 2, <i16>v);
  }
  return v128.load(LANE_VALUES);
}

/** Two panel rows as int16 lanes, interleaved into the 8 k-pair words [lo_j | hi_j << 16]. */
// @ts-ignore: decorator
@inline
function storePairs(out: usize, lo: v128, hi: v128): void {
  v128.store(out, v128.shuffle<i16>(lo, hi, 0, 8, 1, 9, 2, 10, 3, 11));
  v128.store(out, v128.shuffle<i16>(lo, hi, 4, 12, 5, 13, 6, 14, 7, 15), 16);
}

/** Fills TAP_OFFSETS[0..kc) for rows k0 .. k0+kc: row k = (c·kh + i)·kw + jj reads c·Hp·Wp + i·dh·Wp + jj·dw. */
function tapOffsets(Hp: i32, Wp: i32, kh: i32, kw: i32, dh: i32, dw: i32, k0: i32, kc: i32): void {
  const taps = kh * kw;
  for (let q = 0; q < kc; q++) {
    const k = k0 + q;
    const c = k / taps, r = k - c * taps;
    const i = r / kw, jj = r - i * kw;
    store<i32>(TAP_OFFSETS + <usize>q * 4, c * Hp * Wp + i * dh * Wp + jj * dw);
  }
}

/**
 * Packs rows k0 .. k0+kc and columns j0 .. j0+nc of the column matrix of the
 * padded image xp [Cg, Hp, Wp] (ending at `end`) into gemm_int8.ts's B
 * layout: per 8-column panel and k pair, 8 words [b(2p, j) | b(2p+1, j) << 16];
 * k past kc and columns past nc are zero. TAP_OFFSETS must hold rows k0 ..
 * k0+kc (tapOffsets).
 */
function packColumnsI8(xp: usize, end: usize, Wp: i32, sh: i32, sw: i32, Wo: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const pairs = kc >> 1, odd = kc & 1;
  const panelBytes = <usize>(pairs + odd) * 32;
  // The farthest tap: a stride-2 panel row loads 16 bytes from there.
  const lastTap = <usize>load<i32>(TAP_OFFSETS + <usize>(kc - 1) * 4);
  for (let t = 0; t < nc; t += I8_NR) {
    const lanes = min(I8_NR, nc - t);
    const panel = dst + <usize>(t / I8_NR) * panelBytes;
    const j = j0 + t;
    const oh = j / Wo, ow = j - oh * Wo;
    const origin = xp + <usize>(oh * sh * Wp + ow * sw);
    const oneRow = lanes == I8_NR && ow + I8_NR <= Wo;
    const stride1 = oneRow && sw == 1;
    const stride2 = oneRow && sw == 2 && origin + lastTap + 16 <= end;
    // The last row of an odd K block pairs with zeros (the packed A block is zero there too).
    const lastOut = panel + <usize>pairs * 32, lastTapOffset = <usize>load<i32>(TAP_OFFSETS + <usize>pairs * 8);
    if (stride1) {
      for (let q = 0; q < pairs; q++) {
        const taps = TAP_OFFSETS + <usize>q * 8;
        storePairsStride1(panel + <usize>q * 32, origin + <usize>load<i32>(taps), origin + <usize>load<i32>(taps, 4));
      }
      if (odd) storePairsStride1(lastOut, origin + lastTapOffset, ZEROS);
    } else if (stride2) {
      for (let q = 0; q < pairs; q++) {
        const taps = TAP_OFFSETS + <usize>q * 8;
        storePairsStride2(panel + <usize>q * 32, origin + <usize>load<i32>(taps), origin + <usize>load<i32>(taps, 4));
      }
      if (odd) storePairsStride2(lastOut, origin + lastTapOffset, ZEROS);
    } else {
      // Columns of two output rows (Wo not a multiple of 8), the last partial panel, other strides.
      let ohl = oh, owl = ow;
      for (let l = 0; l < lanes; l++) {
        store<i32>(LANE_OFFSETS + <usize>l * 4, ohl * sh * Wp + owl * sw);
        if (++owl == Wo) {
          owl = 0;
          ohl++;
        }
      }
      for (let q = 0; q < pairs; q++) {
        const taps = TAP_OFFSETS + <usize>q * 8;
        storePairs(panel + <usize>q * 32, gathered(xp + <usize>load<i32>(taps), lanes), gathered(xp + <usize>load<i32>(taps, 4), lanes));
      }
      if (odd) storePairs(lastOut, gathered(xp + lastTapOffset, lanes), i16x8.splat(0));
    }
  }
}

/**
 * y[N, Co, Ho, Wo] (int32) = conv2dInt8(x[N, C, H, W], w[Co, C/groups, kh, kw])
 * with padded cells holding padValue. `padded` is scratch of
 * C/groups · (H + pt + pb) · (W + pl + pr) bytes (unused without padding);
 * packA / packB are gemmI8's packing scratch. Pointers are byte offsets.
 */
export function convI8(
  x: usize, w: usize, y: usize, N: i32, C: i32, H: i32, W: i32, Co: i32, groups: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, pb: i32, pr: i32, dh: i32, dw: i32,
  Ho: i32, Wo: i32, padValue: i32, padded: usize, packA: usize, packB: usize,
): void {
  const Cg = C / groups, M = Co / groups, K = Cg * kh * kw, P = Ho * Wo;
  const hasPad = (pt | pl | pb | pr) != 0;
  const Hp = H + pt + pb, Wp = W + pl + pr;
  for (let n = 0; n < N; n++) {
    for (let g = 0; g < groups; g++) {
      let xg = x + <usize>((n * C + g * Cg) * H * W);
      if (hasPad) {
        padImageI8(xg, Cg, H, W, pt, pl, pb, pr, padValue, padded);
        xg = padded;
      }
      const wg = w + <usize>(g * M * K);
      const yg = y + <usize>((n * Co + g * M) * P) * 4;
      for (let jc = 0; jc < P; jc += I8_NC) {
        const nc = min(I8_NC, P - jc);
        for (let pc = 0; pc < K; pc += I8_KC) {
          const kc = min(I8_KC, K - pc);
          tapOffsets(Hp, Wp, kh, kw, dh, dw, pc, kc);
          packColumnsI8(xg, xg + <usize>(Cg * Hp * Wp), Wp, sh, sw, Wo, kc, jc, nc, packB);
          for (let ic = 0; ic < M; ic += I8_MC) {
            const mc = min(I8_MC, M - ic);
            packA8(wg, K, false, ic, mc, pc, kc, K, packA);
            macroI8(mc, nc, (kc + 1) >> 1, packA, packB, yg, P, ic, jc, pc > 0);
          }
        }
      }
    }
  }
}
