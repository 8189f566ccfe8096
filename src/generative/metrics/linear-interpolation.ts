/**
 * Linear interpolation across missing runs, the baseline every learned
 * imputer must beat: a generative imputer that cannot improve on a straight
 * line between the observed neighbours is not worth its energy on a device.
 *
 * Layout [channels, length], row-major, as one window of a WindowSet (and the
 * masks of dropout-mask.ts): sample t of channel c is values[c · length + t];
 * mask 1 = missing. Each channel is filled on its own, so gaps may differ
 * between channels. A missing run with observed samples on both sides is
 * filled on the straight line between them (in sample index); a run at the
 * start or end of a channel, which has a neighbour on one side only, holds
 * that neighbour's value rather than extrapolating a trend from one point.
 */
import { requireBinary, requireInteger, type NumericArray } from './argument-checks.js';

/** A copy of `values` ([channels, length]) with the entries `mask` marks missing filled in. Missing entries' values are not read. */
export function linearInterpolate<T extends Float32Array | Float64Array>(values: T, channels: number, mask: NumericArray): T {
  const who = 'linearInterpolate';
  if (!(values instanceof Float32Array) && !(values instanceof Float64Array)) throw new TypeError(`${who}: values must be a Float32Array or Float64Array`);
  requireInteger(who, 'channels', channels, 1);
  if (values.length === 0 || values.length % channels !== 0) {
    throw new RangeError(`${who}: values has ${values.length} entries; expected a non-empty multiple of channels = ${channels} ([channels, length])`);
  }
  if (mask.length !== values.length) throw new RangeError(`${who}: mask has ${mask.length} entries but values has ${values.length}; they must pair one to one`);
  requireBinary(who, 'mask', mask);
  const length = values.length / channels;
  const out = values.slice() as T;
  for (let c = 0; c < channels; c++) {
    const row = c * length;
    let previous = -1; // last observed index in this channel
    for (let t = 0; t <= length; t++) {
      if (t < length && mask[row + t] === 1) continue;
      if (t < length && !Number.isFinite(values[row + t]!)) throw new RangeError(`${who}: values[${row + t}] (channel ${c}, sample ${t}) is observed but not finite (got ${values[row + t]})`);
      if (t === length && previous === -1) throw new RangeError(`${who}: channel ${c} has no observed sample to interpolate from`);
      // Fill the run (previous, t) of missing samples, if any.
      for (let s = previous + 1; s < t; s++) {
        if (previous === -1) out[row + s] = values[row + t]!;
        else if (t === length) out[row + s] = values[row + previous]!;
        else {
          const left = values[row + previous]!;
          const right = values[row + t]!;
          out[row + s] = left + ((right - left) * (s - previous)) / (t - previous);
        }
      }
      previous = t;
    }
  }
  return out;
}
