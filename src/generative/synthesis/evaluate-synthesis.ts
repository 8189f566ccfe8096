/**
 * The quality of a generator's windows at every precision of its codec
 * ladder, judged against real held-out windows the generator never saw:
 *
 *   MMD²     RBF kernel, median heuristic (Gretton et al. 2012)
 *   PSD      mean |Δ log10 PSD| per channel (Welch)
 *   disc.    held-out accuracy of a CNN telling real from synthetic (0.5 best; TimeGAN)
 *   TSTR     accuracy on the real held-out windows of a CNN trained on
 *            synthetic windows, against the same CNN trained on the real
 *            training windows (TRTR); only for class-conditional models;
 *            the mean over `classifierSeeds` classifier seeds
 *
 * Exactly as many synthetic windows of each class as the training set has
 * (so TSTR's classifier sees the data and the class balance TRTR's sees;
 * only the windows differ). Each variant draws with what it fitted on the
 * training windows through its own encoder and decoder — the latent
 * density (latent-density.ts) and the residual noise (residual-noise.ts) —
 * so a quantized variant is judged with its own latents and its own
 * errors. Every precision draws with the same seed.
 */
import type { WindowSet } from '../metrics/window-set.js';
import { rbfMmd2 } from '../metrics/mmd.js';
import { psdDistance } from '../metrics/psd.js';
import { discriminativeScore } from '../metrics/discriminative-score.js';
import { trainOnSyntheticTestOnReal } from '../metrics/tstr.js';
import type { CodecVariant } from '../precision/codec-variants.js';
import type { LatentCodec } from '../precision/latent-codec.js';
import { fitLatentDensity, priorSampler, type LatentSampler } from './latent-density.js';
import { fitResidualNoise, type ResidualNoise } from './residual-noise.js';
import { sampleWindows } from './sample-windows.js';
import type { SynthesisQuality, TstrRun } from './synthesis-result.js';

/** Real windows with their class labels (all 0 for an unconditional model). */
export interface LabelledWindowSet {
  windows: WindowSet;
  labels: Int32Array;
}

/** Where z comes from: the prior N(0, I), or a full-covariance Gaussian mixture per class fitted to the training codes. */
export type LatentChoice = 'prior' | { components: number };

/** The noise added to the decoder's mean: none, or fitted to the training residuals (per class or pooled; AR(1) or white). */
export type NoiseChoice = 'none' | { perClass: boolean; autoregressive: boolean };

/**
 * Defaults, measured on STM32 HAR (docs/generative.md, seed 1, fp32): the
 * prior with pooled white noise left TSTR 15 points under TRTR; per-class
 * AR(1) noise closed the gap, and a 10-component mixture per class (Ghosh
 * et al. 2020's choice) gave the lowest MMD² and discriminative accuracy.
 */
export const DEFAULT_LATENTS: LatentChoice = { components: 10 };
export const DEFAULT_NOISE: NoiseChoice = { perClass: true, autoregressive: true };

export interface EvaluateSynthesisOptions {
  sampleRateHz: number;
  seed: number;
  /** Epochs of the TSTR/TRTR and discriminative classifiers; default 10. */
  classifierEpochs?: number;
  /**
   * TSTR and TRTR are each the mean over this many classifier seeds
   * (seed, seed + 1, …); default 1. One seed is a noisy reading: on STM32
   * HAR, TRTR ranged 0.84–0.99 over five seeds (docs/generative.md).
   */
  classifierSeeds?: number;
  /** Windows per set behind MMD² (a random subset above it; the kernel matrix is quadratic); default 1000. */
  maxMmdWindows?: number;
  /** Synthetic windows kept per class for plots; default 5. */
  examplesPerClass?: number;
  /** Synthetic windows kept per class in SynthesisQuality.samples (from the same draw as the metrics); none by default. */
  samplesPerClass?: number;
  /** Default DEFAULT_LATENTS. */
  latents?: LatentChoice;
  /** Default DEFAULT_NOISE. */
  noise?: NoiseChoice;
  log?: (message: string) => void;
}

const WHO = 'evaluateSynthesis';

