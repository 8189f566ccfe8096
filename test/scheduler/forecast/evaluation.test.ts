/** Rolling-origin evaluation and one-step-SSE fitting of smoothing parameters. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { EwmaForecaster, ewmaAlphaGrid, fitOneStepSse, HoltWintersForecaster, holtWintersGrid, NaiveForecaster, rollingForecasts, type Forecaster } from '../../../src/scheduler/index.js';

test('rollingForecasts: each target after evaluateFrom paired with the forecast made h steps before it', () => {
  const series = Array.from({ length: 10 }, (_, i) => i * i);
  const [h1, h2] = rollingForecasts(new NaiveForecaster(), series, { horizons: [1, 2], evaluateFrom: 5 });
  assert.deepEqual(Array.from(h1!.targetIndex), [5, 6, 7, 8, 9]);
  assert.deepEqual(Array.from(h1!.actual), [25, 36, 49, 64, 81]);
  assert.deepEqual(Array.from(h1!.forecast), [16, 25, 36, 49, 64]);
  assert.deepEqual(Array.from(h2!.targetIndex), [6, 7, 8, 9]);
  assert.deepEqual(Array.from(h2!.forecast), [16, 25, 36, 49]);
});

test('rollingForecasts: horizons beyond the model or the series, and evaluateFrom past the end, are refused', () => {
  const series = [1, 2, 3, 4, 5];
  const limited: Forecaster = { name: 'limited', observed: 0, maxStepsAhead: 2, observe: () => undefined, forecast: () => 0 };
  assert.throws(() => rollingForecasts(limited, series, { horizons: [3], evaluateFrom: 1 }), /exceeds limited's maxStepsAhead \(2\)/);
  assert.throws(() => rollingForecasts(new NaiveForecaster(), series, { horizons: [3], evaluateFrom: 4 }), /leaves no target after evaluateFrom/);
  assert.throws(() => rollingForecasts(new NaiveForecaster(), series, { horizons: [1], evaluateFrom: 5 }), /evaluateFrom \(5\) must be below the series length/);
  assert.throws(() => rollingForecasts(new NaiveForecaster(), series, { horizons: [], evaluateFrom: 1 }), /at least one horizon/);
});

test('fitOneStepSse: α near 1 for a random walk, small α for noise around a constant', () => {
  const rng = new Rng(3);
  let x = 0;
  const walk = Array.from({ length: 2000 }, () => (x += rng.normal()));
  const noise = Array.from({ length: 2000 }, () => 5 + rng.normal());
  const alphaWalk = fitOneStepSse(ewmaAlphaGrid(), (alpha) => new EwmaForecaster({ alpha }), walk).params;
  const alphaNoise = fitOneStepSse(ewmaAlphaGrid(), (alpha) => new EwmaForecaster({ alpha }), noise).params;
  assert.ok(alphaWalk >= 0.9, `random walk: α = ${alphaWalk}`);
  assert.ok(alphaNoise <= 0.05, `noise: α = ${alphaNoise}`);
});

test('fitOneStepSse: returns the least SSE of the candidates, scored after skip; checks its arguments', () => {
  const series = [1, 2, 3, 4, 5, 6];
  // Naive errors after skip 1: each step is +1, SSE 5; EWMA α = 0.5 lags further behind.
  const fit = fitOneStepSse([0.5, 1], (alpha) => new EwmaForecaster({ alpha }), series);
  assert.equal(fit.params, 1);
  assert.equal(fit.sse, 5);
  assert.equal(fit.steps, 5);
  assert.throws(() => fitOneStepSse([], (alpha: number) => new EwmaForecaster({ alpha }), series), /at least one parameter set/);
  assert.throws(() => fitOneStepSse([1], (alpha) => new EwmaForecaster({ alpha }), series, 6), /need more than skip = 6/);
  assert.ok(holtWintersGrid(4).every((p) => p.gamma <= 1 - p.alpha + 1e-12 && new HoltWintersForecaster(p).seasonLength === 4));
});
