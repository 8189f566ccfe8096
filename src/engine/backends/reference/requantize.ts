/**
 * requantize, the oracle: per element, TFLite's requantization step
 * (tensorflow/lite/kernels/internal/reference/integer_ops/conv.h):
 *   v = saturate_int32(acc + bias[c]),
 *   out = clamp(MultiplyByQuantizedMultiplier(v, M[c], shift[c]) + zeroPoint, min, max),
 * with the exact fixed-point arithmetic of fixed-point.ts, in the
 * double-rounding form (mbqm) or the single-rounding one (mbqmSingle) as
 * `rounding` says. TFLite adds the bias with a plain int32 add; saturating
 * instead makes the (rare) overflow well defined and monotone.
 */
import type { ArrayKernel } from '../../backend.js';
import { mbqm, mbqmSingle, saturateInt32 } from '../../fixed-point.js';

export const requantize: ArrayKernel<'requantize'> = (inputs, out, p) => {
  const acc = inputs[0]!, bias = inputs[1]?.data;
  const shape = acc.shape;
  const channels = shape[p.axis]!;
  let inner = 1;
  for (let d = p.axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const outer = channels * inner === 0 ? 0 : acc.data.length / (channels * inner);
  const a = acc.data, o = out.data;
  const rescale = p.rounding === 'single' ? mbqmSingle : mbqm;
  for (let c = 0; c < channels; c++) {
    const m = p.multiplier[p.multiplier.length === 1 ? 0 : c]!;
    const s = p.shift[p.shift.length === 1 ? 0 : c]!;
    const b = bias === undefined ? 0 : bias[c]!;
    for (let n = 0; n < outer; n++) {
      const base = (n * channels + c) * inner;
      for (let i = base; i < base + inner; i++) {
        const r = rescale(saturateInt32(a[i]! + b), m, s) + p.zeroPoint;
        o[i] = r < p.min ? p.min : r > p.max ? p.max : r;
      }
    }
  }
};
