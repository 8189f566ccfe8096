/**
 * Fixed-length sliding windows over a multichannel time series, the usual
 * way sensor streams become classifier inputs (e.g. 1 s windows with 50 %
 * overlap for activity recognition). Input is time-major `[T, C]`, as sensors
 * and CSV files produce it; output is channels-first `[N, C, L]`, the NCW
 * layout Conv1d expects, so the transpose happens once here.
 */

export interface Windows {
  /** Row-major `[count, channels, windowLength]`. */
  data: Float32Array;
  count: number;
  /** `[count, channels, windowLength]`. */
  shape: [number, number, number];
}

/** Number of complete windows of `windowLength` samples, `stride` apart, in a series of `steps` samples. */
export function windowCount(steps: number, windowLength: number, stride: number): number {
  return steps < windowLength ? 0 : Math.floor((steps - windowLength) / stride) + 1;
}

/**
 * Window `k` covers time steps `[k * stride, k * stride + windowLength)`.
 * Only complete windows are produced; a trailing remainder shorter than
 * `windowLength` is dropped (padding would invent data).
 */
export function slidingWindows(series: Float32Array, channels: number, windowLength: number, stride: number): Windows {
  checkPositiveInteger('channels', channels);
  checkPositiveInteger('windowLength', windowLength);
  checkPositiveInteger('stride', stride);
  if (series.length % channels !== 0) {
    throw new RangeError(`slidingWindows: series has ${series.length} values, not a multiple of channels = ${channels} (expected [T, C] row-major)`);
  }
  const steps = series.length / channels;
  const count = windowCount(steps, windowLength, stride);
  const data = new Float32Array(count * channels * windowLength);
  for (let k = 0; k < count; k++) {
    const t0 = k * stride;
    const base = k * channels * windowLength;
    for (let c = 0; c < channels; c++) {
      const row = base + c * windowLength;
      for (let t = 0; t < windowLength; t++) data[row + t] = series[(t0 + t) * channels + c]!;
    }
  }
  return { data, count, shape: [count, channels, windowLength] };
}

function checkPositiveInteger(name: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) throw new RangeError(`slidingWindows: ${name} must be a positive integer, got ${v}`);
}
