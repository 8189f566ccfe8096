/**
 * Anomaly thresholds calibrated on scores of normal data only. A deployed
 * detector never sees labelled anomalies before it must alarm, so its
 * threshold is a statement about the normal score distribution ("alarm on
 * the top 1 % of normal behaviour"), never a value tuned to the labels it is
 * later evaluated on.
 *
 * - quantileThreshold: the q-quantile with linear interpolation between
 *   order statistics, numpy.quantile's default method='linear' (Hyndman &
 *   Fan 1996, definition 7): h = (n − 1) q, x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)
 *   over the sorted scores, 0-based. Expected false-alarm rate ≈ 1 − q.
 * - madThreshold: median + k · 1.4826 · MAD, MAD the median absolute
 *   deviation from the median. 1.4826 ≈ 1/Φ⁻¹(3/4) makes 1.4826 · MAD a
 *   consistent estimate of σ for normal data (R's mad() default constant;
 *   C. Leys et al., "Detecting outliers: Do not use standard deviation around
 *   the mean, use absolute deviation around the median", J. Exp. Soc.
 *   Psychol. 49(4):764–766, 2013, who recommend k = 2.5). Unlike mean + k·sd
 *   it is not dragged up by the few anomalies a "normal" set still contains.
 */
import { requireFinite, requireFiniteValues, type NumericArray } from './argument-checks.js';

/** Normal-consistency constant of the MAD, 1/Φ⁻¹(3/4) to four decimals (R's mad()). */
export const MAD_NORMAL_CONSISTENCY = 1.4826;

/** The q-quantile (0 <= q <= 1) of `normalScores`, numpy's default linear interpolation. */
export function quantileThreshold(normalScores: NumericArray, q: number): number {
  requireFiniteValues('quantileThreshold', 'normalScores', normalScores);
  requireFinite('quantileThreshold', 'q', q);
  if (q < 0 || q > 1) throw new RangeError(`quantileThreshold: q must lie in [0, 1], got ${q}`);
  return sortedQuantile(Float64Array.from(normalScores).sort(), q);
}

/** median + k · 1.4826 · MAD of `normalScores`, k >= 0. With MAD = 0 (over half the scores equal) this is the median. */
export function madThreshold(normalScores: NumericArray, k: number): number {
  requireFiniteValues('madThreshold', 'normalScores', normalScores);
  requireFinite('madThreshold', 'k', k);
  if (k < 0) throw new RangeError(`madThreshold: k must be >= 0 (multiples of the robust standard deviation above the median), got ${k}`);
  const sorted = Float64Array.from(normalScores).sort();
  const median = sortedQuantile(sorted, 0.5);
  const deviations = sorted.map((v) => Math.abs(v - median)).sort();
  return median + k * MAD_NORMAL_CONSISTENCY * sortedQuantile(deviations, 0.5);
}

function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  if (lo + 1 >= sorted.length) return sorted[lo]!;
  return sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!);
}
