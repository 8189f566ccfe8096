/**
 * ForecastHarvest: the power is the trace's, the forecast is causal (it
 * never sees the future: a step change ahead is invisible until it has
 * happened), persistence holds the last step's mean, and restarting time
 * restarts the forecaster.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HarvestSource } from '../../../src/energy/harvest-source.js';
import { ForecastHarvest, harvestForecaster, withHarvestForecast } from '../../../src/scheduler/forecast/forecast-harvest.js';

/** 1 W until t = 3600 s, then 5 W; exact integrals. */
const step: HarvestSource = {
  powerW: (t) => (t < 3600 ? 1 : 5),
  forecastJ: (t, h) => {
    const a = Math.max(0, Math.min(t + h, 3600) - t);
    return a * 1 + (h - a) * 5;
  },
};

test('persistence: the last whole step’s mean power over the horizon; blind to the step change ahead', () => {
  const f = new ForecastHarvest(step, harvestForecaster('persistence'), 1800);
  assert.equal(f.powerW(100), 1);
  // Before a whole step has passed: the power now, held.
  assert.equal(f.forecastJ(100, 900), 900);
  // At 3000 s the steps [0, 1800) was observed (1 W); the change at 3600 s is not foreseen.
  assert.equal(f.forecastJ(3000, 1800), 1800);
  assert.equal(step.forecastJ(3000, 1800), 600 + 1200 * 5, 'the oracle sees it');
  // Once the 5 W step [3600, 5400) is past, persistence says 5 W.
  assert.equal(f.forecastJ(5400, 900), 4500);
});

test('time restarting starts a new forecaster; the oracle kind is the source itself', () => {
  const f = new ForecastHarvest(step, harvestForecaster('persistence'), 1800);
  f.forecastJ(7200, 900);
  assert.equal(f.forecastJ(100, 900), 900, 'a new run from t = 0 knows nothing of the last');
  assert.equal(withHarvestForecast(step, 'oracle'), step);
  assert.ok(withHarvestForecast(step, 'holt-winters') instanceof ForecastHarvest);
  assert.throws(() => new ForecastHarvest(step, harvestForecaster('persistence'), 0), /stepS must be a positive number/);
});

test('holt-winters on a repeating day learns it: by day three the forecast of a sunny hour is close', () => {
  // A 12 h day at 2 W, 12 h night at 0, repeating.
  const day: HarvestSource = {
    powerW: (t) => ((t % 86_400) < 43_200 ? 2 : 0),
    forecastJ: (t, h) => {
      let j = 0;
      for (let s = t; s < t + h; s += 60) j += ((s % 86_400) < 43_200 ? 2 : 0) * Math.min(60, t + h - s);
      return j;
    },
  };
  const f = new ForecastHarvest(day, harvestForecaster('holt-winters'), 1800);
  const t = 2 * 86_400 + 3600;
  const got = f.forecastJ(t, 1800);
  assert.ok(Math.abs(got - 3600) < 0.05 * 3600, `${got} J vs 3600 J`);
});
