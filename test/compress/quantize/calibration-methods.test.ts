/**
 * Calibration methods on synthetic distributions with known answers: a
 * uniform sample keeps (about) its whole range; a Gaussian with a few huge
 * outliers is clipped well inside them by percentile, entropy and mse,
 * which then quantize the bulk with less error than minmax. The entropy
 * divergence and the mse objective are checked against hand values and an
 * independent brute force.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/index.js';
import { HistogramObserver, type Histogram } from '../../../src/compress/quantize/calibration/histogram.js';
import { binSupport, type ClipRange } from '../../../src/compress/quantize/calibration/histogram-density.js';
import { calibrateMinMax, calibrateRange, checkCalibrationMethod } from '../../../src/compress/quantize/calibration/calibrate-range.js';
import { calibratePercentile } from '../../../src/compress/quantize/calibration/percentile.js';
import { calibrateEntropy, clippedDivergence, SMOOTHING_EPS } from '../../../src/compress/quantize/calibration/entropy.js';
import { calibrateMse } from '../../../src/compress/quantize/calibration/mse.js';
import { asymmetricFromRange, dequantizeArray, quantizeArray } from '../../../src/compress/quantize/qparams.js';

function histogramOf(values: number[], bins = 2048): Histogram {
  const obs = new HistogramObserver(bins);
  // In several batches, so the re-binning path is part of what is tested.
  for (let i = 0; i < values.length; i += 10_000) obs.observe(values.slice(i, i + 10_000));
  return obs.histogram();
}

/** Mean squared error of `bits`-bit quantization with the range `r` over `values`. */
function quantizationMse(values: number[], r: ClipRange, bits = 8): number {
  const p = asymmetricFromRange(r.min, r.max, bits);
  const d = dequantizeArray(quantizeArray(values, p), p);
  return values.reduce((acc, v, i) => acc + (v - d[i]!) ** 2, 0) / values.length;
}

const rng = new Rng(5);
const uniform = Array.from({ length: 100_000 }, () => -1 + 4 * rng.next());
const bulk = Array.from({ length: 100_000 }, () => rng.normal());
const outliers = [60, -55, 80, 95, -90];
const spiky = [...bulk.slice(0, 50_000), ...outliers, ...bulk.slice(50_000)];

test('minmax is the exact range; percentile 100 equals it; every method keeps a uniform sample’s range', () => {
  const h = histogramOf(uniform);
  const mm = calibrateMinMax(h);
  assert.deepEqual(mm, { min: Math.min(...uniform), max: Math.max(...uniform) });
  assert.ok(Math.abs(mm.min + 1) < 1e-3 && Math.abs(mm.max - 3) < 1e-3, `minmax ≈ [−1, 3], got [${mm.min}, ${mm.max}]`);
  assert.deepEqual(calibratePercentile(h, 100), mm);
  const p99 = calibratePercentile(h, 99);
  assert.ok(Math.abs(p99.min - (-1 + 0.04)) < 0.01 && Math.abs(p99.max - (3 - 0.04)) < 0.01, `1% tails of U(−1, 3): [${p99.min}, ${p99.max}]`);
  for (const method of ['entropy', 'mse'] as const) {
    const r = calibrateRange(h, { method });
    assert.ok(r.max - r.min > 0.95 * 4, `${method} on a uniform sample keeps its range, got [${r.min}, ${r.max}]`);
  }
});

