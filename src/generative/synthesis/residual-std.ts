/**
 * Per-channel standard deviation of a codec's reconstruction residuals
 * x − decode(μ(x)) over a set of windows: the maximum-likelihood σ of the
 * VAE's Gaussian observation model given its decoder, used to sample
 * x ~ N(x̂, σ²) instead of returning the decoder's smooth mean.
 */
import { noGrad, tensor, tidy } from '../../engine/index.js';
import type { WindowSet } from '../metrics/window-set.js';
import type { LatentCodec } from '../precision/latent-codec.js';

export function residualStd(codec: LatentCodec, windows: WindowSet, labels?: ArrayLike<number>, batchSize = 256): number[] {
  const { count, channels, length } = windows;
  const per = channels * length;
  const sum2 = new Array<number>(channels).fill(0);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const x = Float32Array.from(windows.data.subarray(start * per, (start + n) * per));
    const lab = labels ? Array.from({ length: n }, (_, i) => labels[start + i]!) : undefined;
    const y = noGrad(() => tidy(() => codec.decode(codec.encode(tensor(x, [n, channels, length]), lab), lab).toArray() as Float32Array));
    for (let i = 0; i < y.length; i++) sum2[Math.floor(i / length) % channels]! += (x[i]! - y[i]!) ** 2;
  }
  return sum2.map((s) => Math.sqrt(s / (count * length)));
}
