import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, formatEstimate, formatNumber, formatPercent } from '../../../src/cli/report/report-numbers.js';

const est = (mean: number, half: number, n = 3) => ({ mean, low: mean - half, high: mean + half, values: Array.from({ length: n }, () => mean) });

test('estimates read "mean ± half-width", the half-width to two significant figures', () => {
  assert.equal(formatEstimate(est(12.3456, 0.0678)), '12.346 ± 0.068');
  assert.equal(formatEstimate(est(1800, 225)), '1800 ± 225');
  assert.equal(formatEstimate(est(0.0205, 0.0025), 1e3), '20.5 ± 2.5');
  assert.equal(formatEstimate(est(0.05, 0.00625), 100), '5.00 ± 0.62');
});

test('one seed, or a zero-width interval, reads as a bare value', () => {
  assert.equal(formatEstimate(est(12.3456, 0, 1)), '12.3');
  assert.equal(formatEstimate(est(4, 0)), '4.00');
});

test('missing and infinite values never print as NaN or Infinity', () => {
  assert.equal(formatNumber(NaN), '—');
  assert.equal(formatNumber(Infinity), '∞');
  assert.equal(formatEstimate(est(NaN, 1)), '—');
  assert.equal(formatEstimate({ mean: 5, low: -Infinity, high: Infinity, values: [1, 9] }), '5.00 ± ∞');
  assert.equal(formatPercent(NaN), '—');
  assert.equal(formatNumber(-0.0001), '-0.000100');
});

test('fractions as percent with one decimal; durations in a readable unit', () => {
  assert.equal(formatPercent(0.4523), '45.2%');
  assert.equal(formatPercent(-0.0001), '0.0%');
  assert.equal(formatDuration(90), '1.5 min');
  assert.equal(formatDuration(86400), '24.0 h');
  assert.equal(formatDuration(12), '12.0 s');
});
