/**
 * Holt-Winters additive against FPP §8.3's equations worked by hand, and
 * its exactness on a pure trend + season series (the initial state is exact
 * there and the updates keep it so, for any smoothing parameters).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HoltWintersForecaster } from '../../../src/scheduler/index.js';

test('Holt-Winters: initial state from two seasons and one update, worked by hand (m = 2, α = β* = γ = 0.5)', () => {
  const f = new HoltWintersForecaster({ seasonLength: 2, alpha: 0.5, beta: 0.5, gamma: 0.5 });
  for (const y of [1, 3, 2, 4]) f.observe(y);
  // M₁ = 2, M₂ = 3, b = 0.5, L(t) = 2 + 0.5 (t − 0.5): L = 1.75, 2.25, 2.75, 3.25;
  // s₀ = ((1 − 1.75) + (2 − 2.75))/2 = −0.75, s₁ = +0.75; ℓ = L(3) = 3.25.
  assert.equal(f.forecast(1), 3.25 + 0.5 - 0.75);
  assert.equal(f.forecast(2), 3.25 + 1 + 0.75);
  f.observe(5);
  // ℓ = 0.5 (5 + 0.75) + 0.5 (3.25 + 0.5) = 4.75; b = 0.5 (4.75 − 3.25) + 0.5·0.5 = 1;
  // s₀ = 0.5 (5 − 3.25 − 0.5) + 0.5 (−0.75) = 0.25.
  assert.equal(f.forecast(1), 4.75 + 1 + 0.75);
  assert.equal(f.forecast(2), 4.75 + 2 + 0.25);
  assert.equal(f.forecast(3), 4.75 + 3 + 0.75);
});

test('Holt-Winters recovers a pure linear trend + zero-mean season exactly, at every horizon and for any α, β*, γ', () => {
  const m = 12;
  const pattern = Array.from({ length: m }, (_, r) => 3 * Math.sin((2 * Math.PI * r) / m) + (r % 3 === 0 ? 1 : -0.5));
  const mean = pattern.reduce((a, b) => a + b, 0) / m;
  const truth = (t: number) => 10 + 0.25 * t + pattern[t % m]! - mean;
  for (const [alpha, beta, gamma] of [[0.1, 0, 0], [0.5, 0.3, 0.2], [0.9, 1, 0.1], [0, 0, 1]] as const) {
    const f = new HoltWintersForecaster({ seasonLength: m, alpha, beta, gamma });
    for (let t = 0; t < 5 * m; t++) {
      f.observe(truth(t));
      if (t < 2 * m - 1) continue;
      for (const h of [1, 5, m, m + 1, 3 * m + 7]) {
        const err = Math.abs(f.forecast(h) - truth(t + h));
        assert.ok(err < 1e-9, `α=${alpha} β=${beta} γ=${gamma}: after ${t + 1} values, h=${h} is off by ${err}`);
      }
    }
  }
});

test('Holt-Winters: warm-up forecasts are the last value, then the seasonal naive one, until 2m values', () => {
  const f = new HoltWintersForecaster({ seasonLength: 3, alpha: 0.5, beta: 0.1, gamma: 0.2 });
  f.observe(1);
  f.observe(2);
  assert.equal(f.forecast(4), 2);
  f.observe(7);
  f.observe(4);
  // Seasonal naive after values 1, 2, 7, 4: h = 1 → y₁ = 2, h = 2 → y₂ = 7, h = 3 → y₃ = 4, h = 4 → y₁ = 2.
  assert.deepEqual([1, 2, 3, 4].map((h) => f.forecast(h)), [2, 7, 4, 2]);
});

test('Holt-Winters: parameters outside FPP §8.3 ranges are refused by name', () => {
  const ok = { seasonLength: 4, alpha: 0.5, beta: 0.1, gamma: 0.2 };
  assert.throws(() => new HoltWintersForecaster({ ...ok, seasonLength: 1 }), /options\.seasonLength must be an integer >= 2, got 1/);
  assert.throws(() => new HoltWintersForecaster({ ...ok, alpha: 1.2 }), /options\.alpha must be a number in \[0, 1\], got 1\.2/);
  assert.throws(() => new HoltWintersForecaster({ ...ok, beta: -0.1 }), /options\.beta must be a number in \[0, 1\]/);
  assert.throws(() => new HoltWintersForecaster({ ...ok, alpha: 0.8, gamma: 0.3 }), /options\.gamma must be <= 1 − alpha/);
  assert.doesNotThrow(() => new HoltWintersForecaster({ ...ok, alpha: 0.9, gamma: 0.1 }), 'γ = 1 − α written in decimal is allowed');
});
