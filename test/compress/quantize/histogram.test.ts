/**
 * The running histogram: re-binning as the range grows must give exactly
 * the counts of binning every value on the final grid at once (the old bins
 * merge whole), and the density reading (quantiles, |x| re-binning) must
 * conserve mass and agree with hand values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/index.js';
import { HistogramObserver, type Histogram } from '../../../src/compress/quantize/calibration/histogram.js';
import { cumulativeCount, magnitudeHistogram, quantile } from '../../../src/compress/quantize/calibration/histogram-density.js';

function binAll(values: number[], h: Histogram): Float64Array {
  const counts = new Float64Array(h.counts.length);
  for (const v of values) counts[Math.min(Math.max(Math.floor((v - h.lo) / h.width), 0), counts.length - 1)]! += 1;
  return counts;
}

test('growing the range re-bins exactly: the counts equal binning every value on the final grid', () => {
  const rng = new Rng(3);
  const obs = new HistogramObserver(64);
  const all: number[] = [];
  const batches = [[0, 1], [-0.5, 1.2], [-3, 0.5], [0.2, 9], [-40, -39]];
  for (const [lo, hi] of batches) {
    const b = Array.from({ length: 500 }, () => lo! + (hi! - lo!) * rng.next());
    obs.observe(b);
    all.push(...b);
  }
  const h = obs.histogram();
  assert.equal(h.total, all.length);
  assert.equal(h.min, Math.min(...all));
  assert.equal(h.max, Math.max(...all));
  assert.ok(h.lo <= h.min && h.lo + 64 * h.width >= h.max, 'the bins cover every value');
  assert.ok((h.max - h.min) > (64 * h.width) / 2, 'the values span more than half of the bins');
  assert.deepEqual(Array.from(h.counts), Array.from(binAll(all, h)));
});

test('identical values are held as a count until a second value arrives, then land in their bin', () => {
  const obs = new HistogramObserver(10);
  obs.observe([0, 0, 0]);
  const point = obs.histogram();
  assert.deepEqual([point.min, point.max, point.total, point.width], [0, 0, 3, 0]);
  obs.observe([-1, 1]);
  const h = obs.histogram();
  assert.deepEqual(Array.from(h.counts), [1, 0, 0, 0, 0, 3, 0, 0, 0, 1]);
  assert.throws(() => new HistogramObserver().histogram(), /no values observed/);
  assert.throws(() => obs.observe([1, Infinity]), /value 1 of the batch is Infinity/);
  assert.throws(() => new HistogramObserver(1), /bins must be an integer >= 2/);
});

test('quantile and the CDF read each bin as uniform over its part of [min, max]', () => {
  const obs = new HistogramObserver(4);
  // Bins of width 1 over [0, 4]: counts 1, 2, 3, 4.
  obs.observe([0, 1.5, 1.5, 2.5, 2.5, 2.5, 3.5, 3.5, 3.5, 4]);
  const h = obs.histogram();
  assert.deepEqual(Array.from(h.counts), [1, 2, 3, 4]);
  assert.equal(quantile(h, 0), 0);
  assert.equal(quantile(h, 1), 4);
  assert.equal(quantile(h, 0.2), 1.5); // 2 of 10 values: half-way through bin 1
  assert.equal(cumulativeCount(h, 2.5), 1 + 2 + 1.5);
  assert.equal(cumulativeCount(h, -1), 0);
  assert.equal(cumulativeCount(h, 4), 10);
});

test('the |x| histogram conserves mass and folds a symmetric histogram onto itself', () => {
  const obs = new HistogramObserver(8);
  // Bins of width 1 over [−4, 4], symmetric counts.
  obs.observe([-4, -3.5, -2.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.5, 3.5, 4]);
  const h = obs.histogram();
  const { counts, width } = magnitudeHistogram(h, 4);
  assert.equal(width, 1);
  assert.deepEqual(Array.from(counts), [2, 2, 4, 4]);
  const rng = new Rng(4);
  const skewed = new HistogramObserver(100);
  skewed.observe(Array.from({ length: 1000 }, () => rng.normal() * 2 + 1));
  const m = magnitudeHistogram(skewed.histogram(), 37);
  assert.ok(Math.abs(m.counts.reduce((a, b) => a + b, 0) - 1000) < 1e-9);
});
