/**
 * Windows cut from one standardised series at given start indices: the
 * sliding windows an online detector sees (each ending at a reading), or
 * a subset of them for training.
 */
import type { WindowSet } from '../metrics/window-set.js';
import { decimateWindows } from './decimate.js';

export function windowsAt(series: Float32Array, starts: readonly number[], length: number): WindowSet {
  const data = new Float32Array(starts.length * length);
  starts.forEach((a, k) => {
    if (!Number.isInteger(a) || a < 0 || a + length > series.length) throw new RangeError(`windowsAt: a window of ${length} at ${a} runs outside the series (${series.length} readings)`);
    data.set(series.subarray(a, a + length), k * length);
  });
  return { data, count: starts.length, channels: 1, length };
}

/** Mean of each run of `factor` readings (decimate.ts's box filter on one series); a trailing partial run is dropped. */
export function decimateSeries(values: ArrayLike<number>, factor: number): Float32Array {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`decimateSeries: factor must be a positive integer, got ${factor}`);
  const usable = Math.floor(values.length / factor) * factor;
  return decimateWindows(Float32Array.from({ length: usable }, (_, i) => values[i]!), 1, usable, factor).data;
}

/** The windows of `set` at `indices`, in that order (a copy). */
export function selectWindows(set: WindowSet, indices: readonly number[]): WindowSet {
  const per = set.channels * set.length;
  const data = new Float32Array(indices.length * per);
  indices.forEach((i, k) => data.set(set.data.subarray(i * per, (i + 1) * per), k * per));
  return { data, count: indices.length, channels: set.channels, length: set.length };
}
