/**
 * The TCN forecaster: its lag window worked by hand; a brief training on a
 * noisy seasonal series that must beat persistence and the seasonal naive
 * forecast on held-out data; the int8 and int4 integer-only models against
 * the float one (forecasts, bytes, work precisions); disposal; the
 * argument checks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import {
  lagWindowInput,
  mae,
  NaiveForecaster,
  quantizeTcnForecastModel,
  rollingForecasts,
  TcnForecaster,
  trainTcnForecastModel,
  writeLagWindow,
  type Forecaster,
  type TcnForecastModel,
  type TcnTrainingOptions,
} from '../../../src/scheduler/index.js';
import { seasonal } from './seasonal-series.js';

test('lag window: the last k values, oldest first, standardised; shape [1, k]', () => {
  const series = [10, 20, 30, 40, 50];
  const out = new Float32Array(3);
  // Origin T = 4: y₂, y₃, y₄ = 30, 40, 50 → (y − 30) / 10.
  writeLagWindow(3, (lag) => series[4 - lag]!, { mean: 30, std: 10 }, out, 0);
  assert.deepEqual(Array.from(out), [0, 1, 2]);
  const input = lagWindowInput({ lags: 3, seasonLength: 4, horizon: 2 });
  assert.deepEqual(input.shape, [1, 3]);
  assert.equal(input.history, 3);
});

// m = 12; 2 levels see 1 + 2·3 = 7 values; k = 16 > m holds the values one season before the targets.
const OPTIONS: TcnTrainingOptions = { lags: 16, seasonLength: 12, horizon: 3, width: 4, levels: 2, epochs: 6, lr: 0.01 };
const train = seasonal(1200, 1);
// The test series continues the phase: 1200 is a multiple of m = 12.
const series = Float64Array.from([...train, ...seasonal(400, 3)]);
const fp32 = await trainTcnForecastModel(train, OPTIONS, new Rng(2));

function rolling(make: () => Forecaster): { forecast: Float64Array; actual: Float64Array }[] {
  return rollingForecasts(make(), series, { horizons: [1, 3], evaluateFrom: train.length });
}

test('TCN trained briefly beats persistence and seasonal naive on held-out steps of a drifting seasonal series', () => {
  const epochs = fp32.history.epochs;
  assert.ok(epochs.at(-1)!.trainLoss < epochs[0]!.trainLoss, 'the loss went down');
  const errors = (make: () => Forecaster) => rolling(make).map((r) => mae(r.actual, r.forecast));
  const tcn = errors(() => new TcnForecaster(fp32));
  const naive = errors(() => new NaiveForecaster());
  const seasonalNaive = errors(() => new NaiveForecaster({ seasonLength: 12 }));
  for (const k of [0, 1]) {
    assert.ok(tcn[k]! < naive[k]!, `horizon ${[1, 3][k]}: TCN MAE ${tcn[k]} vs persistence ${naive[k]}`);
    assert.ok(tcn[k]! < seasonalNaive[k]!, `horizon ${[1, 3][k]}: TCN MAE ${tcn[k]} vs seasonal naive ${seasonalNaive[k]}`);
  }
});

test('int8 (integer-only) forecasts stay close to fp32 and keep its lead; int4 runs; bytes and work follow the precision', () => {
  const int8 = quantizeTcnForecastModel(fp32, train, { precision: 'int8' });
  const int4 = quantizeTcnForecastModel(fp32, train, { precision: 'int4' });
  try {
    const float = rolling(() => new TcnForecaster(fp32));
    const q8 = rolling(() => new TcnForecaster(int8));
    const naive = rolling(() => new NaiveForecaster());
    // Series std is about 4 (amplitude 10, half the cycle at 0). An 8-bit grid over each activation's
    // range moves a forecast by a few of its steps (range/255); 0.05·std is ~10 of them, while a wrong
    // scale or zero point moves forecasts by the signal's own size.
    const std = fp32.standardisation.std;
    for (const k of [0, 1]) {
      const f = float[k]!.forecast;
      const q = q8[k]!.forecast;
      let diff = 0;
      for (let i = 0; i < f.length; i++) diff += Math.abs(f[i]! - q[i]!);
      diff /= f.length;
      assert.ok(diff > 0, 'the integer model is a different model');
      assert.ok(diff < 0.05 * std, `horizon ${[1, 3][k]}: mean |int8 − fp32| = ${diff}, std ${std}`);
      const maeQ = mae(q8[k]!.actual, q);
      assert.ok(maeQ < mae(naive[k]!.actual, naive[k]!.forecast), `horizon ${[1, 3][k]}: int8 MAE ${maeQ} still beats persistence`);
    }
    const q4 = rolling(() => new TcnForecaster(int4));
    assert.ok(q4.every((r) => r.forecast.every(Number.isFinite)));
    assert.deepEqual(int8.weightBits, { 'level0.conv': 8, 'level1.conv': 8, head: 8 });
    // int4: 4-bit weights but the first layer and the head (the ladder's int4 rung).
    assert.deepEqual(int4.weightBits, { 'level0.conv': 8, 'level1.conv': 4, head: 8 });
    assert.ok(int8.weightBytes < fp32.weightBytes / 2, `int8 ${int8.weightBytes} B vs fp32 ${fp32.weightBytes} B`);
    assert.ok(int4.weightBytes < int8.weightBytes, `int4 ${int4.weightBytes} B vs int8 ${int8.weightBytes} B`);
    const precisionOf = (m: TcnForecastModel, name: string) => m.work.layers.find((l) => l.name === name)?.precision;
    assert.equal(precisionOf(fp32, 'head'), 'float32');
    assert.equal(precisionOf(int8, 'level1.conv'), 'int8');
    assert.equal(precisionOf(int4, 'level1.conv'), 'int4');
    assert.match(new TcnForecaster(int8).name, /^tcn\(k=16, m=12, H=3, width=4, levels=2, int8\)$/);
  } finally {
    int8.dispose();
    int4.dispose();
  }
});

test('dispose releases a quantized model once; the float model it came from is untouched', () => {
  const int8 = quantizeTcnForecastModel(fp32, train, { precision: 'int8' });
  const f = new TcnForecaster(int8);
  for (const y of train.subarray(0, 20)) f.observe(y);
  assert.ok(Number.isFinite(f.forecast(1)));
  int8.dispose();
  assert.doesNotThrow(() => int8.dispose());
  f.observe(1);
  assert.throws(() => f.forecast(1), /was disposed/);
  const g = new TcnForecaster(fp32);
  for (const y of train.subarray(0, 20)) g.observe(y);
  assert.ok(Number.isFinite(g.forecast(1)));
});

test('TCN: options are checked at the entry point, naming the option', async () => {
  const flat = new Float64Array(40).fill(1);
  const rng = new Rng(1);
  const ok = { lags: 7, seasonLength: 6, horizon: 2, width: 2, levels: 2, epochs: 1 };
  await assert.rejects(trainTcnForecastModel(flat, { ...ok, lags: 6 }, rng), /options\.lags \(6\) must be at least the receptive field of 2 levels, 1 \+ 2·\(2\^levels − 1\) = 7/);
  await assert.rejects(trainTcnForecastModel(flat, { ...ok, width: 0 }, rng), /options\.width must be an integer >= 1, got 0/);
  await assert.rejects(trainTcnForecastModel(flat, { ...ok, levels: 1.5 }, rng), /options\.levels must be an integer >= 1, got 1\.5/);
  await assert.rejects(trainTcnForecastModel(flat, { ...ok, horizon: 7 }, rng), /options\.horizon must be <= seasonLength \(6\)/);
  await assert.rejects(trainTcnForecastModel(flat.subarray(0, 8), ok, rng), /has 8 values; need at least lags \+ horizon = 9/);
  await assert.rejects(trainTcnForecastModel(Float64Array.from([...flat, Infinity]), ok, rng), /series\[40\] is Infinity/);
  const model = await trainTcnForecastModel(flat, ok, rng);
  assert.equal(new TcnForecaster(model).maxStepsAhead, 2);
  assert.throws(() => quantizeTcnForecastModel(model, flat, { precision: 'int16' as 'int8' }), /options\.precision must be 'int8' or 'int4', got "int16"/);
  assert.throws(() => quantizeTcnForecastModel(model, flat.subarray(0, 8), { precision: 'int8' }), /quantizeTcnForecastModel: the training series has 8 values; need at least lags \+ horizon = 9/);
  const int8 = quantizeTcnForecastModel(model, flat, { precision: 'int8' });
  try {
    assert.throws(() => quantizeTcnForecastModel(int8 as never, flat, { precision: 'int4' }), /model must be the fp32 model trainTcnForecastModel returned, got the int8 model/);
  } finally {
    int8.dispose();
  }
});
