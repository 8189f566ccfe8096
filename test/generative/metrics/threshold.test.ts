/** Thresholds from normal scores against numpy.quantile and hand-computed MAD values. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { madThreshold, quantileThreshold } from '../../../src/generative/metrics/index.js';

const normal = [3.1, -2, 0.5, 7.25, 1, 1, 4, 10, -3.5];

test('quantileThreshold matches numpy.quantile (method="linear")', () => {
  // numpy 2.4.6: np.quantile(normal, q)
  const expected: [number, number][] = [[0, -3.5], [0.1, -2.3], [0.25, 0.5], [0.5, 1], [0.9, 7.8], [0.95, 8.9], [1, 10]];
  for (const [q, value] of expected) assert.ok(Math.abs(quantileThreshold(normal, q) - value) < 1e-12, `q = ${q}: ${quantileThreshold(normal, q)}`);
  assert.equal(quantileThreshold([5], 0.3), 5);
  // Order of the input does not matter and it is not modified.
  const copy = [...normal].reverse();
  assert.equal(quantileThreshold(copy, 0.9), quantileThreshold(normal, 0.9));
  assert.deepEqual(copy, [...normal].reverse());
});

test('madThreshold: median + k · 1.4826 · MAD, worked by hand', () => {
  // Sorted: −3.5 −2 0.5 1 1 3.1 4 7.25 10 → median 1; |x − 1| sorted:
  // 0 0 0.5 2.1 3 3 4.5 6.25 9 → MAD 3.
  assert.ok(Math.abs(madThreshold(normal, 2.5) - (1 + 2.5 * 1.4826 * 3)) < 1e-12);
  assert.equal(madThreshold(normal, 0), 1);
  // Even count: median of 1 2 3 10 is 2.5; deviations 0.5 0.5 1.5 7.5 → MAD 1.
  assert.ok(Math.abs(madThreshold([10, 1, 3, 2], 1) - (2.5 + 1.4826)) < 1e-12);
});

test('1.4826 · MAD estimates σ of normal data, and one outlier barely moves the MAD threshold', () => {
  const rng = new Rng(3);
  const scores = Array.from({ length: 20001 }, () => 5 + 2 * rng.normal());
  const sigmaEstimate = (madThreshold(scores, 1) - madThreshold(scores, 0)) / 1;
  assert.ok(Math.abs(sigmaEstimate / 2 - 1) < 0.03, `σ estimate ${sigmaEstimate}`);
  const withOutlier = [...scores, 1e6];
  assert.ok(Math.abs(madThreshold(withOutlier, 3) - madThreshold(scores, 3)) < 0.01);
});

test('threshold functions refuse empty input, non-finite scores and out-of-range parameters', () => {
  assert.throws(() => quantileThreshold([], 0.5), /quantileThreshold: normalScores is empty/);
  assert.throws(() => quantileThreshold([1, 2], 1.5), /q must lie in \[0, 1\], got 1.5/);
  assert.throws(() => quantileThreshold([1, NaN], 0.5), /normalScores\[1\] must be a finite number, got NaN/);
  assert.throws(() => madThreshold([1, 2], -1), /madThreshold: k must be >= 0/);
  assert.throws(() => madThreshold([1, 2], NaN), /madThreshold: k must be a finite number, got NaN/);
});
