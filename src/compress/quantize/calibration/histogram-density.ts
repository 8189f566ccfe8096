/**
 * A histogram read as a density: the values of each bin are taken as spread
 * uniformly over the part of the bin inside [min, max] (the exact extremes
 * seen), so the cumulative distribution is piecewise linear, quantiles
 * never leave [min, max] and the distribution of |x| can be re-binned on
 * any grid. The calibration methods use nothing else of the histogram.
 */
import type { Histogram } from './histogram.js';

export interface ClipRange {
  min: number;
  max: number;
}

/** True when every value seen was the same (the methods then return [min, max] as is). */
export function isPointMass(h: Histogram): boolean {
  return h.min === h.max;
}

/** The support of bin i: its interval intersected with [min, max]. */
export function binSupport(h: Histogram, i: number): [number, number] {
  const a = Math.max(h.lo + i * h.width, h.min);
  const b = Math.min(h.lo + (i + 1) * h.width, h.max);
  return [a, Math.max(a, b)];
}

/** Number of values ≤ x under the uniform-within-bin reading. */
export function cumulativeCount(h: Histogram, x: number, prefix: Float64Array = prefixCounts(h)): number {
  if (x < h.min) return 0;
  if (x >= h.max) return h.total;
  const n = h.counts.length;
  const i = Math.min(Math.max(Math.floor((x - h.lo) / h.width), 0), n - 1);
  const [a, b] = binSupport(h, i);
  const inside = b > a ? Math.min(Math.max((x - a) / (b - a), 0), 1) : x >= a ? 1 : 0;
  return prefix[i]! + inside * h.counts[i]!;
}

/** prefix[i] = values in bins before i; prefix[n] = total. */
export function prefixCounts(h: Histogram): Float64Array {
  const p = new Float64Array(h.counts.length + 1);
  for (let i = 0; i < h.counts.length; i++) p[i + 1] = p[i]! + h.counts[i]!;
  return p;
}

/** The value below which a fraction `f` ∈ [0, 1] of the values lie (linear within a bin). */
export function quantile(h: Histogram, f: number): number {
  if (isPointMass(h)) return h.min;
  const target = f * h.total;
  if (target <= 0) return h.min;
  if (target >= h.total) return h.max;
  let below = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const c = h.counts[i]!;
    if (c > 0 && below + c >= target) {
      const [a, b] = binSupport(h, i);
      return a + ((target - below) / c) * (b - a);
    }
    below += c;
  }
  return h.max;
}

/**
 * The histogram of |x| over `bins` equal bins on [0, max|x|]: each bin's
 * mass is spread uniformly over its support, the negative part of it
 * mirrored, and poured into the magnitude bins it overlaps in proportion to
 * the overlap. Returns the counts and the bin width.
 */
export function magnitudeHistogram(h: Histogram, bins: number): { counts: Float64Array; width: number } {
  const top = Math.max(Math.abs(h.min), Math.abs(h.max));
  const width = top / bins;
  const counts = new Float64Array(bins);
  for (let i = 0; i < h.counts.length; i++) {
    const c = h.counts[i]!;
    if (c === 0) continue;
    const [a, b] = binSupport(h, i);
    if (b === a || width === 0) {
      pour(counts, width, Math.abs(a), Math.abs(a), c);
      continue;
    }
    // The part below 0 mirrors onto [|min(b, 0)|, |a|]; the part above onto [max(a, 0), b].
    if (a < 0) pour(counts, width, -Math.min(b, 0), -a, (c * (Math.min(b, 0) - a)) / (b - a));
    if (b > 0) pour(counts, width, Math.max(a, 0), b, (c * (b - Math.max(a, 0))) / (b - a));
  }
  return { counts, width };
}

/** Adds `mass`, spread uniformly over [from, to], to the bins of `width` starting at 0. */
function pour(counts: Float64Array, width: number, from: number, to: number, mass: number): void {
  const last = counts.length - 1;
  const binOf = (v: number): number => (width === 0 ? 0 : Math.min(Math.max(Math.floor(v / width), 0), last));
  const first = binOf(from);
  const end = binOf(to);
  if (first === end || to <= from) {
    counts[first]! += mass;
    return;
  }
  for (let j = first; j <= end; j++) {
    const overlap = Math.min(to, j === last ? Infinity : (j + 1) * width) - Math.max(from, j * width);
    if (overlap > 0) counts[j]! += (mass * overlap) / (to - from);
  }
}
