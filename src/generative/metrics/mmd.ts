/**
 * Squared maximum mean discrepancy between two window sets, the two-sample
 * statistic we use to ask "do the synthetic windows come from the same
 * distribution as the real ones?" (A. Gretton, K. M. Borgwardt, M. J. Rasch,
 * B. Schölkopf, A. Smola, "A Kernel Two-Sample Test", JMLR 13:723–773, 2012).
 *
 * Each window is flattened to one vector of channels × length values and
 * compared with the Gaussian RBF kernel k(a, b) = exp(−‖a − b‖² / (2σ²)).
 * The estimator is the unbiased MMD²_u of Gretton et al. eq. (3):
 *
 *   MMD²_u = 1/(n(n−1)) Σ_{i≠j} k(x_i, x_j) + 1/(m(m−1)) Σ_{i≠j} k(y_i, y_j)
 *            − 2/(nm) Σ_{i,j} k(x_i, y_j)
 *
 * (the paper calls the sizes m and n the other way round). Being unbiased it
 * is centred on the population MMD², so for two samples of one distribution
 * it scatters around 0 and can be slightly negative.
 *
 * σ defaults to the median heuristic: the median Euclidean distance between
 * all pairs of the pooled windows (Gretton et al. 2012 §8, "the median
 * distance between points in the aggregate sample"; its large-sample
 * behaviour is analysed by D. Garreau, W. Jitkrittum, M. Kanagawa, "Large
 * sample analysis of the median heuristic", arXiv:1707.07269, 2017). Pass
 * `sigma` to fix it, e.g. to compare several synthetic sets on one scale.
 *
 * Cost is O(N² · channels · length) time and N(N−1)/2 doubles of memory for
 * N = n + m pooled windows; `maxWindows` bounds it by comparing a seeded
 * random subsample of at most that many windows from each set.
 */
import { Rng } from '../../engine/random.js';
import { requireInteger, requirePositive } from './argument-checks.js';
import { checkWindowSet, requireSameWindowShape, type WindowSet } from './window-set.js';

export interface MmdOptions {
  /** Kernel bandwidth; default: the median heuristic over the pooled windows. */
  sigma?: number;
  /** Compare at most this many windows (>= 2) of each set, drawn without replacement; default: all. */
  maxWindows?: number;
  /** Seed of the subsampling draw (used only when a set exceeds maxWindows); default 0. */
  seed?: number;
}

export interface MmdResult {
  /** Unbiased MMD² estimate (can be slightly negative). */
  mmd2: number;
  /** The bandwidth used. */
  sigma: number;
  /** Windows of `x` used. */
  n: number;
  /** Windows of `y` used. */
  m: number;
}

/** Unbiased MMD² between window sets `x` and `y` under a Gaussian RBF kernel. */
export function rbfMmd2(x: WindowSet, y: WindowSet, options: MmdOptions = {}): MmdResult {
  const who = 'rbfMmd2';
  checkWindowSet(who, 'x', x);
  checkWindowSet(who, 'y', y);
  requireSameWindowShape(who, 'x', x, 'y', y);
  if (options.sigma !== undefined) requirePositive(who, 'options.sigma', options.sigma);
  if (options.maxWindows !== undefined) requireInteger(who, 'options.maxWindows', options.maxWindows, 2);
  if (options.seed !== undefined) requireInteger(who, 'options.seed', options.seed, 0);
  if (x.count < 2) throw new RangeError(`${who}: x has ${x.count} window; the unbiased estimator needs at least 2 per set`);
  if (y.count < 2) throw new RangeError(`${who}: y has ${y.count} window; the unbiased estimator needs at least 2 per set`);

  const rng = new Rng(options.seed ?? 0);
  const xRows = pickWindows(x.count, options.maxWindows, rng);
  const yRows = pickWindows(y.count, options.maxWindows, rng);
  const n = xRows.length;
  const m = yRows.length;
  const dim = x.channels * x.length;
  // Pooled windows: 0..n−1 from x, n..n+m−1 from y, each as (array, offset).
  const pooled = (k: number): [Float32Array | Float64Array, number] => (k < n ? [x.data, xRows[k]! * dim] : [y.data, yRows[k - n]! * dim]);

  const total = n + m;
  const squared = new Float64Array((total * (total - 1)) / 2);
  let p = 0;
  for (let i = 0; i < total; i++) {
    const [a, ao] = pooled(i);
    for (let j = i + 1; j < total; j++) {
      const [b, bo] = pooled(j);
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const diff = a[ao + d]! - b[bo + d]!;
        s += diff * diff;
      }
      squared[p++] = s;
    }
  }

  const sigma = options.sigma ?? medianDistance(squared);
  if (!(sigma > 0)) {
    throw new RangeError(`${who}: the median pairwise distance of the pooled windows is 0 (most windows coincide), so the median heuristic gives no bandwidth; pass options.sigma`);
  }
  const scale = -1 / (2 * sigma * sigma);
  // Walk the pairs i < j in the order they were stored: both in x, both in
  // y, or one of each (i < n <= j). Each unordered within-set pair stands
  // for the two ordered terms of Σ_{i≠j}.
  let xx = 0;
  let yy = 0;
  let xy = 0;
  p = 0;
  for (let i = 0; i < total; i++) {
    for (let j = i + 1; j < total; j++) {
      const k = Math.exp(scale * squared[p++]!);
      if (j < n) xx += k;
      else if (i >= n) yy += k;
      else xy += k;
    }
  }
  const mmd2 = (2 * xx) / (n * (n - 1)) + (2 * yy) / (m * (m - 1)) - (2 * xy) / (n * m);
  return { mmd2, sigma, n, m };
}

/** All window indices, or a seeded draw of `limit` of them without replacement (partial Fisher–Yates). */
function pickWindows(count: number, limit: number | undefined, rng: Rng): Int32Array {
  const all = Int32Array.from({ length: count }, (_, i) => i);
  if (limit === undefined || count <= limit) return all;
  for (let i = 0; i < limit; i++) {
    const j = i + rng.int(count - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, limit).sort();
}

/** Median of the distances whose squares are given (mean of the middle two for an even count). */
function medianDistance(squared: Float64Array): number {
  const sorted = Float64Array.from(squared).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? Math.sqrt(sorted[mid]!) : (Math.sqrt(sorted[mid - 1]!) + Math.sqrt(sorted[mid]!)) / 2;
}
