/**
 * conv2d and its two gradients (float32, NCHW), per image and group:
 *   forward      y  = W_g · im2col(x)                       (M = Co/g, K = C/g·kh·kw, N = Ho·Wo)
 *   back input   dx = col2im(W_gᵀ · dy)                     (M = C/g·kh·kw, K = Co/g, N = Ho·Wo)
 *   back filter  dW_g += dy · im2col(x)ᵀ, summed over images (M = Co/g, K = Ho·Wo, N = C/g·kh·kw)
 * Each image is walked in bands of output rows whose column matrix holds
 * about BAND_FLOATS values, so the im2col scratch stays small whatever the
 * image size (a whole 64-channel 3x3 layer at 56x56 would need 7 MB).
 * A 1x1 stride-1 unpadded convolution skips im2col (the image is already the
 * column matrix), and depthwise convolution (one input channel per group)
 * runs the direct kernels of asm/depthwise.ts instead of a one-row GEMM.
 */
import type { KernelTensor } from '../../../backend.js';
import type { Conv2dParams } from '../../../primitives.js';
import { addressOf, type WasmKernel, type WasmKernelContext } from '../context.js';
import type { DepthwiseGeometry } from '../exports.js';
import { gemmF32 } from './matmul.js';

export interface Geometry {
  N: number; C: number; H: number; W: number;
  Co: number; kh: number; kw: number; Ho: number; Wo: number;
  groups: number; Cg: number; Cog: number;
  sh: number; sw: number; pt: number; pl: number; dh: number; dw: number;
}

export function geometry(x: readonly number[], w: readonly number[], y: readonly number[], p: Conv2dParams): Geometry {
  return {
    N: x[0]!, C: x[1]!, H: x[2]!, W: x[3]!,
    Co: w[0]!, kh: w[2]!, kw: w[3]!, Ho: y[2]!, Wo: y[3]!,
    groups: p.groups, Cg: w[1]!, Cog: w[0]! / p.groups,
    sh: p.stride[0], sw: p.stride[1], pt: p.pad[0], pl: p.pad[1], dh: p.dilation[0], dw: p.dilation[1],
  };
}

/** 1x1, stride 1, no padding: the image [C, H*W] is its own im2col matrix. */
export function isPointwise(g: Geometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.Ho === g.H && g.Wo === g.W;
}

export function isDepthwise(g: Geometry): boolean {
  return g.groups > 1 && g.Cg === 1 && g.groups === g.C;
}

function allFloat32(ts: readonly KernelTensor[]): boolean {
  return ts.every((t) => t.dtype === 'float32');
}

/**
 * Column-matrix values per band: 32 Ki floats = 128 KiB, an eighth of the
 * 1 MiB L2 of the Zen 4 dev VM. On the ResNet-8 layers (batch 64) bands of
 * this size and whole-image columns ran at the same speed (best of 7
 * interleaved runs of forward + both backward convs: 122 vs 120 ms), so the
 * band size is chosen for memory, not speed.
 */
const BAND_FLOATS = 32768;

/** Output rows per band for a column matrix of K rows. */
function bandRows(g: Geometry, K: number): number {
  return Math.min(g.Ho, Math.max(1, Math.floor(BAND_FLOATS / (K * g.Wo))));
}

function im2col(ctx: WasmKernelContext, g: Geometry, x: number, r0: number, r1: number, cols: number): void {
  ctx.k.im2colF32(x, g.Cg, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, g.Ho, g.Wo, r0, r1, cols);
}

/** Arguments shared by the three depthwise kernels after their three pointers. */
export function depthwiseArgs(g: Geometry): DepthwiseGeometry {
  return [g.N, g.C, g.Co / g.C, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, g.Ho, g.Wo];
}

/** y = conv(x, w) for geometry g through im2col bands + GEMM (or the image itself when pointwise). */
function forward(ctx: WasmKernelContext, g: Geometry, x: number, w: number, y: number): void {
  const K = g.Cg * g.kh * g.kw, P = g.Ho * g.Wo;
  const pointwise = isPointwise(g);
  const rows = bandRows(g, K);
  const cols = pointwise ? 0 : ctx.scratch.get('columns', K * rows * g.Wo * 4);
  for (let n = 0; n < g.N; n++) {
    for (let gi = 0; gi < g.groups; gi++) {
      const xg = x + ((n * g.C + gi * g.Cg) * g.H * g.W) * 4;
      const yg = y + ((n * g.Co + gi * g.Cog) * P) * 4;
      const wg = w + gi * g.Cog * K * 4;
      if (pointwise) {
        gemmF32(ctx, g.Cog, P, K, wg, K, false, xg, P, false, yg, P, false);
        continue;
      }
      for (let r0 = 0; r0 < g.Ho; r0 += rows) {
        const r1 = Math.min(g.Ho, r0 + rows), Pb = (r1 - r0) * g.Wo;
        im2col(ctx, g, xg, r0, r1, cols);
        gemmF32(ctx, g.Cog, Pb, K, wg, K, false, cols, Pb, false, yg + r0 * g.Wo * 4, P, false);
      }
    }
  }
}

