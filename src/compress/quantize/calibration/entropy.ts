/**
 * Entropy calibration (Migacz 2017, "8-bit Inference with TensorRT", GTC,
 * the entropy-calibration slides and their pseudocode): choose the
 * clipping threshold T on |x| whose quantized distribution loses the least
 * information, measured as KL(P ‖ Q):
 *
 *  - |x| is histogrammed into `bins` bins (2048); for each candidate i from
 *    `levels` to `bins`, T = i bin widths (the first i bins are kept);
 *  - P is the first i bins with every count above T added to bin i − 1
 *    (clipping moves those values to the edge);
 *  - Q is the first i bins, without the clipped counts, merged into
 *    `levels` groups (128: int8's non-negative levels), each group's mass
 *    spread evenly over its bins where P is non-zero;
 *  - the i with the least KL(P ‖ Q) wins (the first on ties).
 *
 * Where Q is zero but P is not — the clipped mass landing in a group with
 * no values of its own, the usual case when a few outliers sit far from the
 * bulk — the divergence would be infinite for every threshold that clips
 * them. The open implementations of this calibrator smooth such zeros
 * (MXNet's contrib/quantization.py and TVM's kl_divergence.py,
 * `_smooth_distribution`, eps = 0.0001); here those bins of Q get
 * probability eps and Q is renormalised, so clipping a mass p costs about
 * p·log(p/eps) instead of being forbidden. The result clips the signed range symmetrically:
 * [max(min, −T), min(max, T)].
 */
import type { Histogram } from './histogram.js';
import { isPointMass, magnitudeHistogram, type ClipRange } from './histogram-density.js';

/** Migacz 2017: the reference distribution is quantized into 128 bins. */
export const DEFAULT_ENTROPY_LEVELS = 128;

/** Probability given to bins where Q is 0 and P is not (MXNet's `_smooth_distribution` default). */
export const SMOOTHING_EPS = 1e-4;

export interface EntropyOptions {
  /** Quantized bins Q is merged into. Default 128. */
  levels?: number;
  /** Bins of the |x| histogram. Default: as many as the histogram has. */
  bins?: number;
}

export function calibrateEntropy(h: Histogram, options: EntropyOptions = {}): ClipRange {
  checkEntropyOptions(options, 'calibrateEntropy');
  if (isPointMass(h)) return { min: h.min, max: h.max };
  const levels = options.levels ?? DEFAULT_ENTROPY_LEVELS;
  const bins = options.bins ?? h.counts.length;
  const { counts, width } = magnitudeHistogram(h, bins);
  const threshold = bestThresholdBin(counts, levels) * width;
  return { min: Math.max(h.min, -threshold), max: Math.min(h.max, threshold) };
}

export function checkEntropyOptions(o: EntropyOptions, who: string): void {
  const { levels, bins } = o;
  if (levels !== undefined && (!Number.isInteger(levels) || levels < 2)) throw new RangeError(`${who}: levels must be an integer >= 2, got ${levels}`);
  if (bins !== undefined && (!Number.isInteger(bins) || bins < 2)) throw new RangeError(`${who}: bins must be an integer >= 2, got ${bins}`);
}

/** The number of |x| bins kept (T = that many bin widths), minimising KL(P ‖ Q). */
export function bestThresholdBin(counts: Float64Array, levels: number): number {
  const n = counts.length;
  if (n <= levels) return n;
  const prefix = binPrefix(counts);
  let best = n;
  let bestKl = Infinity;
  for (let i = levels; i <= n; i++) {
    const kl = clippedDivergence(counts, i, levels, prefix);
    if (kl < bestKl) {
      bestKl = kl;
      best = i;
    }
  }
  return best;
}

/** Prefix sums over the bins (count, c·log c, non-zero bins) that make each candidate O(levels). */
export interface BinPrefix {
  count: Float64Array;
  countLogCount: Float64Array;
  nonZero: Float64Array;
}

export function binPrefix(counts: Float64Array): BinPrefix {
  const n = counts.length;
  const p: BinPrefix = { count: new Float64Array(n + 1), countLogCount: new Float64Array(n + 1), nonZero: new Float64Array(n + 1) };
  for (let j = 0; j < n; j++) {
    const c = counts[j]!;
    p.count[j + 1] = p.count[j]! + c;
    p.countLogCount[j + 1] = p.countLogCount[j]! + (c > 0 ? c * Math.log(c) : 0);
    p.nonZero[j + 1] = p.nonZero[j]! + (c > 0 ? 1 : 0);
  }
  return p;
}

/**
 * KL(P ‖ Q) for the threshold after bin i (everything from bin i on is
 * clipped into bin i − 1). Within a group Q is constant over the bins where
 * P is non-zero, so the group's share of Σ P·log(P/Q) is
 * (Σ c·log c − S·log N)/N − (S/N)·log Q_g, with S the group's count in P and
 * N the total: prefix sums give it in O(1), the candidate in O(levels).
 */
export function clippedDivergence(counts: Float64Array, i: number, levels: number, prefix: BinPrefix = binPrefix(counts)): number {
  const n = counts.length;
  const total = prefix.count[n]!;
  if (total === 0) return 0;
  const totalQ = prefix.count[i]!;
  const last = counts[i - 1]! + (total - totalQ);
  const groups: { sumP: number; clP: number; q: number }[] = [];
  let missing = 0;
  for (let g = 0; g < levels; g++) {
    const start = Math.floor((g * i) / levels);
    const end = Math.floor(((g + 1) * i) / levels);
    const mass = prefix.count[end]! - prefix.count[start]!;
    // P differs from the counts only in bin i − 1, the last bin of the last group.
    const upto = end === i ? i - 1 : end;
    let sumP = prefix.count[upto]! - prefix.count[start]!;
    let clP = prefix.countLogCount[upto]! - prefix.countLogCount[start]!;
    let nonZero = prefix.nonZero[upto]! - prefix.nonZero[start]!;
    if (end === i && last > 0) {
      sumP += last;
      clP += last * Math.log(last);
      nonZero += 1;
    }
    if (sumP === 0) continue;
    if (mass === 0) missing += nonZero;
    groups.push({ sumP, clP, q: mass > 0 ? mass / nonZero / totalQ : SMOOTHING_EPS });
  }
  const logNorm = Math.log(1 + SMOOTHING_EPS * missing);
  const logTotal = Math.log(total);
  let kl = 0;
  for (const { sumP, clP, q } of groups) kl += (clP - sumP * logTotal) / total - (sumP / total) * (Math.log(q) - logNorm);
  return kl;
}
