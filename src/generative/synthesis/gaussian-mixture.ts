/**
 * A Gaussian mixture with full covariances, fitted to points by
 * expectation-maximisation (Dempster, Laird & Rubin 1977; Bishop 2006,
 * "Pattern Recognition and Machine Learning", sec. 9.2.2), and sampled
 * through the Cholesky factor of each covariance. One component is the
 * maximum-likelihood Gaussian, in closed form.
 *
 * Pure maths on plain arrays (row-major points [n, d], float64 inside):
 * the latent density of synthesis (latent-density.ts) is its only user.
 *
 * Choices, each from a source:
 * - Initial means by k-means++ seeding (Arthur & Vassilvitskii 2007), then
 *   hard assignment to the nearest mean for the first M step.
 * - `regularisation` added to every covariance's diagonal keeps it positive
 *   definite when a component collapses onto few points; 1e-6 is
 *   scikit-learn's `reg_covar` default (sklearn.mixture.GaussianMixture),
 *   small against latent codes of order 1.
 * - Stop when the mean log-likelihood per point improves by less than
 *   `tolerance` (scikit-learn's default 1e-3) or after `maxIterations`
 *   (its default 100).
 */
import type { Rng } from '../../engine/index.js';

export interface GaussianMixture {
  /** Dimensions of a point. */
  dims: number;
  /** Mixing weights, summing to 1. */
  weights: number[];
  /** Per component, its mean [d]. */
  means: Float64Array[];
  /** Per component, its covariance [d, d] row-major. */
  covariances: Float64Array[];
  /** Per component, the lower Cholesky factor L of its covariance (Σ = L Lᵀ), [d, d] row-major. */
  choleskyFactors: Float64Array[];
  /** Mean log-likelihood per point of the fitted points under the mixture (nats). */
  logLikelihood: number;
  /** EM iterations run (0 for one component: the closed form). */
  iterations: number;
}

export interface GaussianMixtureOptions {
  /** Components; default 1 (one full-covariance Gaussian). */
  components?: number;
  /** Added to each covariance's diagonal; default 1e-6. */
  regularisation?: number;
  /** Default 100. */
  maxIterations?: number;
  /** Default 1e-3 nats per point. */
  tolerance?: number;
}

const WHO = 'fitGaussianMixture';
const LOG_2PI = Math.log(2 * Math.PI);

