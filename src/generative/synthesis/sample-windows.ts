/**
 * Synthetic windows from a (conditional) VAE codec: a latent code z per
 * window, decoded with the requested class — ancestral sampling of
 * p(x | y) (Kingma & Welling 2014, sec. 2.4; Sohn et al. 2015 for the
 * conditional model) — then, when `noise` is given, the observation noise
 * the decoder's smooth mean leaves out (residual-noise.ts).
 *
 * z comes from `latents`: the prior N(0, I) by default, or a density
 * fitted to the encoder's codes (latent-density.ts), which samples where
 * the decoder was trained. Any precision's decoder samples with the same
 * code; the seed fixes every draw.
 */
import { noGrad, Rng, tensor, tidy } from '../../engine/index.js';
import type { WindowSet } from '../metrics/window-set.js';
import type { LatentCodec } from '../precision/latent-codec.js';
import { priorSampler, type LatentSampler } from './latent-density.js';
import { addResidualNoise, residualNoiseProblem, type ResidualNoise } from './residual-noise.js';

export interface SampledWindows {
  windows: WindowSet;
  labels: Int32Array;
}

export interface SampleWindowsOptions {
  /** Observation noise added to the decoder's mean; default none. */
  noise?: ResidualNoise;
  /** Where z comes from; default the prior N(0, I). */
  latents?: LatentSampler;
  /** Windows decoded per call; default 256. */
  batchSize?: number;
}

const WHO = 'sampleWindows';

/**
 * Windows shaped [C, L] in class order: `perClass` of each class (a
 * number), or `perClass[k]` of class k (one entry per class). An
 * unconditional model has one class.
 */
export function sampleWindows(codec: LatentCodec, perClass: number | readonly number[], shape: readonly [number, number], seed: number, options: SampleWindowsOptions = {}): SampledWindows {
  const classes = Math.max(1, codec.classes);
  const counts = typeof perClass === 'number' ? new Array<number>(classes).fill(perClass) : [...perClass];
  if (counts.length !== classes) throw new RangeError(`${WHO}: perClass must hold one count per class (${classes}), got ${counts.length}`);
  if (!counts.every((c) => Number.isInteger(c) && c >= 0) || counts.every((c) => c === 0)) throw new RangeError(`${WHO}: perClass must be integers >= 0, not all 0; got ${JSON.stringify(perClass)}`);
  if (options.noise) {
    const problem = residualNoiseProblem(options.noise, classes, shape[0]);
    if (problem) throw new RangeError(`${WHO}: options.noise does not fit ${classes} class(es) of ${shape[0]} channel(s): ${problem}`);
  }
  const latents = options.latents ?? priorSampler(codec.latent);
  if (latents.latent !== codec.latent) throw new RangeError(`${WHO}: options.latents draws ${latents.latent}-dimensional codes but the codec's latent has ${codec.latent}`);
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`${WHO}: options.batchSize must be a positive integer, got ${batchSize}`);
  const count = counts.reduce((a, b) => a + b, 0);
  const per = shape[0] * shape[1];
  const data = new Float32Array(count * per);
  const labels = new Int32Array(count);
  let row = 0;
  counts.forEach((c, k) => labels.fill(k, row, (row += c)));
  const rng = new Rng(seed);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const lab = labels.subarray(start, start + n);
    const conditioning = codec.classes > 0 ? Array.from(lab) : undefined;
    const z = latents.sample(n, conditioning, rng);
    const y = noGrad(() => tidy(() => codec.decode(tensor(z, [n, codec.latent]), conditioning).toArray() as Float32Array));
    if (y.length !== n * per) throw new RangeError(`${WHO}: the decoder returned ${y.length / n} values per window; expected ${per}`);
    if (options.noise) addResidualNoise(y, lab, options.noise, shape, rng);
    data.set(y, start * per);
  }
  return { windows: { data, count, channels: shape[0], length: shape[1] }, labels };
}
