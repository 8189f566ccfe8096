/**
 * Operating regimes of a temperature stream as levels of its windows: each
 * window is summarised by its mean, the training windows' means are split
 * into k groups by optimal one-dimensional k-means, and every window (of any
 * split) is labelled by the nearest centroid — so the regime boundaries are
 * the midpoints between adjacent centroids, fixed on training data alone.
 *
 * Why levels: NAB's machine_temperature stream (an internal component of a
 * large industrial machine, NAB README) runs for days at distinct levels —
 * around 100 in mid-December, 85–90 from late December to late January,
 * 93–98 in February — and its partial shut-downs and recoveries pull a
 * window's mean well below the running level. The window mean separates
 * those states; its shape within the window (the daily cycle) is what the
 * generator has to learn per regime.
 *
 * Why optimal 1-D k-means: in one dimension the k-means objective (within-
 * group sum of squares) is minimised exactly by dynamic programming over the
 * sorted values, each group a contiguous run (Wang & Song 2011, "Ckmeans.1d.dp:
 * optimal k-means clustering in one dimension by dynamic programming", The R
 * Journal 3(2); the same criterion as Jenks' natural breaks). No random
 * initialisation, so the regimes are a function of the data.
 *
 * A regime a model can be trained and judged on needs windows on both sides
 * of the split: one with fewer than `minWindows` windows in any set is
 * merged into the adjacent regime with the nearer centroid (the merged
 * centroid is the mean of the training values it now holds), and the
 * boundaries are recomputed, until every regime has enough windows or one
 * regime is left (then the caller falls back to an unconditional model).
 */
import type { WindowSet } from '../metrics/window-set.js';

export interface LevelRegimeOptions {
  /** Regimes to look for (k of k-means), an integer >= 1. */
  regimes: number;
  /** Fewest windows a regime must have in the training set and in every other set; default 3. */
  minWindows?: number;
}

export interface LevelRegimes {
  /** Mean level of each regime's training windows, ascending (the values' unit). */
  centroids: number[];
  /** The k − 1 boundaries (midpoints of adjacent centroids): v is in regime #{t ∈ thresholds : t ≤ v}. */
  thresholds: number[];
  /** Regimes merged into a neighbour because a set had fewer than minWindows of them. */
  merged: number;
  /** Regime per training value, then per value of each other set, in their order. */
  labels: { train: Int32Array; others: Int32Array[] };
}

const WHO = 'levelRegimes';

export function levelRegimes(train: ArrayLike<number>, others: readonly ArrayLike<number>[], o: LevelRegimeOptions): LevelRegimes {
  const minWindows = o.minWindows ?? 3;
  if (!Number.isInteger(minWindows) || minWindows < 1) throw new RangeError(`${WHO}: options.minWindows must be an integer >= 1, got ${minWindows}`);
  requireFinite(WHO, 'train', train);
  others.forEach((set, k) => requireFinite(WHO, `others[${k}]`, set));
  const groups = kMeans1d(train, o.regimes);
  const sorted = Float64Array.from(train).sort();
  // Each group as a run [from, to) of the sorted training values; merging joins adjacent runs.
  let runs = groups.sizes.map((size, k) => {
    const from = groups.sizes.slice(0, k).reduce((a, b) => a + b, 0);
    return { from, to: from + size };
  });
  let merged = 0;
  for (;;) {
    const centroids = runs.map((r) => meanOf(sorted, r.from, r.to));
    const thresholds = midpoints(centroids);
    const labels = { train: regimeLabels(train, thresholds), others: others.map((set) => regimeLabels(set, thresholds)) };
    if (runs.length === 1) return { centroids, thresholds, merged, labels };
    const counts = [labels.train, ...labels.others].map((l) => countPerRegime(l, runs.length));
    const fewest = runs.map((_, r) => Math.min(...counts.map((c) => c[r]!)));
    const sparse = fewest.indexOf(Math.min(...fewest));
    if (fewest[sparse]! >= minWindows) return { centroids, thresholds, merged, labels };
    const left = sparse - 1;
    const right = sparse + 1;
    const into = right >= runs.length || (left >= 0 && centroids[sparse]! - centroids[left]! <= centroids[right]! - centroids[sparse]!) ? left : right;
    const [a, b] = into < sparse ? [into, sparse] : [sparse, into];
    runs = [...runs.slice(0, a), { from: runs[a]!.from, to: runs[b]!.to }, ...runs.slice(b + 1)];
    merged++;
  }
}

