/**
 * Where a VAE's decoder is asked to draw from: a density over its latent
 * codes, per class, fitted ex post to the encoder's posterior means of the
 * training windows (Ghosh et al. 2020, "From Variational to Deterministic
 * Autoencoders", ICLR, sec. 4 "ex-post density estimation": a full-covariance
 * Gaussian or a 10-component GMM fitted to the codes, sampled instead of
 * the prior).
 *
 * Why: the ELBO pulls the aggregate posterior q(z) = E_x q(z|x) towards
 * N(0, I) but never onto it, so prior samples land in "holes" the decoder
 * never learnt to draw from, and a conditional model's classes need not
 * share one region (Rosca, Lakshminarayanan & Mohamed 2018, "Distribution
 * Matching in Variational Inference"). A density fitted to the codes the
 * decoder was trained on samples where it is good.
 *
 * Fitted per precision from that precision's own encoder (codec.encode):
 * a quantized encoder's codes are shifted from the float ones, and its
 * decoder was calibrated on them.
 */
import { Rng } from '../../engine/index.js';
import type { WindowSet } from '../metrics/window-set.js';
import { encodeAll, type LatentCodec } from '../precision/latent-codec.js';
import { fitGaussianMixture, sampleGaussianMixture, type GaussianMixture } from './gaussian-mixture.js';

/** Latent codes for a batch of windows of the given classes (an unconditional model passes none). */
export interface LatentSampler {
  readonly latent: number;
  /** `count` codes [count, latent] for windows of `labels` (length count) or, unconditional, of no class. */
  sample(count: number, labels: readonly number[] | undefined, rng: Rng): Float32Array;
}

/** z ~ N(0, I): the VAE's prior (Kingma & Welling 2014), the same for every class. */
export function priorSampler(latent: number): LatentSampler {
  if (!Number.isInteger(latent) || latent < 1) throw new RangeError(`priorSampler: latent must be a positive integer, got ${latent}`);
  return {
    latent,
    sample(count, _labels, rng) {
      return Float32Array.from({ length: count * latent }, () => rng.normal());
    },
  };
}

export interface LatentDensity extends LatentSampler {
  /** One mixture per class (one in all for an unconditional codec). */
  readonly mixtures: readonly GaussianMixture[];
}

export interface LatentDensityOptions {
  /**
   * Mixture components per class: 1 is one full-covariance Gaussian;
   * default 1. A class with fewer than components·(latent + 1) codes gets
   * as many components as it has codes for.
   */
  components?: number;
  /** Draws the k-means++ seeds of a mixture (unused for one component); default 0. */
  seed?: number;
  /** Added to each covariance's diagonal; default 1e-6 (gaussian-mixture.ts). */
  regularisation?: number;
}

const WHO = 'fitLatentDensity';

/**
 * Fits the density of a codec's posterior means μ(x) on `windows`, one
 * mixture per class (labels required for a conditional codec, ignored for
 * an unconditional one).
 */
export function fitLatentDensity(codec: LatentCodec, windows: WindowSet, labels: Int32Array | undefined, options: LatentDensityOptions = {}): LatentDensity {
  const classes = Math.max(1, codec.classes);
  if (codec.classes > 0) {
    if (!labels || labels.length !== windows.count) throw new RangeError(`${WHO}: a conditional codec needs labels, one per window (${windows.count}), got ${labels ? labels.length : 'none'}`);
    const bad = labels.findIndex((y) => !(y >= 0 && y < classes));
    if (bad >= 0) throw new RangeError(`${WHO}: labels[${bad}] = ${labels[bad]}; expected a class in [0, ${classes})`);
  }
  const codes = encodeAll(codec, windows.data instanceof Float32Array ? windows.data : Float32Array.from(windows.data), windows.count, [windows.channels, windows.length], codec.classes > 0 ? labels : undefined);
  return latentDensityFromCodes(codes, codec.latent, codec.classes > 0 ? labels! : new Int32Array(windows.count), classes, options);
}

/** The density of given codes [n, latent] with one class in [0, classes) per code: the maths of fitLatentDensity without a codec. */
export function latentDensityFromCodes(codes: ArrayLike<number>, latent: number, labels: ArrayLike<number>, classes: number, options: LatentDensityOptions = {}): LatentDensity {
  if (!Number.isInteger(latent) || latent < 1) throw new RangeError(`${WHO}: latent must be a positive integer, got ${latent}`);
  if (codes.length !== labels.length * latent) throw new RangeError(`${WHO}: ${codes.length} code values for ${labels.length} labels; expected ${labels.length * latent} (latent ${latent})`);
  const requested = options.components ?? 1;
  if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`${WHO}: options.components must be a positive integer, got ${requested}`);
  const rng = new Rng(options.seed ?? 0);
  const mixtures = Array.from({ length: classes }, (_, k) => {
    const rows: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === k) rows.push(i);
    const points = new Float64Array(rows.length * latent);
    rows.forEach((r, j) => {
      for (let d = 0; d < latent; d++) points[j * latent + d] = codes[r * latent + d]!;
    });
    // A class with too few codes for the components asked for gets as many as its codes support (d + 1 per full covariance).
    const components = Math.max(1, Math.min(requested, Math.floor(rows.length / (latent + 1))));
    try {
      return fitGaussianMixture(points, latent, rng, {
        components,
        ...(options.regularisation !== undefined ? { regularisation: options.regularisation } : {}),
      });
    } catch (e) {
      throw new RangeError(`${WHO}: class ${k}: ${(e as Error).message}`);
    }
  });
  return {
    latent,
    mixtures,
    sample(count, sampleLabels, sampleRng) {
      if (sampleLabels !== undefined && sampleLabels.length !== count) throw new RangeError(`LatentDensity.sample: ${sampleLabels.length} labels for ${count} codes`);
      const out = new Float32Array(count * latent);
      for (let i = 0; i < count; i++) {
        const k = sampleLabels?.[i] ?? 0;
        const mixture = mixtures[k];
        if (!mixture) throw new RangeError(`LatentDensity.sample: labels[${i}] = ${k}; expected a class in [0, ${classes})`);
        out.set(sampleGaussianMixture(mixture, 1, sampleRng), i * latent);
      }
      return out;
    },
  };
}
