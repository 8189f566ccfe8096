/**
 * im2col / col2im for NCHW convolution (Chellapilla, Puri & Simard, "High
 * Performance Convolutional Neural Networks for Document Processing", 2006):
 * one image's C channels become a [C*kh*kw, Ho*Wo] matrix whose row
 * (c*kh + i)*kw + j holds input cell (c, oh*sh - pt + i*dh, ow*sw - pl + j*dw)
 * for every output position (oh, ow), zero where that cell is padding. The
 * convolution is then W[Co, C*kh*kw] · cols, and its input gradient is
 * col2im(Wᵀ · dy), which scatters each column entry back onto its cell and
 * sums the overlaps.
 *
 * Rows are produced one output row (oh) at a time, with the in-bounds ow
 * range found up front (window.ts), so the common stride-1 case is a straight
 * SIMD copy / add of a contiguous run and only the padding edges are zeroed.
 */
import { addIntoF32, copyF32, zeroF32 } from './vec';
import { endInside, firstInside } from './window';

/**
 * cols[C*kh*kw, (r1-r0)*Wo] from one image x[C, H, W] (pointers are byte
 * offsets): the columns of output rows r0 .. r1 only, so a caller can walk an
 * image in bands whose column matrix stays in L2.
 */
export function im2colF32(
  x: usize, C: i32, H: i32, W: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32,
  Ho: i32, Wo: i32, r0: i32, r1: i32, cols: usize,
): void {
  const plane = <usize>(H * W) * 4;
  const rowBytes = <usize>((r1 - r0) * Wo) * 4;
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
        zeroF32(dst, (oh0 - r0) * Wo);
        zeroF32(dst + <usize>((oh1 - r0) * Wo) * 4, (r1 - oh1) * Wo);
        for (let oh = oh0; oh < oh1; oh++) {
          const out = dst + <usize>((oh - r0) * Wo) * 4;
          const src = xc + <usize>((oh * sh + hOff) * W) * 4;
          if (ow0 > 0) zeroF32(out, ow0);
          if (sw == 1) {
            copyF32(out + <usize>ow0 * 4, src + <usize>(ow0 + wOff) * 4, ow1 - ow0);
          } else {
            for (let ow = ow0; ow < ow1; ow++) {
              store<f32>(out + <usize>ow * 4, load<f32>(src + <usize>(ow * sw + wOff) * 4));
            }
          }
          if (ow1 < Wo) zeroF32(out + <usize>ow1 * 4, Wo - ow1);
        }
        dst += rowBytes;
      }
    }
  }
}

/**
 * dx[C, H, W] += col2im(cols[C*kh*kw, (r1-r0)*Wo]) for the band of output
 * rows r0 .. r1: every column entry added onto the input cell it was copied
 * from; padding entries are dropped. The caller zeroes dx once per image.
 */
export function col2imF32(
  cols: usize, C: i32, H: i32, W: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32,
  Ho: i32, Wo: i32, r0: i32, r1: i32, dx: usize,
): void {
  const plane = <usize>(H * W) * 4;
  const rowBytes = <usize>((r1 - r0) * Wo) * 4;
  let src = cols;
  for (let c = 0; c < C; c++) {
    const xc = dx + <usize>c * plane;
    for (let i = 0; i < kh; i++) {
      const hOff = i * dh - pt;
      const oh0 = max(r0, firstInside(hOff, sh)), oh1 = min(r1, endInside(hOff, sh, H, Ho));
      for (let j = 0; j < kw; j++) {
        const wOff = j * dw - pl;
        const ow0 = firstInside(wOff, sw), ow1 = endInside(wOff, sw, W, Wo);
        for (let oh = oh0; oh < oh1; oh++) {
          const from = src + <usize>((oh - r0) * Wo) * 4;
          const to = xc + <usize>((oh * sh + hOff) * W) * 4;
          if (sw == 1) {
            if (ow1 > ow0) addIntoF32(to + <usize>(ow0 + wOff) * 4, from + <usize>ow0 * 4, ow1 - ow0);
          } else {
            for (let ow = ow0; ow < ow1; ow++) {
              const t = to + <usize>(ow * sw + wOff) * 4;
              store<f32>(t, load<f32>(t) + load<f32>(from + <usize>ow * 4));
            }
          }
        }
        src += rowBytes;
      }
    }
  }
}
