/** Naive, seasonal naive and EWMA against values worked by hand (FPP §5.2, §8.1). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EwmaForecaster, NaiveForecaster, NonNegativeForecaster, HoltWintersForecaster } from '../../../src/scheduler/index.js';

test('naive: every horizon is the last value', () => {
  const f = new NaiveForecaster();
  for (const y of [4, 9, 2]) f.observe(y);
  assert.deepEqual([1, 2, 50].map((h) => f.forecast(h)), [2, 2, 2]);
  assert.equal(f.name, 'naive');
});

test('seasonal naive, m = 3: ŷ_{T+h} = y_{T+h−m(k+1)}, k = ⌊(h−1)/m⌋', () => {
  const f = new NaiveForecaster({ seasonLength: 3 });
  for (const y of [1, 2, 3, 4, 5, 6, 7]) f.observe(y);
  // T = 6 (value 7); the last season is y₄..y₆ = 5, 6, 7.
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((h) => f.forecast(h)), [5, 6, 7, 5, 6, 7, 5]);
  assert.equal(f.name, 'seasonal-naive(m=3)');
  assert.throws(() => new NaiveForecaster({ seasonLength: 0 }), /options\.seasonLength must be an integer >= 1, got 0/);
});

test('EWMA: ℓ = α y + (1 − α) ℓ from ℓ₁ = y₁; flat forecast; α = 1 is persistence', () => {
  const f = new EwmaForecaster({ alpha: 0.5 });
  f.observe(2);
  assert.equal(f.forecast(1), 2);
  f.observe(4);
  assert.equal(f.forecast(1), 3);
  f.observe(8);
  assert.equal(f.forecast(1), 5.5);
  assert.equal(f.forecast(10), 5.5);
  const p = new EwmaForecaster({ alpha: 1 });
  for (const y of [3, 1, 4]) p.observe(y);
  assert.equal(p.forecast(2), 4);
  for (const alpha of [0, -0.1, 1.1, NaN]) assert.throws(() => new EwmaForecaster({ alpha }), /options\.alpha must be a number in \(0, 1\]/);
});

test('non-negative wrapper clips forecasts below 0 and passes everything else through', () => {
  const inner = new HoltWintersForecaster({ seasonLength: 2, alpha: 0.5, beta: 0, gamma: 0 });
  const f = new NonNegativeForecaster(inner);
  // Trend −1 per step from 3, 2, 1, 0: the forecasts are −1, −2, ...
  for (const y of [3, 2, 1, 0]) f.observe(y);
  assert.equal(inner.forecast(1), -1);
  assert.equal(f.forecast(1), 0);
  assert.equal(f.observed, 4);
  assert.equal(f.name, `non-negative(${inner.name})`);
});
