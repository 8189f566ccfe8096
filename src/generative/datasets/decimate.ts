/**
 * Downsampling windows by an integer factor with a box (moving-mean) filter
 * before decimation: each output sample is the mean of `factor` inputs, so
 * content above the new Nyquist rate is attenuated rather than aliased
 * (a first-order anti-alias filter; cf. scipy.signal.decimate, which uses a
 * longer FIR — the box is enough here because ECG energy sits below 40 Hz,
 * well under the 45 Hz Nyquist rate of 360 Hz / 4).
 */
export function decimateWindows(data: Float32Array, rows: number, length: number, factor: number): { data: Float32Array; length: number } {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`decimateWindows: factor must be a positive integer, got ${factor}`);
  if (length % factor !== 0) throw new RangeError(`decimateWindows: the window length (${length}) must be a multiple of the factor (${factor})`);
  if (data.length !== rows * length) throw new RangeError(`decimateWindows: ${data.length} values is not ${rows} rows × ${length}`);
  const out = length / factor;
  const y = new Float32Array(rows * out);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < out; t++) {
      let s = 0;
      for (let k = 0; k < factor; k++) s += data[r * length + t * factor + k]!;
      y[r * out + t] = s / factor;
    }
  }
  return { data: y, length: out };
}