export const conv2d: WasmKernel<'conv2d'> = (ctx, inputs, out, p) => {
  if (!allFloat32([...inputs, out])) return false;
  const [tx, tw] = inputs as [KernelTensor, KernelTensor];
  const g = geometry(tx.shape, tw.shape, out.shape, p);
  const x = addressOf(tx), w = addressOf(tw), y = addressOf(out);
  if (isDepthwise(g)) {
    ctx.k.depthwiseConvF32(x, w, y, ...depthwiseArgs(g));
    return true;
  }
  forward(ctx, g, x, w, y);
  return true;
};

export const conv2dBackInput: WasmKernel<'conv2dBackInput'> = (ctx, inputs, out, p) => {
  if (!allFloat32([...inputs, out])) return false;
  const [tdy, tw] = inputs as [KernelTensor, KernelTensor];
  const g = geometry(out.shape, tw.shape, tdy.shape, p);
  const dy = addressOf(tdy), w = addressOf(tw), dx = addressOf(out);
  if (isDepthwise(g)) {
    ctx.k.depthwiseBackInputF32(dy, w, dx, ...depthwiseArgs(g));
    return true;
  }
  const K = g.Cg * g.kh * g.kw, P = g.Ho * g.Wo;
  const pointwise = isPointwise(g);
  const rows = bandRows(g, K);
  const cols = pointwise ? 0 : ctx.scratch.get('columns', K * rows * g.Wo * 4);
  for (let n = 0; n < g.N; n++) {
    for (let gi = 0; gi < g.groups; gi++) {
      const dxg = dx + ((n * g.C + gi * g.Cg) * g.H * g.W) * 4;
      const dyg = dy + ((n * g.Co + gi * g.Cog) * P) * 4;
      const wg = w + gi * g.Cog * K * 4;
      // W_g is stored [Cog, K]; its transpose is read through the packing.
      if (pointwise) {
        gemmF32(ctx, K, P, g.Cog, wg, K, true, dyg, P, false, dxg, P, false);
        continue;
      }
      ctx.k.zeroF32(dxg, g.Cg * g.H * g.W);
      for (let r0 = 0; r0 < g.Ho; r0 += rows) {
        const r1 = Math.min(g.Ho, r0 + rows), Pb = (r1 - r0) * g.Wo;
        gemmF32(ctx, K, Pb, g.Cog, wg, K, true, dyg + r0 * g.Wo * 4, P, false, cols, Pb, false);
        ctx.k.col2imF32(cols, g.Cg, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, g.Ho, g.Wo, r0, r1, dxg);
      }
    }
  }
  return true;
};

export const conv2dBackFilter: WasmKernel<'conv2dBackFilter'> = (ctx, inputs, out, p) => {
  if (!allFloat32([...inputs, out])) return false;
  const [tx, tdy] = inputs as [KernelTensor, KernelTensor];
  const g = geometry(tx.shape, out.shape, tdy.shape, p);
  const x = addressOf(tx), dy = addressOf(tdy), dw = addressOf(out);
  if (isDepthwise(g)) {
    ctx.k.depthwiseBackFilterF32(x, dy, dw, ...depthwiseArgs(g));
    return true;
  }
  const K = g.Cg * g.kh * g.kw, P = g.Ho * g.Wo;
  if (g.N === 0) {
    ctx.k.zeroF32(dw, out.size);
    return true;
  }
  const pointwise = isPointwise(g);
  const rows = bandRows(g, K);
  const cols = pointwise ? 0 : ctx.scratch.get('columns', K * rows * g.Wo * 4);
  for (let n = 0; n < g.N; n++) {
    for (let gi = 0; gi < g.groups; gi++) {
      const xg = x + ((n * g.C + gi * g.Cg) * g.H * g.W) * 4;
      const dyg = dy + ((n * g.Co + gi * g.Cog) * P) * 4;
      const dwg = dw + gi * g.Cog * K * 4;
      // dW_g[Cog, K] (+)= dy_g[Cog, P] · cols[K, P]ᵀ; the first image's first band overwrites.
      if (pointwise) {
        gemmF32(ctx, g.Cog, K, P, dyg, P, false, xg, P, true, dwg, K, n > 0);
        continue;
      }
      for (let r0 = 0; r0 < g.Ho; r0 += rows) {
        const r1 = Math.min(g.Ho, r0 + rows), Pb = (r1 - r0) * g.Wo;
        im2col(ctx, g, xg, r0, r1, cols);
        gemmF32(ctx, g.Cog, K, Pb, dyg + r0 * g.Wo * 4, P, false, cols, Pb, true, dwg, K, n > 0 || r0 > 0);
      }
    }
  }
  return true;
};
