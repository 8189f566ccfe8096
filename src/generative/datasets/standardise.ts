/**
 * Per-channel standardisation of windows with statistics of a reference
 * set (the training windows), applied unchanged to every other set so no
 * test statistic leaks into the scaling.
 */
import type { WindowSet } from '../metrics/window-set.js';

export interface ChannelStandardisation {
  mean: number[];
  std: number[];
}

export interface Standardiser {
  parameters: ChannelStandardisation;
  /** A standardised copy of `set` (same channels and length as the reference). */
  apply(set: WindowSet): WindowSet;
  /** Back to the original units, in place on a copy. */
  invert(set: WindowSet): WindowSet;
}

export function standardiseWindows(reference: WindowSet): Standardiser {
  const { channels, length, count, data } = reference;
  const mean = new Array<number>(channels).fill(0);
  const std = new Array<number>(channels).fill(0);
  for (let c = 0; c < channels; c++) {
    let s = 0;
    let s2 = 0;
    for (let w = 0; w < count; w++) {
      const off = (w * channels + c) * length;
      for (let t = 0; t < length; t++) {
        const v = data[off + t]!;
        s += v;
        s2 += v * v;
      }
    }
    const n = count * length;
    mean[c] = s / n;
    const variance = Math.max(0, s2 / n - mean[c]! ** 2);
    // A constant channel has nothing to scale; 1 keeps it at 0.
    std[c] = variance > 0 ? Math.sqrt(variance) : 1;
  }
  return fromParameters({ mean, std }, channels, length);
}

export function fromParameters(p: ChannelStandardisation, channels: number, length: number): Standardiser {
  if (p.mean.length !== channels || p.std.length !== channels) throw new RangeError(`standardisation: ${p.mean.length} means and ${p.std.length} deviations for ${channels} channels`);
  const map = (set: WindowSet, f: (v: number, c: number) => number): WindowSet => {
    if (set.channels !== channels || set.length !== length) throw new RangeError(`standardisation: windows are [${set.channels}, ${set.length}], the statistics are for [${channels}, ${length}]`);
    const out = new Float32Array(set.data.length);
    for (let w = 0; w < set.count; w++) {
      for (let c = 0; c < channels; c++) {
        const off = (w * channels + c) * length;
        for (let t = 0; t < length; t++) out[off + t] = f(set.data[off + t]!, c);
      }
    }
    return { data: out, count: set.count, channels, length };
  };
  return {
    parameters: p,
    apply: (set) => map(set, (v, c) => (v - p.mean[c]!) / p.std[c]!),
    invert: (set) => map(set, (v, c) => v * p.std[c]! + p.mean[c]!),
  };
}