test('with a few huge outliers, percentile / entropy / mse clip well inside them and quantize the bulk better than minmax', () => {
  const h = histogramOf(spiky);
  const mm = calibrateMinMax(h);
  assert.deepEqual(mm, { min: -90, max: 95 });
  // mse weighs the outliers' clipping error against the rounding noise of the bulk, so it clips
  // them only when the grid is coarse enough: 5 in 100,000 pay at 4 bits (at 8 bits the noise
  // saved, 100,000·Δ²/12, is below the 5 outliers' squared clipping error).
  const cases: [string, ClipRange, number][] = [
    ['percentile', calibratePercentile(h, 99.99), 8],
    ['entropy', calibrateEntropy(h), 8],
    ['mse', calibrateMse(h, { bits: 4 }), 4],
  ];
  for (const [name, r, bits] of cases) {
    assert.ok(r.max < 30 && r.min > -30, `${name} clips inside the outliers: [${r.min}, ${r.max}]`);
    assert.ok(r.max > 2.5 && r.min < -2.5, `${name} keeps the bulk of N(0, 1): [${r.min}, ${r.max}]`);
    const bulkMse = quantizationMse(bulk, r, bits);
    const bulkMseMinMax = quantizationMse(bulk, mm, bits);
    assert.ok(bulkMse < bulkMseMinMax / 10, `${name}: bulk MSE ${bulkMse.toExponential(2)} vs minmax ${bulkMseMinMax.toExponential(2)} at ${bits} bits`);
  }
  const mse8 = calibrateMse(h, { bits: 8 });
  const mse4 = cases[2]![1];
  assert.ok(mse8.max - mse8.min >= mse4.max - mse4.min, 'more bits, less clipping');
  assert.ok(quantizationMse(spiky, mse8) <= quantizationMse(spiky, mm), 'at 8 bits mse still lowers the total error');
});

test('percentile ranges widen monotonically with p', () => {
  const h = histogramOf(spiky);
  let prev = calibratePercentile(h, 50);
  for (const p of [90, 99, 99.9, 99.99, 99.999, 100]) {
    const r = calibratePercentile(h, p);
    assert.ok(r.min <= prev.min && r.max >= prev.max, `p = ${p}: [${r.min}, ${r.max}] should contain [${prev.min}, ${prev.max}]`);
    prev = r;
  }
  assert.throws(() => calibratePercentile(h, 40), /percentile must be a number from 50 to 100/);
});

test('the clipped KL divergence matches hand values', () => {
  const counts = Float64Array.of(1, 1, 1, 1);
  // No clipping, two groups of two equal bins: Q = P, KL = 0.
  assert.ok(Math.abs(clippedDivergence(counts, 4, 2)) < 1e-15);
  // Threshold after bin 2 of 4 with 2 levels: P = [1, 1 + 2] / 4, Q = [1, 1] / 2.
  const want = 0.25 * Math.log(0.25 / 0.5) + 0.75 * Math.log(0.75 / 0.5);
  assert.ok(Math.abs(clippedDivergence(counts, 2, 2) - want) < 1e-15);
  // Clipped mass landing in a group with no values of its own: Q is eps there, then renormalised.
  const eps = SMOOTHING_EPS;
  const smoothed = (1 / 6) * Math.log((1 / 6) / (1 / (1 + eps))) + (5 / 6) * Math.log((5 / 6) / (eps / (1 + eps)));
  assert.ok(Math.abs(clippedDivergence(Float64Array.of(1, 0, 0, 5), 2, 2) - smoothed) < 1e-12);
});

/** The divergence by its definition, bin by bin: P with the clipped counts in bin i − 1, Q merged and spread. */
function directDivergence(counts: Float64Array, i: number, levels: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const p = Array.from(counts.subarray(0, i));
  p[i - 1]! += total - p.reduce((a, b) => a + b, 0);
  const totalQ = counts.subarray(0, i).reduce((a, b) => a + b, 0);
  const q = new Array<number>(i).fill(0);
  let missing = 0;
  for (let g = 0; g < levels; g++) {
    const [s, e] = [Math.floor((g * i) / levels), Math.floor(((g + 1) * i) / levels)];
    const mass = counts.subarray(s, e).reduce((a, b) => a + b, 0);
    const nonZero = p.slice(s, e).filter((v) => v > 0).length;
    for (let j = s; j < e; j++) {
      if (p[j]! === 0) continue;
      if (mass > 0) q[j] = mass / nonZero / totalQ;
      else [q[j], missing] = [SMOOTHING_EPS, missing + 1];
    }
  }
  return p.reduce((kl, pj, j) => (pj > 0 ? kl + (pj / total) * Math.log(pj / total / (q[j]! / (1 + SMOOTHING_EPS * missing))) : kl), 0);
}

