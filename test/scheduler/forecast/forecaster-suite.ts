/**
 * The shared suite every Forecaster runs (STYLE.md 6; the contract in
 * src/scheduler/forecast/forecaster.ts): nothing to forecast before the
 * first value; non-finite values and bad horizons refused by name; a
 * constant series forecast as that constant at every horizon, during
 * warm-up and after it; `observed` counts; two fresh instances fed the
 * same values agree exactly (no hidden randomness or shared state).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Forecaster } from '../../../src/scheduler/index.js';

export interface ForecasterFixture {
  /** A fresh forecaster. */
  make(): Forecaster;
  /** Values it must see to leave its warm-up (e.g. 2m for Holt-Winters); the suite feeds well past it. */
  warmup: number;
  /** The constant of the constant-series check (a fixture trained on it says which). Default 3.25. */
  constant?: number;
  /** Absolute tolerance of the constant-series check; default 1e-9 (exact up to rounding). */
  tolerance?: number;
}

export function forecasterSuite(label: string, fixture: ForecasterFixture): void {
  const constant = fixture.constant ?? 3.25;
  const tolerance = fixture.tolerance ?? 1e-9;
  describe(`Forecaster contract: ${label}`, () => {
    test('has a name; forecasting before any value throws, naming observe()', () => {
      const f = fixture.make();
      assert.equal(typeof f.name, 'string');
      assert.ok(f.name.length > 0);
      assert.equal(f.observed, 0);
      assert.throws(() => f.forecast(1), /no value observed yet; call observe\(\) first/);
    });

    test('non-finite values are refused and leave the state untouched', () => {
      const f = fixture.make();
      f.observe(1);
      for (const bad of [NaN, Infinity, -Infinity]) assert.throws(() => f.observe(bad), /observe: value 1 must be a finite number/);
      assert.equal(f.observed, 1);
      const clean = fixture.make();
      clean.observe(1);
      assert.equal(f.forecast(1), clean.forecast(1));
    });

    test('horizons must be integers from 1 to maxStepsAhead', () => {
      const f = fixture.make();
      f.observe(constant);
      assert.ok(f.maxStepsAhead >= 1);
      for (const bad of [0, -1, 1.5, NaN]) assert.throws(() => f.forecast(bad), /stepsAhead must be an integer from 1 to/);
      if (Number.isFinite(f.maxStepsAhead)) assert.throws(() => f.forecast(f.maxStepsAhead + 1), /stepsAhead must be an integer from 1 to/);
    });

    test('a constant series is forecast as the constant at every horizon, in warm-up and after', () => {
      const f = fixture.make();
      const horizons = Array.from({ length: Math.min(f.maxStepsAhead, 8) }, (_, i) => i + 1);
      const length = 2 * fixture.warmup + 5;
      for (let t = 0; t < length; t++) {
        f.observe(constant);
        assert.equal(f.observed, t + 1);
        for (const h of horizons) {
          const y = f.forecast(h);
          assert.ok(Math.abs(y - constant) <= tolerance, `after ${t + 1} values, forecast(${h}) = ${y}, expected ${constant} ± ${tolerance}`);
        }
      }
    });

    test('two fresh instances fed the same values forecast exactly alike', () => {
      const a = fixture.make();
      const b = fixture.make();
      for (let t = 0; t < 2 * fixture.warmup + 7; t++) {
        // A bounded, non-periodic test signal.
        const y = 5 + Math.sin(0.37 * t) + 0.5 * Math.cos(1.3 * t);
        a.observe(y);
        b.observe(y);
        assert.equal(a.forecast(1), b.forecast(1));
        assert.equal(a.forecast(Math.min(a.maxStepsAhead, 3)), b.forecast(Math.min(b.maxStepsAhead, 3)));
        assert.ok(Number.isFinite(a.forecast(1)));
      }
    });
  });
}
