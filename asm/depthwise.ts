/**
 * Direct depthwise convolution (groups == C: one input channel per group,
 * `mult` = Co / C output channels per input channel, as in MobileNet,
 * Howard et al. 2017) and its two gradients. With one input channel per
 * group, im2col + GEMM degenerates to M = mult-row products that waste the
 * register tile, so these loops work tap by tap instead: for each output row
 * and kernel tap (i, j), the in-bounds run of output columns (window.ts) is
 * one SIMD axpy (stride 1) or a strided scalar loop.
 *
 * Layouts: x [N, C, H, W], w [Co, 1, kh, kw], y/dy [N, Co, Ho, Wo], channel
 * co reads input channel co / mult.
 */
import { axpyF32, dotF32, zeroF32 } from './vec';
import { endInside, firstInside } from './window';

/** y = depthwise(x, w). */
export function depthwiseConvF32(
  x: usize, w: usize, y: usize, N: i32, C: i32, mult: i32, H: i32, W: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32, Ho: i32, Wo: i32,
): void {
  const Co = C * mult;
  for (let n = 0; n < N; n++) {
    for (let co = 0; co < Co; co++) {
      const xp = x + <usize>((n * C + co / mult) * H * W) * 4;
      const yp = y + <usize>((n * Co + co) * Ho * Wo) * 4;
      const wp = w + <usize>(co * kh * kw) * 4;
      zeroF32(yp, Ho * Wo);
      for (let i = 0; i < kh; i++) {
        const hOff = i * dh - pt;
        const oh0 = firstInside(hOff, sh), oh1 = endInside(hOff, sh, H, Ho);
        for (let j = 0; j < kw; j++) {
          const wOff = j * dw - pl;
          const ow0 = firstInside(wOff, sw), ow1 = endInside(wOff, sw, W, Wo);
          if (ow1 <= ow0) continue;
          const wt = load<f32>(wp + <usize>(i * kw + j) * 4);
          for (let oh = oh0; oh < oh1; oh++) {
            const out = yp + <usize>(oh * Wo) * 4;
            const src = xp + <usize>((oh * sh + hOff) * W) * 4;
            if (sw == 1) {
              axpyF32(out + <usize>ow0 * 4, src + <usize>(ow0 + wOff) * 4, wt, ow1 - ow0);
            } else {
              for (let ow = ow0; ow < ow1; ow++) {
                const o = out + <usize>ow * 4;
                store<f32>(o, load<f32>(o) + wt * load<f32>(src + <usize>(ow * sw + wOff) * 4));
              }
            }
          }
        }
      }
    }
  }
}

/** dx = depthwise input gradient of dy (each tap scatters w · dy back onto x's cells). */
export function depthwiseBackInputF32(
  dy: usize, w: usize, dx: usize, N: i32, C: i32, mult: i32, H: i32, W: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32, Ho: i32, Wo: i32,
): void {
  const Co = C * mult;
  zeroF32(dx, N * C * H * W);
  for (let n = 0; n < N; n++) {
    for (let co = 0; co < Co; co++) {
      const xp = dx + <usize>((n * C + co / mult) * H * W) * 4;
      const yp = dy + <usize>((n * Co + co) * Ho * Wo) * 4;
      const wp = w + <usize>(co * kh * kw) * 4;
      for (let i = 0; i < kh; i++) {
        const hOff = i * dh - pt;
        const oh0 = firstInside(hOff, sh), oh1 = endInside(hOff, sh, H, Ho);
        for (let j = 0; j < kw; j++) {
          const wOff = j * dw - pl;
          const ow0 = firstInside(wOff, sw), ow1 = endInside(wOff, sw, W, Wo);
          if (ow1 <= ow0) continue;
          const wt = load<f32>(wp + <usize>(i * kw + j) * 4);
          for (let oh = oh0; oh < oh1; oh++) {
            const from = yp + <usize>(oh * Wo) * 4;
            const to = xp + <usize>((oh * sh + hOff) * W) * 4;
            if (sw == 1) {
              axpyF32(to + <usize>(ow0 + wOff) * 4, from + <usize>ow0 * 4, wt, ow1 - ow0);
            } else {
              for (let ow = ow0; ow < ow1; ow++) {
                const t = to + <usize>(ow * sw + wOff) * 4;
                store<f32>(t, load<f32>(t) + wt * load<f32>(from + <usize>ow * 4));
              }
            }
          }
        }
      }
    }
  }
}

/** dw[co, 0, i, j] = sum over n, oh, ow of dy[n, co, oh, ow] · x[n, co / mult, ih, iw]. */
export function depthwiseBackFilterF32(
  x: usize, dy: usize, dw_: usize, N: i32, C: i32, mult: i32, H: i32, W: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32, Ho: i32, Wo: i32,
): void {
  const Co = C * mult;
  for (let co = 0; co < Co; co++) {
    for (let i = 0; i < kh; i++) {
      const hOff = i * dh - pt;
      const oh0 = firstInside(hOff, sh), oh1 = endInside(hOff, sh, H, Ho);
      for (let j = 0; j < kw; j++) {
        const wOff = j * dw - pl;
        const ow0 = firstInside(wOff, sw), ow1 = endInside(wOff, sw, W, Wo);
        let acc: f32 = 0;
        if (ow1 > ow0) {
          for (let n = 0; n < N; n++) {
            const xp = x + <usize>((n * C + co / mult) * H * W) * 4;
            const yp = dy + <usize>((n * Co + co) * Ho * Wo) * 4;
            for (let oh = oh0; oh < oh1; oh++) {
              const g = yp + <usize>(oh * Wo) * 4;
              const src = xp + <usize>((oh * sh + hOff) * W) * 4;
              if (sw == 1) {
                acc += dotF32(g + <usize>ow0 * 4, src + <usize>(ow0 + wOff) * 4, ow1 - ow0);
              } else {
                for (let ow = ow0; ow < ow1; ow++) {
                  acc += load<f32>(g + <usize>ow * 4) * load<f32>(src + <usize>(ow * sw + wOff) * 4);
                }
              }
            }
          }
        }
        store<f32>(dw_ + <usize>((co * kh + i) * kw + j) * 4, acc);
      }
    }
  }
}
