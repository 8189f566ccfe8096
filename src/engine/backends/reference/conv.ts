/**
 * 2-D convolution (NCHW, weights [Co, C/groups, kh, kw], zero padding, any
 * stride, dilation and groups) and its two adjoints. Direct loops written
 * from the definition
 *
 *   y[n, co, oh, ow] = sum_{ci, i, j} x[n, g*Cg + ci, oh*sh - pt + i*dh, ow*sw - pl + j*dw] * w[co, ci, i, j]
 *
 * with g = floor(co / (Co/groups)). Loops run per kernel tap (i, j) over the
 * range of output positions whose input lies inside the image, so there is
 * no bounds test in the inner loop and padding is never materialised.
 * conv2dBackInput scatters the same products into dx, conv2dBackFilter
 * gathers them into dw: each is the transpose of the same bilinear form.
 * Accumulation is in float64.
 */
import type { ArrayKernel } from '../../backend.js';
import type { Conv2dParams } from '../../primitives.js';
import type { Shape } from '../../shape.js';

interface ConvGeometry {
  N: number; C: number; H: number; W: number;
  Co: number; Cg: number; kh: number; kw: number;
  Ho: number; Wo: number;
  sh: number; sw: number;
  /** Channels of dy/y per group. */
  Cog: number;
  /** Per tap row i: input row = oh*sh + rowOff[i]; valid oh in [rowLo[i], rowHi[i]). */
  rowOff: Int32Array; rowLo: Int32Array; rowHi: Int32Array;
  colOff: Int32Array; colLo: Int32Array; colHi: Int32Array;
}

/**
 * Output positions o in [0, outSize) with 0 <= o*stride + offset < inSize,
 * as a half-open range [lo, hi) (hi may equal lo: no valid position).
 */
function validRange(outSize: number, stride: number, offset: number, inSize: number): [number, number] {
  const lo = Math.max(0, Math.ceil(-offset / stride));
  const hi = Math.min(outSize, Math.ceil((inSize - offset) / stride));
  return [lo, Math.max(lo, hi)];
}

function taps(k: number, dilation: number, padBefore: number, outSize: number, stride: number, inSize: number): [Int32Array, Int32Array, Int32Array] {
  const off = new Int32Array(k), lo = new Int32Array(k), hi = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    off[i] = i * dilation - padBefore;
    [lo[i], hi[i]] = validRange(outSize, stride, off[i]!, inSize);
  }
  return [off, lo, hi];
}

/** Geometry from x [N,C,H,W], w [Co,Cg,kh,kw] and y [N,Co,Ho,Wo] shapes (whichever is the output). */
function geometry(x: Shape, w: Shape, y: Shape, p: Conv2dParams): ConvGeometry {
  const [N, C, H, W] = x as [number, number, number, number];
  const [Co, Cg, kh, kw] = w as [number, number, number, number];
  const [Ho, Wo] = [y[2]!, y[3]!];
  const [rowOff, rowLo, rowHi] = taps(kh, p.dilation[0], p.pad[0], Ho, p.stride[0], H);
  const [colOff, colLo, colHi] = taps(kw, p.dilation[1], p.pad[1], Wo, p.stride[1], W);
  return { N, C, H, W, Co, Cg, kh, kw, Ho, Wo, sh: p.stride[0], sw: p.stride[1], Cog: Co / p.groups, rowOff, rowLo, rowHi, colOff, colLo, colHi };
}

