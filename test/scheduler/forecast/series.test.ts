/** Turning a workload and a harvest source into the forecasters' regular series. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SolarHarvest, standardPanel } from '../../../src/energy/solar/index.js';
import { arrivalCountSeries, harvestPowerSeries } from '../../../src/scheduler/index.js';

test('arrivalCountSeries: arrivals per [start + i·step, start + (i+1)·step); outside the grid not counted', () => {
  const tasks = [0.5, 9.99, 10, 10.1, 25, 29.999, 30, -1, 47].map((arrivalS) => ({ arrivalS }));
  assert.deepEqual(Array.from(arrivalCountSeries(tasks, { startS: 0, stepS: 10, steps: 3 })), [2, 2, 2]);
  assert.deepEqual(Array.from(arrivalCountSeries(tasks, { startS: 5, stepS: 20, steps: 2 })), [3, 3]);
  assert.throws(() => arrivalCountSeries(tasks, { startS: 0, stepS: 0, steps: 3 }), /grid\.stepS must be a finite number > 0/);
  assert.throws(() => arrivalCountSeries(tasks, { startS: 0, stepS: 1, steps: 0 }), /grid\.steps must be an integer >= 1/);
  assert.throws(() => arrivalCountSeries([{ arrivalS: NaN }], { startS: 0, stepS: 1, steps: 1 }), /tasks\[0\]\.arrivalS must be a finite time/);
});

test('harvestPowerSeries: the mean power over each step (a linear power ramp, by hand)', () => {
  // P(t) = 2 + 0.1 t W: the energy over [a, a + d] is 2d + 0.05 ((a + d)² − a²).
  const source = { forecastJ: (t: number, d: number) => 2 * d + 0.05 * ((t + d) ** 2 - t ** 2) };
  const p = harvestPowerSeries(source, { startS: 0, stepS: 10, steps: 3 });
  assert.deepEqual(Array.from(p, (x) => +x.toFixed(12)), [2.5, 3.5, 4.5]);
  assert.throws(() => harvestPowerSeries({ forecastJ: () => NaN }, { startS: 0, stepS: 1, steps: 1 }), /returned NaN; expected a finite energy/);
});

test('harvestPowerSeries over SolarHarvest: steps × mean power = the energy of the whole span', () => {
  const timeS = [0, 600, 1200, 1800, 2400];
  const harvest = new SolarHarvest({ timeS, ghiWPerM2: [0, 200, 800, 400, 0] }, standardPanel(0.01));
  const p = harvestPowerSeries(harvest, { startS: 0, stepS: 300, steps: 8 });
  const total = p.reduce((a, b) => a + b * 300, 0);
  assert.ok(Math.abs(total - harvest.energyJ(0, 2400)) < 1e-9 * harvest.energyJ(0, 2400));
  // 0.01 m² × 15 % × 0.95 at 800 W/m² (no temperature given: 25 °C cell) is 1.14 W; step means stay below it.
  assert.ok(p.every((w) => w >= 0 && w < 1.14));
});
