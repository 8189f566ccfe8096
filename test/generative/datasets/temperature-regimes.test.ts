/**
 * Level regimes: optimal 1-D k-means against exhaustive search over every
 * labelling, regimes recovered from a synthetic three-level series (daily
 * cycle plus noise), the merging of regimes a split lacks, the boundary
 * rule, and the argument errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/index.js';
import { windowsAt } from '../../../src/generative/datasets/series-windows.js';
import { countPerRegime, kMeans1d, levelRegimes, regimeLabels, regimeNames, windowMeans } from '../../../src/generative/datasets/temperature-regimes.js';

/** The least within-group sum of squares over all labellings of `x` into k non-empty groups (k^n of them). */
function bruteForceKMeans(x: number[], k: number): number {
  let best = Infinity;
  const labels = new Array<number>(x.length).fill(0);
  for (let code = 0; code < k ** x.length; code++) {
    for (let i = 0, c = code; i < x.length; i++, c = Math.floor(c / k)) labels[i] = c % k;
    const groups = Array.from({ length: k }, (_, g) => x.filter((_, i) => labels[i] === g));
    if (groups.some((g) => g.length === 0)) continue;
    const ss = groups.reduce((sum, g) => {
      const m = g.reduce((a, b) => a + b, 0) / g.length;
      return sum + g.reduce((a, v) => a + (v - m) ** 2, 0);
    }, 0);
    best = Math.min(best, ss);
  }
  return best;
}

test('kMeans1d reaches the least within-group sum of squares of every labelling', () => {
  const rng = new Rng(5);
  for (let trial = 0; trial < 4; trial++) {
    const x = Array.from({ length: 7 }, () => Math.round(rng.normal() * 100) / 10 + (rng.next() < 0.5 ? 0 : 6));
    for (const k of [1, 2, 3]) {
      const r = kMeans1d(x, k);
      assert.ok(Math.abs(r.withinSs - bruteForceKMeans(x, k)) < 1e-9, `trial ${trial}, k ${k}: ${r.withinSs}`);
      assert.equal(r.sizes.reduce((a, b) => a + b, 0), x.length);
      assert.ok(r.centroids.every((c, i) => i === 0 || c > r.centroids[i - 1]!), `ascending: ${r.centroids}`);
    }
  }
  // Hand-checked: {1, 2} {10, 11, 12} {30}.
  assert.deepEqual(kMeans1d([12, 1, 30, 10, 2, 11], 3), { centroids: [1.5, 11, 30], sizes: [2, 3, 1], withinSs: 0.5 + 2 });
});

/** Five days at each of 20, 50 and 80 (20-min readings, a ±3 daily cycle, noise σ 1), twice over. */
function threeLevelSeries(): { series: Float32Array; level: number[] } {
  const day = 72;
  const rng = new Rng(11);
  const levels = [50, 20, 80, 50, 80, 20];
  const level: number[] = [];
  for (const l of levels) for (let i = 0; i < 5 * day; i++) level.push(l);
  const series = Float32Array.from(level, (l, i) => l + 3 * Math.sin((2 * Math.PI * i) / day) + rng.normal());
  return { series, level };
}

test('levelRegimes recovers the levels of a synthetic series and labels each window by its level', () => {
  const { series, level } = threeLevelSeries();
  const L = 72;
  const half = series.length / 2;
  // Windows inside one level only, every 12 readings; the first half trains, the second is held out.
  const starts = (from: number, to: number) => {
    const out: number[] = [];
    for (let a = from; a + L <= to; a += 12) if (level[a] === level[a + L - 1]) out.push(a);
    return out;
  };
  const trainStarts = starts(0, half);
  const heldStarts = starts(half, series.length);
  const train = windowMeans(windowsAt(series, trainStarts, L));
  const held = windowMeans(windowsAt(series, heldStarts, L));
  const r = levelRegimes(train, [held], { regimes: 3 });
  assert.equal(r.merged, 0);
  r.centroids.forEach((c, k) => assert.ok(Math.abs(c - [20, 50, 80][k]!) < 1, `centroid ${k}: ${c}`));
  r.thresholds.forEach((t, k) => assert.ok(Math.abs(t - [35, 65][k]!) < 1, `threshold ${k}: ${t}`));
  const truth = (s: number[]) => Int32Array.from(s, (a) => [20, 50, 80].indexOf(level[a]!));
  assert.deepEqual(r.labels.train, truth(trainStarts));
  assert.deepEqual(r.labels.others[0], truth(heldStarts));
  assert.deepEqual(countPerRegime(r.labels.others[0]!, 3), [25, 25, 25]);
});

