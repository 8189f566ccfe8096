/** MMD² against values worked by hand and its behaviour on Gaussian samples (Gretton et al. 2012). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { rbfMmd2, windowSet, type WindowSet } from '../../../src/generative/metrics/index.js';

/** `count` windows of `channels` × `length` independent N(shift, 1) values. */
function gaussianWindows(count: number, channels: number, length: number, shift: number, seed: number): WindowSet {
  const rng = new Rng(seed);
  return windowSet(Float64Array.from({ length: count * channels * length }, () => shift + rng.normal()), count, channels, length);
}

test('two windows per set: unbiased MMD² and the median-heuristic σ match a hand computation', () => {
  // x = {0, 1}, y = {2, 4} as 1-channel, 1-sample windows. Pooled pairwise
  // distances 1, 2, 4, 1, 3, 2 → sorted 1 1 2 2 3 4 → median σ = 2, 2σ² = 8.
  const x = windowSet(new Float64Array([0, 1]), 2, 1, 1);
  const y = windowSet(new Float64Array([2, 4]), 2, 1, 1);
  const k = (d: number, sigma: number): number => Math.exp(-(d * d) / (2 * sigma * sigma));
  // Σ_{i≠j} counts each within-set pair twice; divided by n(n−1) = 2 it is k once.
  const expected = (s: number): number => k(1, s) + k(2, s) - (2 / 4) * (k(2, s) + k(4, s) + k(1, s) + k(3, s));
  const r = rbfMmd2(x, y);
  assert.equal(r.sigma, 2);
  assert.deepEqual([r.n, r.m], [2, 2]);
  assert.ok(Math.abs(r.mmd2 - expected(2)) < 1e-15, `${r.mmd2} vs ${expected(2)}`);
  const fixed = rbfMmd2(x, y, { sigma: 1 });
  assert.equal(fixed.sigma, 1);
  assert.ok(Math.abs(fixed.mmd2 - expected(1)) < 1e-15);
});

test('windows are flattened over channels and samples: distance is over all channel × length values', () => {
  // Three 2-channel, 1-sample windows per set; x = (0,0), (3,4), (0,0); y = (0,4), (3,0), (3,4).
  const x = windowSet(new Float64Array([0, 0, 3, 4, 0, 0]), 3, 2, 1);
  const y = windowSet(new Float64Array([0, 4, 3, 0, 3, 4]), 3, 2, 1);
  const pts = [[0, 0], [3, 4], [0, 0], [0, 4], [3, 0], [3, 4]];
  const kern = (a: number[], b: number[]): number => Math.exp(-((a[0]! - b[0]!) ** 2 + (a[1]! - b[1]!) ** 2) / (2 * 1.5 ** 2));
  let xx = 0, yy = 0, xy = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    if (i !== j) xx += kern(pts[i]!, pts[j]!);
    if (i !== j) yy += kern(pts[3 + i]!, pts[3 + j]!);
    xy += kern(pts[i]!, pts[3 + j]!);
  }
  const expected = xx / 6 + yy / 6 - (2 * xy) / 9;
  assert.ok(Math.abs(rbfMmd2(x, y, { sigma: 1.5 }).mmd2 - expected) < 1e-15);
});

test('samples of one distribution give MMD² near 0; shifted ones give a positive value growing with the shift', () => {
  const base = gaussianWindows(150, 2, 8, 0, 1);
  const same = rbfMmd2(base, gaussianWindows(150, 2, 8, 0, 2));
  assert.ok(Math.abs(same.mmd2) < 0.01, `same-distribution MMD² ${same.mmd2}`);
  // One σ for every comparison so the values are on one scale.
  const sigma = same.sigma;
  const shifted = [0.25, 0.5, 1].map((shift) => rbfMmd2(base, gaussianWindows(150, 2, 8, shift, 3), { sigma }).mmd2);
  assert.ok(shifted[0]! > 5 * Math.abs(same.mmd2) && shifted[0]! > 0.01, `shift 0.25: ${shifted[0]}`);
  assert.ok(shifted[0]! < shifted[1]! && shifted[1]! < shifted[2]!, `not increasing: ${shifted.join(', ')}`);
});

test('maxWindows subsamples each set with the seeded RNG: reproducible per seed, bounded n and m', () => {
  const x = gaussianWindows(120, 1, 4, 0, 4);
  const y = gaussianWindows(80, 1, 4, 0.5, 5);
  const a = rbfMmd2(x, y, { maxWindows: 50, seed: 7 });
  assert.deepEqual([a.n, a.m], [50, 50]);
  assert.deepEqual(rbfMmd2(x, y, { maxWindows: 50, seed: 7 }), a);
  assert.notEqual(rbfMmd2(x, y, { maxWindows: 50, seed: 8 }).mmd2, a.mmd2);
  // A set within the limit is used whole, so a limit above both counts changes nothing.
  assert.deepEqual(rbfMmd2(x, y, { maxWindows: 500, seed: 9 }), rbfMmd2(x, y));
});

test('rbfMmd2 refuses mismatched shapes, single windows, a zero median distance and a bad σ', () => {
  const x = gaussianWindows(4, 1, 3, 0, 6);
  assert.throws(() => rbfMmd2(x, gaussianWindows(4, 1, 2, 0, 6)), /x has windows of 1 channels × 3 samples but y has 1 × 2/);
  assert.throws(() => rbfMmd2(x, gaussianWindows(1, 1, 3, 0, 6)), /y has 1 window; the unbiased estimator needs at least 2/);
  const constant = windowSet(new Float64Array(12).fill(1), 4, 1, 3);
  assert.throws(() => rbfMmd2(constant, constant), /median pairwise distance .* is 0 .* pass options\.sigma/);
  assert.equal(rbfMmd2(constant, constant, { sigma: 1 }).mmd2, 0);
  assert.throws(() => rbfMmd2(x, x, { sigma: 0 }), /options\.sigma must be a finite number > 0, got 0/);
  assert.throws(() => rbfMmd2(x, x, { maxWindows: 1 }), /options\.maxWindows must be an integer >= 2, got 1/);
});
