/**
 * im2col for int8 NCHW convolution: the layout of im2colF32 (im2col.ts; row
 * (c*kh + i)*kw + j of the column matrix holds input cell
 * (c, oh*sh - pt + i*dh, ow*sw - pl + j*dw) for each output position), on
 * bytes, with padded cells holding `padValue` instead of zero: the input's
 * zero point, so that padding stands for real 0 (TFLite's quantized Conv
 * pads with the input offset). The column matrix then feeds gemmI8.
 */
import { endInside, firstInside } from './window';

/**
 * dst[0..n) = src[0..n) for bytes (non-overlapping). Rows here are short
 * (Wo bytes, often 8 to 32), so the tail is one more full-width copy that
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

/** dst[0..n) = the byte repeated in every lane of v, with the same overlapping tail as copyI8. */
// @ts-ignore: decorator
@inline
function fillI8(dst: usize, n: i32, v: v128): void {
  if (n >= 16) {
    let i = 0;
    for (; i + 16 <= n; i += 16) v128.store(dst + <usize>i, v);
    if (i < n) v128.store(dst + <usize>(n - 16), v);
  } else if (n >= 8) {
    v128.store64_lane(dst, v, 0);
    v128.store64_lane(dst + <usize>(n - 8), v, 0);
  } else if (n >= 4) {
    v128.store32_lane(dst, v, 0);
    v128.store32_lane(dst + <usize>(n - 4), v, 0);
  } else {
    for (let i = 0; i < n; i++) store<i8>(dst + <usize>i, i8x16.extract_lane_s(v, 0));
  }
}

/**
 * out[ow] = src[2·ow] for ow in [ow0, ow1): eight at a time from one 16-byte
 * load (the even bytes), stride-2 convolutions being the ResNet downsampling
 * layers. The load reads one byte past the last one used, possibly in the
 * next row; it is taken only while it ends inside the image (xEnd), and the
 * rest is copied byte by byte.
 */
// @ts-ignore: decorator
@inline
function gatherStride2I8(out: usize, src: usize, ow0: i32, ow1: i32, xEnd: usize): void {
  let ow = ow0;
  for (; ow + 8 <= ow1 && src + <usize>(2 * ow + 16) <= xEnd; ow += 8) {
    const v = v128.load(src + <usize>(2 * ow));
    v128.store64_lane(out + <usize>ow, i8x16.shuffle(v, v, 0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14), 0);
  }
  for (; ow < ow1; ow++) store<i8>(out + <usize>ow, load<i8>(src + <usize>(2 * ow)));
}

/**
 * cols[C*kh*kw, (r1-r0)*Wo] (int8) from one image x[C, H, W] (int8): the
 * columns of output rows r0 .. r1. Pointers are byte offsets.
 */
export function im2colI8(
  x: usize, C: i32, H: i32, W: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32,
  Ho: i32, Wo: i32, r0: i32, r1: i32, padValue: i32, cols: usize,
): void {
  const pad = i8x16.splat(<i8>padValue);
  const xEnd = x + <usize>(C * H * W);
  const plane = <usize>(H * W);
  const rowBytes = <usize>((r1 - r0) * Wo);
  let dst = cols;
  for (let c = 0; c < C; c++) {
    const xc = x + <usize>c * plane;
    for (let i = 0; i < kh; i++) {
      const hOff = i * dh - pt;
      // Output rows of the band whose input row is inside the image.
      const oh0 = min(r1, max(r0, firstInside(hOff, sh))), oh1 = max(oh0, min(r1, endInside(hOff, sh, H, Ho)));
      for (let j = 0; j < kw; j++) {
        const wOff = j * dw - pl;
        const ow0 = min(Wo, firstInside(wOff, sw)), ow1 = max(ow0, endInside(wOff, sw, W, Wo));
        // Rows of padding above and below the image.
        fillI8(dst, (oh0 - r0) * Wo, pad);
        fillI8(dst + <usize>((oh1 - r0) * Wo), (r1 - oh1) * Wo, pad);
        for (let oh = oh0; oh < oh1; oh++) {
          const out = dst + <usize>((oh - r0) * Wo);
          const src = xc + <usize>((oh * sh + hOff) * W);
          if (ow0 > 0) fillI8(out, ow0, pad);
          if (sw == 1) {
            copyI8(out + <usize>ow0, src + <usize>(ow0 + wOff), ow1 - ow0);
          } else if (sw == 2) {
            gatherStride2I8(out, src + <usize>wOff, ow0, ow1, xEnd);
          } else {
            for (let ow = ow0; ow < ow1; ow++) store<i8>(out + <usize>ow, load<i8>(src + <usize>(ow * sw + wOff)));
          }
          if (ow1 < Wo) fillI8(out + <usize>ow1, Wo - ow1, pad);
        }
        dst += rowBytes;
      }
    }
  }
}
