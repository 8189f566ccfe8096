/**
 * Direct int8 depthwise convolution (groups == C, `mult` = Co / C output
 * channels per input channel; channel co reads input channel co / mult), the
 * int8 counterpart of depthwise.ts. Through im2col + GEMM each group is a
 * one-row GEMM that fills a quarter of the 4 x 8 register tile and pays a
 * packing pass and a call per channel. The quantized models' global average
 * pool is such a convolution (ResNet-8's: 64 channels, an 8 x 8 window,
 * stride 8): ~105 µs per call that way, more than the model's two 1x1
 * convolutions together (~20 µs), and ~9 µs here (2-core Zen 4 dev VM,
 * medians of interleaved runs, machine shared).
 *
 * Padding holds `padValue` (the input's zero point, as in conv_int8.ts), so
 *   y = Σ_taps w_t · x_t = padValue · Σ_t w_t + Σ_{taps inside} w_t · (x_t − padValue):
 * each output starts at padValue · Σ w and only the taps inside the image
 * are visited. int32 addition is exact modulo 2^32 whatever the order, and
 * the shape rule bounds the true sum inside int32, so this equals the
 * reference's sum over the explicitly padded image bit for bit.
 *
 * Two loop orders, picked per call:
 *  - taps outer (depthwise.ts's order): for each tap, the in-bounds run of
 *    an output row gets w_t · (x − padValue), eight outputs per step with
 *    stride 1 (i32x4.extmul of int16 lanes); best for small kernels on
 *    large outputs (MobileNet's 3 x 3);
 *  - outputs outer: each output is a dot product over its window rows, eight
 *    taps per i32x4.dot_i16x8_s; best for wide kernels (kw >= 8) on few
 *    outputs, such as a global pool.
 * Layouts: x [N, C, H, W] int8, w [Co, 1, kh, kw] int8, y [N, Co, Ho, Wo] int32.
 */
import { endInside, firstInside } from './window';

/** Sum of the four i32 lanes. */
// @ts-ignore: decorator
@inline
function hsumI32(v: v128): i32 {
  const s = i32x4.add(v, v128.shuffle<i32>(v, v, 2, 3, 0, 1));
  return i32x4.extract_lane(s, 0) + i32x4.extract_lane(s, 1);
}

/** padValue · Σ w over one channel's kh·kw weights. */
function padTerm(wp: usize, taps: i32, padValue: i32): i32 {
  let s = 0;
  for (let t = 0; t < taps; t++) s += <i32>load<i8>(wp + <usize>t);
  return s * padValue;
}

/** out[0..n) += wt · (src[0..n) − pad) for int8 src and int32 out (stride 1). */
// @ts-ignore: decorator
@inline
function axpyRunI8(out: usize, src: usize, wt: i32, pad: i32, n: i32): void {
  const wv = i16x8.splat(<i16>wt), pv = i16x8.splat(<i16>pad);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    // x − pad is in [-255, 255] and w in [-128, 127]: both fit int16, the product int32.
    const d = i16x8.sub(v128.load8x8_s(src + <usize>i), pv);
    const o = out + <usize>i * 4;
    v128.store(o, i32x4.add(v128.load(o), i32x4.extmul_low_i16x8_s(d, wv)));
    v128.store(o, i32x4.add(v128.load(o, 16), i32x4.extmul_high_i16x8_s(d, wv)), 16);
  }
  for (; i < n; i++) {
    const o = out + <usize>i * 4;
    store<i32>(o, load<i32>(o) + wt * (<i32>load<i8>(src + <usize>i) - pad));
  }
}

/** Σ (x[0..n) − pad) · w[0..n) for int8 x and w (contiguous). */
// @ts-ignore: decorator
@inline
function dotRunI8(x: usize, w: usize, pad: i32, n: i32): i32 {
  const pv = i16x8.splat(<i16>pad);
  let acc = i32x4.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    acc = i32x4.add(acc, i32x4.dot_i16x8_s(i16x8.sub(v128.load8x8_s(x + <usize>i), pv), v128.load8x8_s(w + <usize>i)));
  }
  let s = hsumI32(acc);
  for (; i < n; i++) s += (<i32>load<i8>(x + <usize>i) - pad) * <i32>load<i8>(w + <usize>i);
  return s;
}

