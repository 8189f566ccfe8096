/**
 * BatchNorm re-estimation in folded form. A folded conv computes
 * y = ŵ·x + b, the BatchNorm's normalisation already inside ŵ and b. At b
 * bits its output statistics drift from the float model's — the sliced
 * weights change each channel's gain, and upstream layers change its
 * input — which is what re-estimating BatchNorm statistics per bit width
 * repairs (Yu et al. 2021, "Any-Precision Deep Neural Networks": a
 * low-precision network needs its own BatchNorm statistics). Folded, the
 * repair is one affine map per channel that restores the float model's
 * per-channel mean and standard deviation on the calibration data:
 *
 *   y' = a·y + d,   a = σ_float / σ_b,   d = μ_float − a·μ_b,
 *
 * applied as weight scale a·s_c and bias a·b_c + d — O(channels) numbers,
 * no weight touched. When the running statistics describe the calibration
 * data (as after training), this is re-estimating them at b bits. A layer
 * without a BatchNorm gets the mean only (a = 1: empirical bias correction,
 * Nagel et al. 2019, sec. 4.2), as there are no statistics to re-estimate.
 */
import type { ChannelMoments } from './channel-moments.js';

/** y' = gain·y + shift per channel. */
export interface ChannelAffine {
  readonly gain: Float64Array;
  readonly shift: Float64Array;
}

export function momentMatching(target: ChannelMoments, actual: ChannelMoments, matchVariance: boolean): ChannelAffine {
  const channels = target.mean.length;
  const gain = new Float64Array(channels).fill(1);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    // A channel constant at b bits (or in float) has no spread to restore: keep its gain.
    if (matchVariance && actual.variance[c]! > 0 && target.variance[c]! > 0) gain[c] = Math.sqrt(target.variance[c]! / actual.variance[c]!);
    shift[c] = target.mean[c]! - gain[c]! * actual.mean[c]!;
  }
  return { gain, shift };
}

/** The corrected weight scale (float32) and real bias of a layer computing scale_c·q + bias_c. */
export function applyChannelAffine(weightScale: Float32Array, bias: ArrayLike<number>, a: ChannelAffine): { weightScale: Float32Array; bias: Float32Array } {
  return {
    weightScale: Float32Array.from(weightScale, (s, c) => s * a.gain[c]!),
    bias: Float32Array.from(weightScale, (_, c) => a.gain[c]! * bias[c]! + a.shift[c]!),
  };
}
