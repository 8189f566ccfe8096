/**
 * Max and average pooling over NCHW planes, and their gradients, as direct
 * loops. Semantics are the reference kernels' (src/engine/backends/reference/
 * pool.ts): windows start at (oh*sh - pt, ow*sw - pl) and are clipped to the
 * image, so padding never wins a max and counts in an average only with
 * countIncludePad (ONNX AveragePool count_include_pad; then the divisor is
 * kh*kw). The max and its gradient pick the first maximum in row-major order,
 * a NaN beating every number (so the forward max propagates NaN).
 *
 * These are scalar: pooling is a small share of a CNN step next to the
 * convolutions, and strided windows do not map onto f32x4 lanes cheaply.
 */
import { zeroF32 } from './vec';

/** Byte offset (in the plane) of the first maximum of a clipped window. */
// @ts-ignore: decorator
@inline
function windowArgmax(p: usize, W: i32, h0: i32, h1: i32, w0: i32, w1: i32): usize {
  let at = <usize>(h0 * W + w0) * 4;
  let best = load<f32>(p + at);
  for (let h = h0; h < h1; h++) {
    for (let w = w0; w < w1; w++) {
      const o = <usize>(h * W + w) * 4;
      const v = load<f32>(p + o);
      if (v > best || (v != v && best == best)) {
        best = v;
        at = o;
      }
    }
  }
  return at;
}

export function maxPoolF32(
  x: usize, y: usize, planes: i32, H: i32, W: i32, Ho: i32, Wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32,
): void {
  for (let c = 0; c < planes; c++) {
    const xp = x + <usize>(c * H * W) * 4;
    let yp = y + <usize>(c * Ho * Wo) * 4;
    for (let oh = 0; oh < Ho; oh++) {
      const hs = oh * sh - pt, h0 = max(hs, 0), h1 = min(hs + kh, H);
      for (let ow = 0; ow < Wo; ow++) {
        const ws = ow * sw - pl, w0 = max(ws, 0), w1 = min(ws + kw, W);
        store<f32>(yp, load<f32>(xp + windowArgmax(xp, W, h0, h1, w0, w1)));
        yp += 4;
      }
    }
  }
}

/** dx: each dy added onto the first maximum of its window. */
export function maxPoolGradF32(
  x: usize, dy: usize, dx: usize, planes: i32, H: i32, W: i32, Ho: i32, Wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32,
): void {
  zeroF32(dx, planes * H * W);
  for (let c = 0; c < planes; c++) {
    const xp = x + <usize>(c * H * W) * 4;
    const dp = dx + <usize>(c * H * W) * 4;
    let g = dy + <usize>(c * Ho * Wo) * 4;
    for (let oh = 0; oh < Ho; oh++) {
      const hs = oh * sh - pt, h0 = max(hs, 0), h1 = min(hs + kh, H);
      for (let ow = 0; ow < Wo; ow++) {
        const ws = ow * sw - pl, w0 = max(ws, 0), w1 = min(ws + kw, W);
        const t = dp + windowArgmax(xp, W, h0, h1, w0, w1);
        store<f32>(t, load<f32>(t) + load<f32>(g));
        g += 4;
      }
    }
  }
}

export function avgPoolF32(
  x: usize, y: usize, planes: i32, H: i32, W: i32, Ho: i32, Wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, countIncludePad: bool,
): void {
  for (let c = 0; c < planes; c++) {
    const xp = x + <usize>(c * H * W) * 4;
    let yp = y + <usize>(c * Ho * Wo) * 4;
    for (let oh = 0; oh < Ho; oh++) {
      const hs = oh * sh - pt, h0 = max(hs, 0), h1 = min(hs + kh, H);
      for (let ow = 0; ow < Wo; ow++) {
        const ws = ow * sw - pl, w0 = max(ws, 0), w1 = min(ws + kw, W);
        let s: f32 = 0;
        for (let h = h0; h < h1; h++) {
          const row = xp + <usize>(h * W) * 4;
          for (let w = w0; w < w1; w++) s += load<f32>(row + <usize>w * 4);
        }
        const count = countIncludePad ? kh * kw : (h1 - h0) * (w1 - w0);
        store<f32>(yp, s / <f32>count);
        yp += 4;
      }
    }
  }
}

/** dx: each dy spread evenly (by the forward divisor) over the real cells of its window. */
export function avgPoolGradF32(
  dy: usize, dx: usize, planes: i32, H: i32, W: i32, Ho: i32, Wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, countIncludePad: bool,
): void {
  zeroF32(dx, planes * H * W);
  for (let c = 0; c < planes; c++) {
    const dp = dx + <usize>(c * H * W) * 4;
    let g = dy + <usize>(c * Ho * Wo) * 4;
    for (let oh = 0; oh < Ho; oh++) {
      const hs = oh * sh - pt, h0 = max(hs, 0), h1 = min(hs + kh, H);
      for (let ow = 0; ow < Wo; ow++) {
        const ws = ow * sw - pl, w0 = max(ws, 0), w1 = min(ws + kw, W);
        const count = countIncludePad ? kh * kw : (h1 - h0) * (w1 - w0);
        const share = load<f32>(g) / <f32>count;
        for (let h = h0; h < h1; h++) {
          const row = dp + <usize>(h * W) * 4;
          for (let w = w0; w < w1; w++) {
            const t = row + <usize>w * 4;
            store<f32>(t, load<f32>(t) + share);
          }
        }
        g += 4;
      }
    }
  }
}
