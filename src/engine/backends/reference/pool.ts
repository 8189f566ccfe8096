/**
 * 2-D max and average pooling (NCHW) and their gradients. Windows are
 * clipped to the image: padding cells never win a max, and count only in
 * an average with countIncludePad (ONNX AveragePool count_include_pad; the
 * window always lies inside the padded input, as there is no ceil mode, so
 * the divisor is then kh*kw). The shape rule keeps pad < kernel, so every
 * clipped window holds at least one real cell.
 */
import type { ArrayKernel } from '../../backend.js';
import type { TypedArray } from '../../dtype.js';
import type { Pool2dParams } from '../../primitives.js';
import type { Shape } from '../../shape.js';

/** Planes (N*C), input and output sizes, kernel, stride and leading pads; window (oh, ow) starts at (oh*sh - pt, ow*sw - pl). */
interface PoolGeometry {
  planes: number; H: number; W: number; Ho: number; Wo: number;
  kh: number; kw: number; sh: number; sw: number; pt: number; pl: number;
}

function geometry(x: Shape, y: Shape, p: Pool2dParams): PoolGeometry {
  return {
    planes: x[0]! * x[1]!, H: x[2]!, W: x[3]!, Ho: y[2]!, Wo: y[3]!,
    kh: p.kernel[0], kw: p.kernel[1], sh: p.stride[0], sw: p.stride[1], pt: p.pad[0], pl: p.pad[1],
  };
}

/**
 * Offset (within the plane at `base`) of the first maximum of a window in
 * row-major order; a NaN beats every number and the first NaN wins, so the
 * forward max propagates NaN and the gradient goes to that NaN.
 */
function windowArgmax(x: TypedArray, base: number, W: number, h0: number, h1: number, w0: number, w1: number): number {
  let best = x[base + h0 * W + w0]!, at = h0 * W + w0;
  for (let h = h0; h < h1; h++) {
    for (let w = w0; w < w1; w++) {
      const v = x[base + h * W + w]!;
      if (v > best || (v !== v && best === best)) {
        best = v;
        at = h * W + w;
      }
    }
  }
  return at;
}

export const maxPool2d: ArrayKernel<'maxPool2d'> = (inputs, out, p) => {
  const x = inputs[0]!.data, o = out.data;
  const g = geometry(inputs[0]!.shape, out.shape, p);
  for (let c = 0; c < g.planes; c++) {
    const base = c * g.H * g.W;
    for (let oh = 0; oh < g.Ho; oh++) {
      const hs = oh * g.sh - g.pt, h0 = Math.max(hs, 0), h1 = Math.min(hs + g.kh, g.H);
      for (let ow = 0; ow < g.Wo; ow++) {
        const ws = ow * g.sw - g.pl, w0 = Math.max(ws, 0), w1 = Math.min(ws + g.kw, g.W);
        o[(c * g.Ho + oh) * g.Wo + ow] = x[base + windowArgmax(x, base, g.W, h0, h1, w0, w1)]!;
      }
    }
  }
};

/** dx: each dy goes to the first maximum of its window; overlapping windows add up. */
export const maxPool2dGrad: ArrayKernel<'maxPool2dGrad'> = (inputs, out, p) => {
  const x = inputs[0]!.data, dy = inputs[1]!.data, o = out.data;
  const g = geometry(inputs[0]!.shape, inputs[1]!.shape, p);
  const plane = new Float64Array(g.H * g.W);
  for (let c = 0; c < g.planes; c++) {
    const base = c * g.H * g.W;
    plane.fill(0);
    for (let oh = 0; oh < g.Ho; oh++) {
      const hs = oh * g.sh - g.pt, h0 = Math.max(hs, 0), h1 = Math.min(hs + g.kh, g.H);
      for (let ow = 0; ow < g.Wo; ow++) {
        const ws = ow * g.sw - g.pl, w0 = Math.max(ws, 0), w1 = Math.min(ws + g.kw, g.W);
        plane[windowArgmax(x, base, g.W, h0, h1, w0, w1)]! += dy[(c * g.Ho + oh) * g.Wo + ow]!;
      }
    }
    o.set(plane, base);
  }
};

export const avgPool2d: ArrayKernel<'avgPool2d'> = (inputs, out, p) => {
  const x = inputs[0]!.data, o = out.data;
  const g = geometry(inputs[0]!.shape, out.shape, p);
  for (let c = 0; c < g.planes; c++) {
    const base = c * g.H * g.W;
    for (let oh = 0; oh < g.Ho; oh++) {
      const hs = oh * g.sh - g.pt, h0 = Math.max(hs, 0), h1 = Math.min(hs + g.kh, g.H);
      for (let ow = 0; ow < g.Wo; ow++) {
        const ws = ow * g.sw - g.pl, w0 = Math.max(ws, 0), w1 = Math.min(ws + g.kw, g.W);
        let s = 0;
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) s += x[base + h * g.W + w]!;
        const count = p.countIncludePad ? g.kh * g.kw : (h1 - h0) * (w1 - w0);
        o[(c * g.Ho + oh) * g.Wo + ow] = s / count;
      }
    }
  }
};

/** dx: each dy spread evenly (by the forward divisor) over the real cells of its window. */
export const avgPool2dGrad: ArrayKernel<'avgPool2dGrad'> = (inputs, out, p) => {
  const dy = inputs[0]!.data, o = out.data;
  const g = geometry(out.shape, inputs[0]!.shape, p);
  const plane = new Float64Array(g.H * g.W);
  for (let c = 0; c < g.planes; c++) {
    plane.fill(0);
    for (let oh = 0; oh < g.Ho; oh++) {
      const hs = oh * g.sh - g.pt, h0 = Math.max(hs, 0), h1 = Math.min(hs + g.kh, g.H);
      for (let ow = 0; ow < g.Wo; ow++) {
        const ws = ow * g.sw - g.pl, w0 = Math.max(ws, 0), w1 = Math.min(ws + g.kw, g.W);
        const count = p.countIncludePad ? g.kh * g.kw : (h1 - h0) * (w1 - w0);
        const share = dy[(c * g.Ho + oh) * g.Wo + ow]! / count;
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) plane[h * g.W + w]! += share;
      }
    }
    o.set(plane, c * g.H * g.W);
  }
};