export const conv2d: ArrayKernel<'conv2d'> = (inputs, out, p) => {
  const x = inputs[0]!, w = inputs[1]!;
  const g = geometry(x.shape, w.shape, out.shape, p);
  const xd = x.data, wd = w.data, o = out.data;
  const plane = new Float64Array(g.Ho * g.Wo);
  for (let n = 0; n < g.N; n++) {
    for (let co = 0; co < g.Co; co++) {
      const c0 = Math.floor(co / g.Cog) * g.Cg;
      plane.fill(0);
      for (let ci = 0; ci < g.Cg; ci++) {
        const xBase = (n * g.C + c0 + ci) * g.H * g.W;
        const wBase = (co * g.Cg + ci) * g.kh * g.kw;
        for (let i = 0; i < g.kh; i++) {
          for (let j = 0; j < g.kw; j++) {
            const wv = wd[wBase + i * g.kw + j]!;
            const cOff = g.colOff[j]!, cLo = g.colLo[j]!, cHi = g.colHi[j]!;
            for (let oh = g.rowLo[i]!; oh < g.rowHi[i]!; oh++) {
              const xRow = xBase + (oh * g.sh + g.rowOff[i]!) * g.W + cOff;
              const pRow = oh * g.Wo;
              for (let ow = cLo; ow < cHi; ow++) plane[pRow + ow]! += wv * xd[xRow + ow * g.sw]!;
            }
          }
        }
      }
      o.set(plane, (n * g.Co + co) * g.Ho * g.Wo);
    }
  }
};

/** dx[n, c, ...] = sum over the outputs that read it of dy * w: conv2d's adjoint in x. */
export const conv2dBackInput: ArrayKernel<'conv2dBackInput'> = (inputs, out, p) => {
  const dy = inputs[0]!, w = inputs[1]!;
  const g = geometry(out.shape, w.shape, dy.shape, p);
  const dyd = dy.data, wd = w.data, o = out.data;
  const plane = new Float64Array(g.H * g.W);
  for (let n = 0; n < g.N; n++) {
    for (let c = 0; c < g.C; c++) {
      const group = Math.floor(c / g.Cg), ci = c % g.Cg;
      plane.fill(0);
      for (let co = group * g.Cog; co < (group + 1) * g.Cog; co++) {
        const dyBase = (n * g.Co + co) * g.Ho * g.Wo;
        const wBase = (co * g.Cg + ci) * g.kh * g.kw;
        for (let i = 0; i < g.kh; i++) {
          for (let j = 0; j < g.kw; j++) {
            const wv = wd[wBase + i * g.kw + j]!;
            const cOff = g.colOff[j]!, cLo = g.colLo[j]!, cHi = g.colHi[j]!;
            for (let oh = g.rowLo[i]!; oh < g.rowHi[i]!; oh++) {
              const pRow = (oh * g.sh + g.rowOff[i]!) * g.W + cOff;
              const dyRow = dyBase + oh * g.Wo;
              for (let ow = cLo; ow < cHi; ow++) plane[pRow + ow * g.sw]! += wv * dyd[dyRow + ow]!;
            }
          }
        }
      }
      o.set(plane, (n * g.C + c) * g.H * g.W);
    }
  }
};

/** dw[co, ci, i, j] = sum over n, oh, ow of x * dy: conv2d's adjoint in w. */
export const conv2dBackFilter: ArrayKernel<'conv2dBackFilter'> = (inputs, out, p) => {
  const x = inputs[0]!, dy = inputs[1]!;
  const g = geometry(x.shape, out.shape, dy.shape, p);
  const xd = x.data, dyd = dy.data, o = out.data;
  for (let co = 0; co < g.Co; co++) {
    const c0 = Math.floor(co / g.Cog) * g.Cg;
    for (let ci = 0; ci < g.Cg; ci++) {
      for (let i = 0; i < g.kh; i++) {
        for (let j = 0; j < g.kw; j++) {
          const cOff = g.colOff[j]!, cLo = g.colLo[j]!, cHi = g.colHi[j]!;
          let acc = 0;
          for (let n = 0; n < g.N; n++) {
            const xBase = (n * g.C + c0 + ci) * g.H * g.W;
            const dyBase = (n * g.Co + co) * g.Ho * g.Wo;
            for (let oh = g.rowLo[i]!; oh < g.rowHi[i]!; oh++) {
              const xRow = xBase + (oh * g.sh + g.rowOff[i]!) * g.W + cOff;
              const dyRow = dyBase + oh * g.Wo;
              for (let ow = cLo; ow < cHi; ow++) acc += xd[xRow + ow * g.sw]! * dyd[dyRow + ow]!;
            }
          }
          o[((co * g.Cg + ci) * g.kh + i) * g.kw + j] = acc;
        }
      }
    }
  }
};
