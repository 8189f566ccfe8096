/**
 * Synthetic windows from a (conditional) VAE codec: z ~ N(0, I) from the
 * prior, decoded with the requested class — ancestral sampling of p(x | y)
 * (Kingma & Welling 2014, sec. 2.4; Sohn et al. 2015 for the conditional
 * prior), then x ~ N(x̂, σ²) per channel when `noiseStd` is given: the
 * model's Gaussian likelihood with σ the residual of its reconstructions
 * (residualStd), so samples carry the sensor noise the decoder's mean
 * smooths away. Any precision's decoder samples with the same code; the seed
 * fixes the draws, so precisions decode the same z and the same noise.
 */
import { noGrad, randn, Rng, tidy } from '../../engine/index.js';
import type { WindowSet } from '../metrics/window-set.js';
import type { LatentCodec } from '../precision/latent-codec.js';

export interface SampledWindows {
  windows: WindowSet;
  labels: Int32Array;
}

/** `perClass` windows of each class (or `perClass` windows of an unconditional model), shaped [C, L]. */
export function sampleWindows(codec: LatentCodec, perClass: number, shape: readonly [number, number], seed: number, noiseStd?: readonly number[], batchSize = 256): SampledWindows {
  if (noiseStd !== undefined && (noiseStd.length !== shape[0] || !noiseStd.every((v) => v >= 0 && Number.isFinite(v)))) throw new RangeError(`sampleWindows: noiseStd must hold one finite value >= 0 per channel (${shape[0]}), got ${JSON.stringify(noiseStd)}`);
  if (!Number.isInteger(perClass) || perClass < 1) throw new RangeError(`sampleWindows: perClass must be a positive integer, got ${perClass}`);
  const classes = Math.max(1, codec.classes);
  const count = classes * perClass;
  const per = shape[0] * shape[1];
  const data = new Float32Array(count * per);
  const labels = Int32Array.from({ length: count }, (_, i) => Math.floor(i / perClass));
  const rng = new Rng(seed);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const lab = codec.classes > 0 ? Array.from(labels.subarray(start, start + n)) : undefined;
    const y = noGrad(() => tidy(() => codec.decode(randn([n, codec.latent], rng), lab).toArray() as Float32Array));
    if (y.length !== n * per) throw new RangeError(`sampleWindows: the decoder returned ${y.length / n} values per window; expected ${per}`);
    if (noiseStd) {
      for (let i = 0; i < y.length; i++) y[i] = y[i]! + noiseStd[Math.floor(i / shape[1]) % shape[0]]! * rng.normal();
    }
    data.set(y, start * per);
  }
  return { windows: { data, count, channels: shape[0], length: shape[1] }, labels };
}