/** One channel, taps outer. */
function channelByTaps(
  xp: usize, wp: usize, yp: usize, H: i32, W: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32, Ho: i32, Wo: i32, padValue: i32,
): void {
  const base = padTerm(wp, kh * kw, padValue);
  const start = i32x4.splat(base);
  const P = Ho * Wo;
  let q = 0;
  for (; q + 4 <= P; q += 4) v128.store(yp + <usize>q * 4, start);
  for (; q < P; q++) store<i32>(yp + <usize>q * 4, base);
  for (let i = 0; i < kh; i++) {
    const hOff = i * dh - pt;
    const oh0 = firstInside(hOff, sh), oh1 = endInside(hOff, sh, H, Ho);
    for (let j = 0; j < kw; j++) {
      const wOff = j * dw - pl;
      const ow0 = firstInside(wOff, sw), ow1 = endInside(wOff, sw, W, Wo);
      if (ow1 <= ow0) continue;
      const wt = <i32>load<i8>(wp + <usize>(i * kw + j));
      for (let oh = oh0; oh < oh1; oh++) {
        const out = yp + <usize>(oh * Wo) * 4;
        const src = xp + <usize>((oh * sh + hOff) * W);
        if (sw == 1) {
          axpyRunI8(out + <usize>ow0 * 4, src + <usize>(ow0 + wOff), wt, padValue, ow1 - ow0);
        } else {
          for (let ow = ow0; ow < ow1; ow++) {
            const o = out + <usize>ow * 4;
            store<i32>(o, load<i32>(o) + wt * (<i32>load<i8>(src + <usize>(ow * sw + wOff)) - padValue));
          }
        }
      }
    }
  }
}

/** One channel, outputs outer (dw == 1: each window row is a contiguous run of x and of w). */
function channelByOutputs(
  xp: usize, wp: usize, yp: usize, H: i32, W: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, Ho: i32, Wo: i32, padValue: i32,
): void {
  const base = padTerm(wp, kh * kw, padValue);
  for (let oh = 0; oh < Ho; oh++) {
    // Kernel rows whose input row is inside: ih = oh·sh − pt + i·dh in [0, H).
    const top = oh * sh - pt;
    for (let ow = 0; ow < Wo; ow++) {
      const left = ow * sw - pl;
      const j0 = max(0, -left), j1 = min(kw, W - left);
      let s = base;
      if (j1 > j0) {
        for (let i = 0; i < kh; i++) {
          const ih = top + i * dh;
          if (ih < 0 || ih >= H) continue;
          s += dotRunI8(xp + <usize>(ih * W + left + j0), wp + <usize>(i * kw + j0), padValue, j1 - j0);
        }
      }
      store<i32>(yp + <usize>(oh * Wo + ow) * 4, s);
    }
  }
}

/** y = depthwise(x, w) with padded cells holding padValue. */
export function depthwiseConvI8(
  x: usize, w: usize, y: usize, N: i32, C: i32, mult: i32, H: i32, W: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32, Ho: i32, Wo: i32, padValue: i32,
): void {
  const Co = C * mult;
  const byOutputs = dw == 1 && kw >= 8;
  for (let n = 0; n < N; n++) {
    for (let co = 0; co < Co; co++) {
      const xp = x + <usize>((n * C + co / mult) * H * W);
      const yp = y + <usize>((n * Co + co) * Ho * Wo) * 4;
      const wp = w + <usize>(co * kh * kw);
      if (byOutputs) channelByOutputs(xp, wp, yp, H, W, kh, kw, sh, sw, pt, pl, dh, Ho, Wo, padValue);
      else channelByTaps(xp, wp, yp, H, W, kh, kw, sh, sw, pt, pl, dh, dw, Ho, Wo, padValue);
    }
  }
}
