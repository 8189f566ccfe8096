/**
 * conv2dInt8 (int8 NCHW -> int32) per image and group as
 *   y_g = W_g · im2col(x_g)     (M = Co/g, K = C/g·kh·kw, N = Ho·Wo)
 * with the int8 im2col of asm/im2col_int8.ts (padded cells = padValue) and
 * the packed int8 GEMM of asm/gemm_int8.ts (i32x4.dot_i16x8_s). The shape
 * rule bounds K so that no int32 sum, partial or final, can overflow, so the
 * GEMM's summation order does not matter and the result equals the
 * reference exactly. Images are walked in bands of output rows whose column
 * matrix stays about BAND_BYTES; a 1x1 stride-1 unpadded convolution uses
 * the image itself as the column matrix.
 *
 * Depthwise and other grouped convolutions run the same per-group GEMM
 * (M = Co/g rows only, so the 4-row register tile is partly idle); a direct
 * int8 depthwise kernel, like asm/depthwise.ts for f32, is not written yet.
 */
import type { KernelTensor } from '../../../backend.js';
import { addressOf, type WasmKernel, type WasmKernelContext } from '../context.js';
import { geometry, isPointwise, type Geometry } from './conv.js';
import { gemmI8 } from './matmul.js';

/**
 * Column-matrix bytes per band: 128 KiB, the size of the f32 path's bands
 * (ops/conv.ts, BAND_FLOATS · 4 bytes), an eighth of the 1 MiB L2 of the
 * Zen 4 dev VM. The GEMM then packs the band as int16 pairs (twice that).
 */
const BAND_BYTES = 131072;

function bandRows(g: Geometry, K: number): number {
  return Math.min(g.Ho, Math.max(1, Math.floor(BAND_BYTES / (K * g.Wo))));
}

function forwardInt8(ctx: WasmKernelContext, g: Geometry, padValue: number, x: number, w: number, y: number): void {
  const K = g.Cg * g.kh * g.kw, P = g.Ho * g.Wo;
  const pointwise = isPointwise(g);
  const rows = bandRows(g, K);
  const cols = pointwise ? 0 : ctx.scratch.get('columns', K * rows * g.Wo);
  for (let n = 0; n < g.N; n++) {
    for (let gi = 0; gi < g.groups; gi++) {
      const xg = x + (n * g.C + gi * g.Cg) * g.H * g.W;
      const yg = y + ((n * g.Co + gi * g.Cog) * P) * 4;
      const wg = w + gi * g.Cog * K;
      if (pointwise) {
        gemmI8(ctx, g.Cog, P, K, wg, K, false, xg, P, false, yg, P);
        continue;
      }
      for (let r0 = 0; r0 < g.Ho; r0 += rows) {
        const r1 = Math.min(g.Ho, r0 + rows), Pb = (r1 - r0) * g.Wo;
        ctx.k.im2colI8(xg, g.Cg, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, g.Ho, g.Wo, r0, r1, padValue, cols);
        gemmI8(ctx, g.Cog, Pb, K, wg, K, false, cols, Pb, false, yg + r0 * g.Wo * 4, P);
      }
    }
  }
}

export const conv2dInt8: WasmKernel<'conv2dInt8'> = (ctx, inputs, out, p) => {
  const [tx, tw] = inputs as [KernelTensor, KernelTensor];
  const g = geometry(tx.shape, tw.shape, out.shape, p);
  forwardInt8(ctx, g, p.padValue, addressOf(tx), addressOf(tw), addressOf(out));
  return true;
};