test('a regime with too few windows in a set is merged into the neighbour with the nearer centroid', () => {
  const train = [0, 0.2, 10, 10.2, 13, 13.2];
  // Held out: no window near 13 → that regime joins the one at 10 (3 away), not the one at 0.
  const top = levelRegimes(train, [[0.1, 0.1, 10.1, 10.1]], { regimes: 3, minWindows: 2 });
  assert.equal(top.merged, 1);
  assert.deepEqual(top.centroids, [0.1, (10 + 10.2 + 13 + 13.2) / 4]);
  assert.deepEqual(top.thresholds, [(top.centroids[0]! + top.centroids[1]!) / 2]);
  assert.deepEqual(top.labels.train, Int32Array.from([0, 0, 1, 1, 1, 1]));
  // The middle regime lacking joins the nearer side: 10 is 3 from 13 and 10 from 0.
  const middle = levelRegimes(train, [[0, 0, 13, 13]], { regimes: 3, minWindows: 1 });
  assert.deepEqual(middle.centroids, top.centroids);
  // Nothing held out at all: merged down to one regime, every label 0.
  const one = levelRegimes(train, [[]], { regimes: 3 });
  assert.equal(one.merged, 2);
  assert.deepEqual(one.thresholds, []);
  assert.ok(Math.abs(one.centroids[0]! - train.reduce((a, b) => a + b, 0) / 6) < 1e-12);
  assert.deepEqual(one.labels.train, new Int32Array(6));
  // Enough windows everywhere: nothing merged; the training set itself is held to minWindows too.
  assert.equal(levelRegimes(train, [train], { regimes: 3, minWindows: 2 }).merged, 0);
  assert.equal(levelRegimes(train, [train], { regimes: 3, minWindows: 3 }).merged, 2);
});

test('regimeLabels puts a value on a threshold in the upper regime; windowMeans and regimeNames', () => {
  assert.deepEqual(regimeLabels([-1, 5, 5.5, 10, 11], [5, 10]), Int32Array.from([0, 1, 1, 2, 2]));
  assert.deepEqual(regimeLabels([1, 2], []), Int32Array.from([0, 0]));
  const set = { data: Float32Array.from([1, 2, 3, 10, 20, 30, 4, 4, 4, 0, 0, 6]), count: 2, channels: 2, length: 3 };
  assert.deepEqual(windowMeans(set), Float64Array.from([2, 4]));
  assert.deepEqual(windowMeans(set, 1), Float64Array.from([20, 2]));
  assert.throws(() => windowMeans(set, 2), /channel must be an integer in \[0, 2\), got 2/);
  assert.deepEqual([1, 2, 3, 4].map(regimeNames), [['normal'], ['low', 'high'], ['low', 'mid', 'high'], ['level 1', 'level 2', 'level 3', 'level 4']]);
});

test('argument errors name the argument and what was expected', () => {
  assert.throws(() => kMeans1d([1, 2, 3], 0), /kMeans1d: k must be an integer >= 1, got 0/);
  assert.throws(() => kMeans1d([1, 1, 2], 3), /kMeans1d: 3 groups need at least 3 distinct values, got 2 \(of 3 values\)/);
  assert.throws(() => kMeans1d([], 1), /need at least 1 distinct values, got 0/);
  assert.throws(() => levelRegimes([1, NaN, 3], [], { regimes: 2 }), /levelRegimes: train\[1\] must be finite, got NaN/);
  assert.throws(() => levelRegimes([1, 2, 3], [[1], [2, Infinity]], { regimes: 2 }), /levelRegimes: others\[1\]\[1\] must be finite, got Infinity/);
  assert.throws(() => levelRegimes([1, 2, 3], [], { regimes: 2, minWindows: 0 }), /options\.minWindows must be an integer >= 1, got 0/);
});