export async function evaluateSynthesis(variants: readonly CodecVariant[], train: LabelledWindowSet, heldOut: LabelledWindowSet, o: EvaluateSynthesisOptions): Promise<SynthesisQuality[]> {
  const latentChoice = o.latents ?? DEFAULT_LATENTS;
  const noiseChoice = o.noise ?? DEFAULT_NOISE;
  checkChoices(latentChoice, noiseChoice);
  const classifierSeeds = o.classifierSeeds ?? 1;
  if (!Number.isInteger(classifierSeeds) || classifierSeeds < 1) throw new RangeError(`${WHO}: options.classifierSeeds must be a positive integer, got ${classifierSeeds}`);
  if (o.samplesPerClass !== undefined && !(Number.isInteger(o.samplesPerClass) && o.samplesPerClass >= 1)) throw new RangeError(`${WHO}: samplesPerClass must be a positive integer, got ${o.samplesPerClass}`);
  const shape = [train.windows.channels, train.windows.length] as const;
  const results: SynthesisQuality[] = [];
  for (const v of variants) {
    const K = Math.max(1, v.codec.classes);
    const labels = v.codec.classes > 0 ? train.labels : undefined;
    const perClass = classCounts(labels ?? new Int32Array(train.windows.count), K);
    o.log?.(`${v.id}: sampling ${perClass.join('/')} windows${K > 1 ? ' per class' : ''} and scoring them`);
    const latents = latentSampler(v.codec, latentChoice, train, o.seed);
    const noise = noiseChoice === 'none' ? undefined : fitResidualNoise(v.codec, train.windows, labels, noiseChoice);
    const synthetic = sampleWindows(v.codec, perClass, shape, o.seed + 7, { latents, ...(noise ? { noise } : {}) });
    const mmd = rbfMmd2(heldOut.windows, synthetic.windows, { maxWindows: o.maxMmdWindows ?? 1000, seed: o.seed });
    const psd = psdDistance(heldOut.windows, synthetic.windows, { sampleRateHz: o.sampleRateHz });
    const disc = await discriminativeScore(heldOut.windows, synthetic.windows, { seed: o.seed, ...(o.classifierEpochs !== undefined ? { epochs: o.classifierEpochs } : {}) });
    const runs: TstrRun[] = [];
    for (let r = 0; K > 1 && r < classifierSeeds; r++) {
      const t = await trainOnSyntheticTestOnReal({
        synthetic: synthetic.windows, syntheticLabels: synthetic.labels,
        realTrain: train.windows, realTrainLabels: train.labels,
        realTest: heldOut.windows, realTestLabels: heldOut.labels,
        numClasses: K, seed: o.seed + r, ...(o.classifierEpochs !== undefined ? { epochs: o.classifierEpochs } : {}),
      });
      runs.push({ seed: o.seed + r, tstr: t.tstr, trtr: t.trtr });
    }
    const tstr = runs.length > 0 ? { tstr: mean(runs.map((x) => x.tstr)), trtr: mean(runs.map((x) => x.trtr)) } : null;
    results.push({
      precision: v.id, mmd2: mmd.mmd2, psdDistance: psd.distance, discriminativeAccuracy: disc.accuracy,
      tstr: tstr?.tstr ?? null, trtr: tstr?.trtr ?? null, tstrGapPts: tstr ? (tstr.trtr - tstr.tstr) * 100 : null, weightBytes: v.weightBytes,
      ...(runs.length > 1 ? { tstrRuns: runs } : {}),
      samplerBytes: samplerBytes(latents, noise),
      variant: { work: v.work, bits: v.bits },
      examples: examplesPerClass(synthetic.windows, synthetic.labels, K, o.examplesPerClass ?? 5),
      ...(o.samplesPerClass !== undefined ? { samples: examplesPerClass(synthetic.windows, synthetic.labels, K, o.samplesPerClass) } : {}),
    });
  }
  return results;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Windows of each class in `labels` (the training set's class balance, which the synthetic set copies). */
function classCounts(labels: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const y of labels) counts[y]!++;
  return counts;
}

function latentSampler(codec: LatentCodec, choice: LatentChoice, train: LabelledWindowSet, seed: number): LatentSampler {
  if (choice === 'prior') return priorSampler(codec.latent);
  return fitLatentDensity(codec, train.windows, codec.classes > 0 ? train.labels : undefined, { components: choice.components, seed });
}

/** Float32 bytes the sampler needs beside the decoder: the mixtures' weights, means and Cholesky factors, and σ, ρ of the noise. */
function samplerBytes(latents: LatentSampler, noise: ResidualNoise | undefined): number {
  const mixtures = 'mixtures' in latents ? (latents as { mixtures: readonly { dims: number; weights: number[] }[] }).mixtures : [];
  const latentFloats = mixtures.reduce((s, m) => s + m.weights.length * (1 + m.dims + (m.dims * (m.dims + 1)) / 2), 0);
  const noiseFloats = noise ? noise.std.length * noise.std[0]!.length * 2 : 0;
  return 4 * (latentFloats + noiseFloats);
}

function checkChoices(latents: LatentChoice, noise: NoiseChoice): void {
  if (latents !== 'prior' && !(typeof latents === 'object' && latents !== null && Number.isInteger(latents.components) && latents.components >= 1)) {
    throw new RangeError(`${WHO}: options.latents must be 'prior' or { components: a positive integer }, got ${JSON.stringify(latents)}`);
  }
  if (noise !== 'none' && !(typeof noise === 'object' && noise !== null && typeof noise.perClass === 'boolean' && typeof noise.autoregressive === 'boolean')) {
    throw new RangeError(`${WHO}: options.noise must be 'none' or { perClass: boolean, autoregressive: boolean }, got ${JSON.stringify(noise)}`);
  }
}

/** Up to `n` windows of each class, evenly spaced through the set. */
export function examplesPerClass(set: WindowSet, labels: Int32Array, classes: number, n: number): Float32Array[][] {
  const per = set.channels * set.length;
  return Array.from({ length: classes }, (_, k) => {
    const idx = [...labels.keys()].filter((i) => labels[i] === k);
    const step = Math.max(1, Math.floor(idx.length / n));
    return idx.filter((_, j) => j % step === 0).slice(0, n).map((i) => Float32Array.from(set.data.subarray(i * per, (i + 1) * per)));
  });
}
