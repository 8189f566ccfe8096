/**
 * conv2dInt8 (int8 NCHW -> int32) per image and group as
 *   y_g = W_g · im2col(x_g)     (M = Co/g, K = C/g·kh·kw, N = Ho·Wo)
 * on the int8 GEMM of asm/gemm_int8.ts (i32x4.dot_i16x8_s). asm/conv_int8.ts
 * packs the GEMM's B panels straight from the image (padded once with
 * padValue) instead of writing an int8 column matrix first; a 1x1 stride-1
 * unpadded convolution is a plain GEMM on the image itself. The shape rule
 * bounds K so that no int32 sum, partial or final, can overflow, so the
 * GEMM's summation order does not matter and the result equals the
 * reference exactly.
 *
 * Depthwise convolutions (one input channel per group, which includes the
 * quantized models' global average pool) run the direct kernel of
 * asm/depthwise_int8.ts; other grouped convolutions run one GEMM per group.
 */
import type { KernelTensor } from '../../../backend.js';
import { addressOf, type WasmKernel, type WasmKernelContext } from '../context.js';
import { depthwiseArgs, geometry, isDepthwise, isPointwise, type Geometry } from './conv.js';
import { gemmI8, packBuffers } from './matmul.js';

function pointwiseInt8(ctx: WasmKernelContext, g: Geometry, x: number, w: number, y: number): void {
  const K = g.Cg, P = g.Ho * g.Wo;
  for (let n = 0; n < g.N; n++) {
    for (let gi = 0; gi < g.groups; gi++) {
      const xg = x + (n * g.C + gi * g.Cg) * P;
      const yg = y + ((n * g.Co + gi * g.Cog) * P) * 4;
      gemmI8(ctx, g.Cog, P, K, w + gi * g.Cog * K, K, false, xg, P, false, yg, P);
    }
  }
}

export const conv2dInt8: WasmKernel<'conv2dInt8'> = (ctx, inputs, out, p) => {
  const [tx, tw] = inputs as [KernelTensor, KernelTensor];
  const g = geometry(tx.shape, tw.shape, out.shape, p);
  const x = addressOf(tx), w = addressOf(tw), y = addressOf(out);
  if (isDepthwise(g)) {
    ctx.k.depthwiseConvI8(x, w, y, ...depthwiseArgs(g), p.padValue);
    return true;
  }
  if (isPointwise(g)) {
    pointwiseInt8(ctx, g, x, w, y);
    return true;
  }
  const [pt, pl, pb, pr] = p.pad;
  // One group of one image, padded: the plane convI8 reads every tap from.
  const paddedBytes = pt + pl + pb + pr === 0 ? 0 : g.Cg * (g.H + pt + pb) * (g.W + pl + pr);
  const padded = paddedBytes === 0 ? 0 : ctx.scratch.get('paddedImage', paddedBytes);
  const { packA, packB } = packBuffers(ctx);
  ctx.k.convI8(
    x, w, y, g.N, g.C, g.H, g.W, g.Co, g.groups,
    g.kh, g.kw, g.sh, g.sw, pt, pl, pb, pr, g.dh, g.dw, g.Ho, g.Wo,
    p.padValue, padded, packA, packB,
  );
  return true;
};
