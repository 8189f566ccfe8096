/**
 * Resampling an irregular or differently-stepped series onto a fixed step,
 * as a pure function. Two methods, the usual pair (cf. pandas
 * `Series.resample().mean()` and `numpy.interp`):
 *  - `linear`: the value at each grid time, linearly interpolated between
 *    the two surrounding samples — right when upsampling or re-gridding;
 *  - `mean`: the mean of the samples in each bin [t, t + step) — right when
 *    downsampling, where interpolation would alias.
 * `auto` picks mean when the new step exceeds the series' median step.
 * A mean bin with no sample (a gap) is filled by linear interpolation, and
 * the count of such bins is returned: a reported repair, never a silent one.
 */
import { medianStep } from './csv-timeseries.js';

export type ResampleMethod = 'linear' | 'mean' | 'auto';

export interface ResampleOptions {
  method?: ResampleMethod;
  /** First grid time. Default: the first sample's time. */
  startS?: number;
}

export interface Resampled {
  timeS: Float64Array;
  /** `[T, C]` row-major. */
  values: Float32Array;
  method: 'linear' | 'mean';
  /** Mean bins that held no sample and were filled by interpolation. */
  interpolatedBins: number;
}

export function resampleFixedStep(timeS: Float64Array, values: Float32Array, channels: number, stepS: number, options: ResampleOptions = {}): Resampled {
  if (!Number.isInteger(channels) || channels <= 0) throw new RangeError(`resampleFixedStep: channels must be a positive integer, got ${channels}`);
  if (!(stepS > 0) || !Number.isFinite(stepS)) throw new RangeError(`resampleFixedStep: stepS must be a positive finite number, got ${stepS}`);
  const n = timeS.length;
  if (values.length !== n * channels) throw new RangeError(`resampleFixedStep: ${values.length} values is not ${n} times x ${channels} channels`);
  for (let i = 1; i < n; i++) if (!(timeS[i]! > timeS[i - 1]!)) throw new RangeError(`resampleFixedStep: timeS must strictly increase (index ${i})`);
  const method = options.method === undefined || options.method === 'auto' ? (stepS > medianStep(timeS) ? 'mean' : 'linear') : options.method;
  if (n === 0) return { timeS: new Float64Array(0), values: new Float32Array(0), method, interpolatedBins: 0 };
  const start = options.startS ?? timeS[0]!;
  const end = timeS[n - 1]!;
  // Linear: grid points inside [start, end]. Mean: bins whose start lies in [start, end].
  const count = end < start ? 0 : Math.floor((end - start) / stepS + 1e-9) + 1;
  const outT = Float64Array.from({ length: count }, (_, k) => start + k * stepS);
  const out = new Float32Array(count * channels);
  let interpolatedBins = 0;
  if (method === 'linear') {
    for (let k = 0; k < count; k++) interpolateAt(timeS, values, channels, outT[k]!, out, k);
  } else {
    const sums = new Float64Array(count * channels);
    const counts = new Int32Array(count);
    for (let i = 0; i < n; i++) {
      const k = Math.floor((timeS[i]! - start) / stepS);
      if (k < 0 || k >= count) continue;
      counts[k]++;
      for (let c = 0; c < channels; c++) sums[k * channels + c] += values[i * channels + c]!;
    }
    for (let k = 0; k < count; k++) {
      if (counts[k] === 0) {
        interpolateAt(timeS, values, channels, outT[k]! + stepS / 2, out, k);
        interpolatedBins++;
      } else {
        for (let c = 0; c < channels; c++) out[k * channels + c] = sums[k * channels + c]! / counts[k]!;
      }
    }
  }
  return { timeS: outT, values: out, method, interpolatedBins };
}

/** Writes the series interpolated at `t` into row `k` of `out`; holds the end values outside the series. */
function interpolateAt(timeS: Float64Array, values: Float32Array, channels: number, t: number, out: Float32Array, k: number): void {
  const n = timeS.length;
  let hi = lowerBound(timeS, t);
  if (hi >= n) hi = n - 1;
  const lo = hi > 0 && timeS[hi]! > t ? hi - 1 : hi;
  const span = timeS[hi]! - timeS[lo]!;
  const w = span > 0 ? Math.min(1, Math.max(0, (t - timeS[lo]!) / span)) : 0;
  for (let c = 0; c < channels; c++) {
    const a = values[lo * channels + c]!;
    const b = values[hi * channels + c]!;
    out[k * channels + c] = a + (b - a) * w;
  }
}

/** First index with timeS[i] >= t (binary search). */
function lowerBound(timeS: Float64Array, t: number): number {
  let lo = 0;
  let hi = timeS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timeS[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
