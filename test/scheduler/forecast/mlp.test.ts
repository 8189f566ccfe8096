/**
 * The learned forecaster: its features worked by hand, a brief training on
 * a noisy seasonal series that must beat persistence and the seasonal naive
 * forecast on held-out data, and the argument checks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { featureCount, mae, MlpForecaster, NaiveForecaster, requiredHistory, rollingForecasts, trainMlpForecastModel, writeLagFeatures, type Forecaster } from '../../../src/scheduler/index.js';
import { seasonal } from './seasonal-series.js';

test('lag features: k lags, the H values one season before the targets, and the phase of the next step', () => {
  const c = { lags: 2, seasonLength: 4, horizon: 2 };
  assert.equal(featureCount(c), 6);
  assert.equal(requiredHistory(c), 4);
  const series = [10, 20, 30, 40, 50];
  const out = new Float32Array(6);
  // Origin T = 4 (value 50): lags y₄, y₃; seasonal y_{T+1−4} = y₁, y_{T+2−4} = y₂; next phase (4 + 1) mod 4 = 1.
  writeLagFeatures(c, (lag) => series[4 - lag]!, 1, { mean: 30, std: 10 }, out, 0);
  assert.deepEqual(Array.from(out.subarray(0, 4)), [2, 1, -1, 0]);
  assert.ok(Math.abs(out[4]! - 1) < 1e-7 && Math.abs(out[5]!) < 1e-7, 'sin, cos of 2π·1/4');
});

test('MLP trained briefly beats persistence and seasonal naive on held-out steps of a drifting seasonal series', async () => {
  const train = seasonal(1200, 1);
  const model = await trainMlpForecastModel(train, { lags: 4, seasonLength: 12, horizon: 3, hidden: 16, epochs: 6, lr: 0.01 }, new Rng(2));
  const epochs = model.history.epochs;
  assert.ok(epochs.at(-1)!.trainLoss < epochs[0]!.trainLoss, 'the loss went down');
  // The test series continues the phase: 1200 is a multiple of m = 12.
  const test = seasonal(400, 3);
  const series = Float64Array.from([...train, ...test]);
  const errors = (make: () => Forecaster) =>
    rollingForecasts(make(), series, { horizons: [1, 3], evaluateFrom: train.length }).map((r) => mae(r.actual, r.forecast));
  const mlp = errors(() => new MlpForecaster(model));
  const naive = errors(() => new NaiveForecaster());
  const seasonalNaive = errors(() => new NaiveForecaster({ seasonLength: 12 }));
  for (const k of [0, 1]) {
    assert.ok(mlp[k]! < naive[k]!, `horizon ${[1, 3][k]}: MLP MAE ${mlp[k]} vs persistence ${naive[k]}`);
    assert.ok(mlp[k]! < seasonalNaive[k]!, `horizon ${[1, 3][k]}: MLP MAE ${mlp[k]} vs seasonal naive ${seasonalNaive[k]}`);
  }
});

test('MLP: options are checked at the entry point, naming the option', async () => {
  const series = new Float64Array(50).fill(1);
  const rng = new Rng(1);
  const ok = { lags: 2, seasonLength: 6, horizon: 2, hidden: 4, epochs: 1 };
  await assert.rejects(trainMlpForecastModel(series, { ...ok, horizon: 7 }, rng), /options\.horizon must be <= seasonLength \(6\)/);
  await assert.rejects(trainMlpForecastModel(series, { ...ok, lags: 0 }, rng), /options\.lags must be an integer >= 1, got 0/);
  await assert.rejects(trainMlpForecastModel(series, { ...ok, firstPhase: 6 }, rng), /options\.firstPhase must be < seasonLength/);
  await assert.rejects(trainMlpForecastModel(series.subarray(0, 7), ok, rng), /need at least max\(lags, seasonLength\) \+ horizon = 8/);
  await assert.rejects(trainMlpForecastModel(Float64Array.from([...series, NaN]), ok, rng), /series\[50\] is NaN/);
  const model = await trainMlpForecastModel(series, ok, rng);
  assert.throws(() => new MlpForecaster(model, { firstPhase: 6 }), /options\.firstPhase must be < the model's seasonLength \(6\)/);
  assert.equal(new MlpForecaster(model).maxStepsAhead, 2);
});
