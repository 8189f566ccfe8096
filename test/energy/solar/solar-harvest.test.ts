/**
 * SolarHarvest on small synthetic traces: interpolation, forecastJ against
 * closed forms and against a brute-force numerical integral (with the NOCT
 * temperature term, where the power is quadratic within an interval),
 * additivity, the repeat option, the offset, and the errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SolarHarvest } from '../../../src/energy/solar/solar-harvest.js';
import { pvPowerW } from '../../../src/energy/solar/pv-power.js';
import { standardPanel } from '../../../src/energy/solar/pv-panel.js';
import { NO_HARVEST, type HarvestSource } from '../../../src/energy/harvest-source.js';

const panel = standardPanel(0.05);
const k = 0.05 * 0.15 * 0.95; // W per W/m² without temperature

/** Midpoint rule with many steps: an independent numerical integral of powerW. */
function bruteForceJ(h: HarvestSource, from: number, to: number, steps = 200_000): number {
  const dt = (to - from) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += h.powerW(from + (i + 0.5) * dt);
  return sum * dt;
}

test('powerW interpolates the irradiance linearly; negative samples are clamped (and counted)', () => {
  const h = new SolarHarvest({ timeS: [100, 160, 220], ghiWPerM2: [-5, 600, 0] }, panel);
  assert.equal(h.clampedCount, 1);
  assert.equal(h.spanS, 120);
  assert.equal(h.powerW(0), 0);
  assert.ok(Math.abs(h.powerW(30) - 300 * k) < 1e-12);
  assert.ok(Math.abs(h.powerW(60) - 600 * k) < 1e-12);
  assert.ok(Math.abs(h.powerW(90) - 300 * k) < 1e-12);
});

test('forecastJ: exact for linear irradiance (triangle area), additive, zero for a zero horizon', () => {
  const h = new SolarHarvest({ timeS: [0, 60, 120], ghiWPerM2: [0, 600, 0] }, panel);
  assert.ok(Math.abs(h.forecastJ(0, 120) - 0.5 * 120 * 600 * k) < 1e-12);
  assert.ok(Math.abs(h.forecastJ(0, 30) - 0.5 * 30 * 300 * k) < 1e-12);
  assert.ok(Math.abs(h.forecastJ(10, 50) + h.forecastJ(60, 45) - h.forecastJ(10, 95)) < 1e-12);
  assert.equal(h.forecastJ(70, 0), 0);
});

test('forecastJ with an ambient temperature equals a brute-force integral of powerW (the power is quadratic within an interval)', () => {
  const trace = { timeS: [0, 900, 1800, 3600], ghiWPerM2: [100, 950, 400, 700], ambientTemperatureC: [5, 30, 35, 10] };
  const h = new SolarHarvest(trace, panel);
  for (const [from, to] of [[0, 3600], [123, 2900], [950, 1700]] as const) {
    const exact = h.forecastJ(from, to - from);
    const brute = bruteForceJ(h, from, to);
    assert.ok(Math.abs(exact - brute) < 1e-8 * brute, `[${from}, ${to}]: ${exact} vs ${brute}`);
  }
  // The temperature term matters: a hot trace yields less than the same irradiance at 25 °C.
  const cold = new SolarHarvest({ timeS: trace.timeS, ghiWPerM2: trace.ghiWPerM2 }, panel);
  assert.ok(h.forecastJ(0, 3600) < cold.forecastJ(0, 3600));
});

test('repeat: the trace is periodic with period span + one step; n periods hold n times the energy; offset shifts run time', () => {
  const day = { timeS: [0, 21_600, 43_200, 64_800], ghiWPerM2: [0, 400, 800, 0] }; // 6-hourly, period 86 400 s
  const h = new SolarHarvest(day, panel, { repeat: true });
  assert.equal(h.periodS, 86_400);
  const one = h.forecastJ(0, 86_400);
  assert.ok(Math.abs(one - h.periodEnergyJ) < 1e-9 * one);
  assert.ok(Math.abs(h.forecastJ(0, 3 * 86_400) - 3 * one) < 1e-9 * one);
  assert.ok(Math.abs(h.forecastJ(50_000, 86_400) - one) < 1e-9 * one, 'any 24 h window holds one day');
  assert.equal(h.powerW(86_400 + 43_200), h.powerW(43_200));
  assert.equal(h.powerW(-43_200), h.powerW(43_200));
  assert.ok(Math.abs(h.powerW(75_600) - 0) < 1e-12, 'the wrap interval 64 800 → 86 400 s runs from 0 to the first sample (0)');
  const noon = new SolarHarvest(day, panel, { repeat: true, offsetS: 43_200 });
  assert.equal(noon.powerW(0), h.powerW(43_200));
  assert.ok(Math.abs(noon.forecastJ(0, 3600) - h.forecastJ(43_200, 3600)) < 1e-9);
});

test('without repeat, times outside the trace are RangeErrors that suggest repeat; bad traces and horizons are named', () => {
  const h = new SolarHarvest({ timeS: [0, 60], ghiWPerM2: [0, 100] }, panel);
  assert.throws(() => h.powerW(61), /outside the trace.*repeat: true/);
  assert.throws(() => h.forecastJ(30, 31), /outside the trace/);
  assert.throws(() => h.forecastJ(0, -1), /horizonS/);
  assert.throws(() => new SolarHarvest({ timeS: [0, 0], ghiWPerM2: [1, 2] }, panel), /strictly increasing/);
  assert.throws(() => new SolarHarvest({ timeS: [0, 60], ghiWPerM2: [1] }, panel), /one length/);
  assert.throws(() => new SolarHarvest({ timeS: [0, 60], ghiWPerM2: [1, Number.NaN] }, panel), /ghiWPerM2\[1\]/);
  assert.throws(() => new SolarHarvest({ timeS: [0, 60], ghiWPerM2: [1, 2] }, panel, { repeat: true, periodS: 30 }), /periodS/);
  assert.throws(() => new SolarHarvest({ timeS: [0, 60], ghiWPerM2: [1, 2] }, { ...panel, efficiency: 2 }), /PvPanel\.efficiency/);
  assert.equal(NO_HARVEST.forecastJ(0, 10), 0, 'the no-panel default still answers');
  assert.equal(pvPowerW(panel, 0), 0);
});