/**
 * Optimal k-means of one-dimensional values (Wang & Song 2011): centroids
 * ascending, the size of each group (contiguous in sorted order) and the
 * within-group sum of squares. O(k·n²) time, fine for the few thousand
 * window means a stream gives.
 */
export function kMeans1d(values: ArrayLike<number>, k: number): { centroids: number[]; sizes: number[]; withinSs: number } {
  requireFinite('kMeans1d', 'values', values);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`kMeans1d: k must be an integer >= 1, got ${k}`);
  const x = Float64Array.from(values).sort();
  const n = x.length;
  const distinct = x.filter((v, i) => i === 0 || v !== x[i - 1]).length;
  if (distinct < k) throw new RangeError(`kMeans1d: ${k} groups need at least ${k} distinct values, got ${distinct} (of ${n} values)`);
  const s = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    s[i + 1] = s[i]! + x[i]!;
    s2[i + 1] = s2[i]! + x[i]! * x[i]!;
  }
  /** Sum of squared deviations of x[i..j) from their mean. */
  const ss = (i: number, j: number): number => Math.max(0, s2[j]! - s2[i]! - (s[j]! - s[i]!) ** 2 / (j - i));
  // cost[q][j]: the best q groups of x[0..j); from[q][j]: where the last group starts.
  const cost = Array.from({ length: k + 1 }, () => new Float64Array(n + 1).fill(Infinity));
  const from = Array.from({ length: k + 1 }, () => new Int32Array(n + 1));
  cost[0]![0] = 0;
  for (let q = 1; q <= k; q++) {
    for (let j = q; j <= n; j++) {
      for (let i = q - 1; i < j; i++) {
        const c = cost[q - 1]![i]! + ss(i, j);
        if (c < cost[q]![j]!) {
          cost[q]![j] = c;
          from[q]![j] = i;
        }
      }
    }
  }
  const sizes: number[] = [];
  const centroids: number[] = [];
  for (let q = k, j = n; q > 0; q--) {
    const i = from[q]![j]!;
    sizes.unshift(j - i);
    centroids.unshift((s[j]! - s[i]!) / (j - i));
    j = i;
  }
  return { centroids, sizes, withinSs: cost[k]![n]! };
}

/** Regime of each value under ascending `thresholds` (a value on a threshold goes to the upper regime). */
export function regimeLabels(values: ArrayLike<number>, thresholds: readonly number[]): Int32Array {
  return Int32Array.from({ length: values.length }, (_, i) => {
    let r = 0;
    while (r < thresholds.length && thresholds[r]! <= values[i]!) r++;
    return r;
  });
}

/** Windows per regime. */
export function countPerRegime(labels: Int32Array, regimes: number): number[] {
  const counts = new Array<number>(regimes).fill(0);
  for (const r of labels) counts[r]!++;
  return counts;
}

/** Mean of channel `channel` of each window. */
export function windowMeans(set: WindowSet, channel = 0): Float64Array {
  if (!Number.isInteger(channel) || channel < 0 || channel >= set.channels) throw new RangeError(`windowMeans: channel must be an integer in [0, ${set.channels}), got ${channel}`);
  return Float64Array.from({ length: set.count }, (_, w) => {
    const off = (w * set.channels + channel) * set.length;
    let sum = 0;
    for (let t = 0; t < set.length; t++) sum += set.data[off + t]!;
    return sum / set.length;
  });
}

/** Names by level: one regime is 'normal' (nothing to tell apart); two 'low', 'high'; three 'low', 'mid', 'high'; more 'level 1'… */
export function regimeNames(count: number): string[] {
  if (count === 1) return ['normal'];
  if (count === 2) return ['low', 'high'];
  if (count === 3) return ['low', 'mid', 'high'];
  return Array.from({ length: count }, (_, i) => `level ${i + 1}`);
}

function midpoints(centroids: readonly number[]): number[] {
  return centroids.slice(1).map((c, i) => (centroids[i]! + c) / 2);
}

function meanOf(x: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]!;
  return sum / (to - from);
}

function requireFinite(who: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new RangeError(`${who}: ${name}[${i}] must be finite, got ${values[i]}`);
  }
}