/** Fits a mixture to `n` points of `dims` values each (row-major in `points`); the rng draws the k-means++ seeds. */
export function fitGaussianMixture(points: ArrayLike<number>, dims: number, rng: Rng, options: GaussianMixtureOptions = {}): GaussianMixture {
  if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`${WHO}: dims must be a positive integer, got ${dims}`);
  if (points.length % dims !== 0) throw new RangeError(`${WHO}: points holds ${points.length} values, not a whole number of points of ${dims} dims`);
  const n = points.length / dims;
  const k = options.components ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${WHO}: options.components must be a positive integer, got ${k}`);
  if (n < k * (dims + 1)) throw new RangeError(`${WHO}: ${n} points cannot fit ${k} full-covariance components in ${dims} dims; need at least ${k * (dims + 1)}`);
  const reg = options.regularisation ?? 1e-6;
  if (!(reg >= 0) || !Number.isFinite(reg)) throw new RangeError(`${WHO}: options.regularisation must be a finite number >= 0, got ${reg}`);
  const maxIterations = options.maxIterations ?? 100;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new RangeError(`${WHO}: options.maxIterations must be a positive integer, got ${maxIterations}`);
  const tolerance = options.tolerance ?? 1e-3;
  if (!(tolerance >= 0)) throw new RangeError(`${WHO}: options.tolerance must be >= 0, got ${tolerance}`);
  const x = Float64Array.from(points);
  if (!x.every(Number.isFinite)) throw new RangeError(`${WHO}: points must be finite; found ${x.find((v) => !Number.isFinite(v))}`);

  // Responsibilities [n, k]: hard nearest-seed assignment to start.
  const resp = nearestSeedResponsibilities(x, n, dims, kMeansPlusPlus(x, n, dims, k, rng));
  let params = mStep(x, n, dims, k, resp, reg);
  let logLikelihood = eStep(x, n, dims, params, resp);
  let iterations = 0;
  while (k > 1 && iterations < maxIterations) {
    iterations++;
    params = mStep(x, n, dims, k, resp, reg);
    const next = eStep(x, n, dims, params, resp);
    const gain = next - logLikelihood;
    logLikelihood = next;
    if (gain < tolerance) break;
  }
  return { dims, ...params, logLikelihood, iterations };
}

/** `count` points drawn from the mixture, row-major [count, d] (component by weight, then μ + L ε). */
export function sampleGaussianMixture(mixture: GaussianMixture, count: number, rng: Rng): Float64Array {
  const d = mixture.dims;
  const out = new Float64Array(count * d);
  const eps = new Float64Array(d);
  for (let i = 0; i < count; i++) {
    const c = pickComponent(mixture.weights, rng.next());
    const mu = mixture.means[c]!;
    const L = mixture.choleskyFactors[c]!;
    for (let j = 0; j < d; j++) eps[j] = rng.normal();
    for (let r = 0; r < d; r++) {
      let s = mu[r]!;
      for (let j = 0; j <= r; j++) s += L[r * d + j]! * eps[j]!;
      out[i * d + r] = s;
    }
  }
  return out;
}

/** Lower Cholesky factor of a symmetric positive-definite [d, d] matrix; throws when it is not positive definite. */
export function cholesky(a: ArrayLike<number>, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let m = 0; m < j; m++) s -= L[i * d + m]! * L[j * d + m]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`cholesky: the matrix is not positive definite (pivot ${i} is ${s}); raise the regularisation`);
        L[i * d + i] = Math.sqrt(s);
      } else {
        L[i * d + j] = s / L[j * d + j]!;
      }
    }
  }
  return L;
}

type Params = Pick<GaussianMixture, 'weights' | 'means' | 'covariances' | 'choleskyFactors'>;

/** The weighted means and covariances given responsibilities (Bishop eqs. 9.24–9.26). */
function mStep(x: Float64Array, n: number, d: number, k: number, resp: Float64Array, reg: number): Params {
  const weights: number[] = [];
  const means: Float64Array[] = [];
  const covariances: Float64Array[] = [];
  const choleskyFactors: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    let nk = 0;
    const mu = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + c]!;
      nk += r;
      for (let j = 0; j < d; j++) mu[j]! += r * x[i * d + j]!;
    }
    // A component that lost every point keeps a unit covariance at the origin with weight 0: it is never sampled.
    const safe = Math.max(nk, Number.MIN_VALUE);
    for (let j = 0; j < d; j++) mu[j] = nk > 0 ? mu[j]! / safe : 0;
    const cov = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + c]!;
      if (r === 0) continue;
      for (let a = 0; a < d; a++) {
        const da = x[i * d + a]! - mu[a]!;
        for (let b = 0; b <= a; b++) cov[a * d + b]! += r * da * (x[i * d + b]! - mu[b]!);
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        const v = nk > 0 ? cov[a * d + b]! / safe : a === b ? 1 : 0;
        cov[a * d + b] = v;
        cov[b * d + a] = v;
      }
      cov[a * d + a]! += reg;
    }
    weights.push(nk / n);
    means.push(mu);
    covariances.push(cov);
    choleskyFactors.push(cholesky(cov, d));
  }
  return { weights, means, covariances, choleskyFactors };
}

/** Fills `resp` with posterior component probabilities and returns the mean log-likelihood per point. */
function eStep(x: Float64Array, n: number, d: number, p: Params, resp: Float64Array): number {
  const k = p.weights.length;
  const logNorm = p.choleskyFactors.map((L, c) => {
    let logDet = 0;
    for (let j = 0; j < d; j++) logDet += 2 * Math.log(L[j * d + j]!);
    return Math.log(p.weights[c]!) - 0.5 * (d * LOG_2PI + logDet);
  });
  const y = new Float64Array(d);
  const logp = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      // Mahalanobis distance by forward substitution: ‖L⁻¹(x − μ)‖².
      const L = p.choleskyFactors[c]!;
      const mu = p.means[c]!;
      let m2 = 0;
      for (let r = 0; r < d; r++) {
        let s = x[i * d + r]! - mu[r]!;
        for (let j = 0; j < r; j++) s -= L[r * d + j]! * y[j]!;
        y[r] = s / L[r * d + r]!;
        m2 += y[r]! * y[r]!;
      }
      logp[c] = logNorm[c]! - 0.5 * m2;
      if (logp[c]! > max) max = logp[c]!;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(logp[c]! - max);
    const lse = max + Math.log(sum);
    total += lse;
    for (let c = 0; c < k; c++) resp[i * k + c] = Math.exp(logp[c]! - lse);
  }
  return total / n;
}

/** k-means++ seeds: the first uniformly, each next with probability proportional to its squared distance to the nearest seed so far. */
function kMeansPlusPlus(x: Float64Array, n: number, d: number, k: number, rng: Rng): number[] {
  const seeds = [rng.int(n)];
  const dist2 = new Float64Array(n).fill(Infinity);
  while (seeds.length < k) {
    const last = seeds[seeds.length - 1]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j]! - x[last * d + j]!) ** 2;
      if (s < dist2[i]!) dist2[i] = s;
      total += dist2[i]!;
    }
    let u = rng.next() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      u -= dist2[i]!;
      if (u < 0) {
        pick = i;
        break;
      }
    }
    seeds.push(pick);
  }
  return seeds;
}

function nearestSeedResponsibilities(x: Float64Array, n: number, d: number, seeds: number[]): Float64Array {
  const k = seeds.length;
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    seeds.forEach((s, c) => {
      let dd = 0;
      for (let j = 0; j < d; j++) dd += (x[i * d + j]! - x[s * d + j]!) ** 2;
      if (dd < bestD) {
        bestD = dd;
        best = c;
      }
    });
    resp[i * k + best] = 1;
  }
  return resp;
}

function pickComponent(weights: readonly number[], u: number): number {
  for (let c = 0; c < weights.length; c++) {
    u -= weights[c]!;
    if (u < 0) return c;
  }
  // Rounding left u just above 0: the last component with weight.
  for (let c = weights.length - 1; c >= 0; c--) if (weights[c]! > 0) return c;
  return weights.length - 1;
}
