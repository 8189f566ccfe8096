/** Per-channel mean and (population) variance over every axis but 1, across a list of batches, in float64. */
import type { Tensor } from '../../../engine/index.js';

export interface ChannelMoments {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

export function channelMoments(ys: readonly Tensor[]): ChannelMoments {
  const channels = ys[0]!.shape[1]!;
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  let perChannel = 0;
  for (const y of ys) {
    const inner = y.shape.slice(2).reduce((a, b) => a * b, 1);
    const v = y.toArray();
    for (let i = 0; i < v.length; i++) {
      const c = Math.floor(i / inner) % channels;
      sum[c] = sum[c]! + v[i]!;
      sumSq[c] = sumSq[c]! + v[i]! * v[i]!;
    }
    perChannel += v.length / channels;
  }
  const mean = sum.map((s) => s / perChannel);
  // E[y²] − E[y]², clamped at 0 against cancellation.
  const variance = sumSq.map((s, c) => Math.max(s / perChannel - mean[c]! ** 2, 0));
  return { mean, variance };
}
