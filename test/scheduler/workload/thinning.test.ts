/**
 * Thinning (Lewis & Shedler 1979) against closed-form expectations: over
 * many seeds the count in a window has the mean ∫λ and, being Poisson, a
 * variance equal to that mean. Bounds are 4 standard errors, so a correct
 * sampler fails about once in 16,000 runs; the seeds are fixed, so the
 * tests are deterministic.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { thinPoisson } from '../../../src/scheduler/index.js';

function meanAndVariance(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) };
}

test('thinPoisson: λ(t) = 2 + 1.5 sin t on [0, 20]: mean count ∫λ = 40 + 1.5(1 − cos 20), variance = mean', () => {
  const expected = 40 + 1.5 * (1 - Math.cos(20));
  const seeds = 400;
  const counts = Array.from({ length: seeds }, (_, s) => thinPoisson((t) => 2 + 1.5 * Math.sin(t), 3.5, 0, 20, new Rng(1000 + s)).length);
  const { mean, variance } = meanAndVariance(counts);
  const bound = 4 * Math.sqrt(expected / seeds);
  assert.ok(Math.abs(mean - expected) < bound, `mean count ${mean}, expected ${expected} ± ${bound}`);
  // Sample variance of a Poisson count: relative sd ≈ √(2/(n−1)) ≈ 0.071 at n = 400; ±30 % is > 4 sd.
  assert.ok(variance / expected > 0.7 && variance / expected < 1.3, `variance ${variance} vs mean ${expected}: not Poisson`);
});

test('thinPoisson: a ramp λ(t) = t/4 puts 1/4 of the arrivals in the first half of [0, 20] and 3/4 in the second', () => {
  const seeds = 300;
  const firstHalf: number[] = [];
  const secondHalf: number[] = [];
  for (let s = 0; s < seeds; s++) {
    const times = thinPoisson((t) => t / 4, 5, 0, 20, new Rng(s));
    firstHalf.push(times.filter((t) => t < 10).length);
    secondHalf.push(times.filter((t) => t >= 10).length);
    for (let k = 1; k < times.length; k++) assert.ok(times[k]! > times[k - 1]!, 'times ascend');
    assert.ok(times.every((t) => t >= 0 && t < 20));
  }
  // ∫_0^10 t/4 = 12.5, ∫_10^20 t/4 = 37.5.
  for (const [counts, expected] of [[firstHalf, 12.5], [secondHalf, 37.5]] as const) {
    const { mean } = meanAndVariance(counts);
    assert.ok(Math.abs(mean - expected) < 4 * Math.sqrt(expected / seeds), `mean ${mean}, expected ${expected}`);
  }
});

test('thinPoisson: a rate above the bound is an error (the sample would not be exact); a zero bound gives nothing', () => {
  assert.throws(() => thinPoisson(() => 2, 1, 0, 100, new Rng(1)), /rateAt\(.+\) = 2 is outside \[0, rateMaxPerS = 1\]/);
  assert.throws(() => thinPoisson(() => -1, 1, 0, 100, new Rng(1)), /is outside \[0, rateMaxPerS/);
  assert.deepEqual(thinPoisson(() => 0, 0, 0, 100, new Rng(1)), []);
  assert.throws(() => thinPoisson(() => 1, -1, 0, 1, new Rng(1)), /rateMaxPerS must be a finite number >= 0/);
  assert.throws(() => thinPoisson(() => 1, 1, 5, 1, new Rng(1)), /endS \(1\) must be >= startS \(5\)/);
});