test('the prefix-sum divergence equals the bin-by-bin definition', () => {
  const r = new Rng(27);
  for (let trial = 0; trial < 20; trial++) {
    const n = 16 + r.int(50);
    const counts = Float64Array.from({ length: n }, () => (r.next() < 0.3 ? 0 : r.int(100)));
    const levels = 2 + r.int(10);
    for (let i = levels; i <= n; i++) {
      const want = directDivergence(counts, i, levels);
      assert.ok(Math.abs(clippedDivergence(counts, i, levels) - want) < 1e-9 * Math.max(1, want), `trial ${trial}, i ${i}`);
    }
  }
});

/** The mse objective summed bin by bin (no prefix sums): clipping error outside [lo, hi], Δ²/12 per value inside. */
function mseObjective(h: Histogram, bits: number, lo: number, hi: number): number {
  const step = (hi - lo) / (2 ** bits - 1);
  let err = 0;
  h.counts.forEach((c, i) => {
    const [a, b] = binSupport(h, i);
    const mid = (a + b) / 2;
    const second = (edge: number): number => (mid - edge) ** 2 + (b - a) ** 2 / 12;
    if (b <= lo && a < lo) err += c * second(lo);
    else if (a >= hi && b > hi) err += c * second(hi);
    else err += (c * step * step) / 12;
  });
  return err;
}

/** The least objective over every pair of candidate ends (bin edges inside the range, min, max; lo ≤ 0 ≤ hi). */
function bruteForceMse(h: Histogram, bits: number): number {
  const edges = Array.from({ length: h.counts.length + 1 }, (_, i) => h.lo + i * h.width);
  const los = h.min >= 0 ? [0] : [h.min, ...edges.filter((e) => e > h.min && e <= 0 && e < h.max)];
  const his = h.max <= 0 ? [0] : [h.max, ...edges.filter((e) => e < h.max && e >= 0 && e > h.min)];
  let best = Infinity;
  for (const lo of los) for (const hi of his) best = Math.min(best, mseObjective(h, bits, lo, hi));
  return best;
}

test('calibrateMse finds the brute-force minimum of its objective', () => {
  const r = new Rng(6);
  for (let trial = 0; trial < 5; trial++) {
    const values = Array.from({ length: 2000 }, () => (r.next() < 0.02 ? 20 * r.normal() : r.normal() + trial - 2));
    const h = histogramOf(values, 48);
    const bits = 2 + trial;
    const got = calibrateMse(h, { bits });
    // The range is reported inside [min, max]; the quantizer's ends are those widened to 0.
    const reached = mseObjective(h, bits, Math.min(got.min, 0), Math.max(got.max, 0));
    const best = bruteForceMse(h, bits);
    assert.ok(reached <= best * (1 + 1e-9), `trial ${trial}: objective ${reached} at [${got.min}, ${got.max}] vs brute-force minimum ${best}`);
    assert.ok(mseObjective(h, bits, Math.min(h.min, 0), Math.max(h.max, 0)) > best, `trial ${trial}: the outliers make clipping pay`);
  }
});

test('a constant tensor calibrates to its value; bad method options are named', () => {
  const h = histogramOf([0, 0, 0]);
  for (const method of ['minmax', 'percentile', 'entropy', 'mse'] as const) assert.deepEqual(calibrateRange(h, { method }), { min: 0, max: 0 });
  assert.throws(() => checkCalibrationMethod({ method: 'kl' } as never, 'x'), /method must be one of minmax, percentile, entropy, mse, got "kl"/);
  assert.throws(() => checkCalibrationMethod({ method: 'mse', bits: 1 }, 'x'), /bits must be an integer from 2 to 16/);
});
