/**
 * Solar harvesting on the real traces in ../shared/data/solar (skipped with
 * a reason where the folder is absent), each result checked against an
 * independent computation:
 *
 * - MIDC SRRL, Golden CO, 2018-10-14, 1-minute GHI: the day's harvest of a
 *   10 cm x 10 cm PVWatts-standard panel on an SPV1040 equals the logger's
 *   own accumulated insolation column times A·η·η_MPPT, and the trapezoid
 *   of the formula on the samples; zero at night; the powered interval is
 *   centred on solar noon computed from the station's longitude and the
 *   equation of time.
 * - NSRDB PSM3 2017 (pvlib's Golden CO test year), 30-minute GHI and air
 *   temperature: the year equals the exact integral of the NOCT-derated
 *   formula (product-of-linear-functions closed form), is within 1 % of the
 *   PVWatts-style closed form with the irradiance-weighted cell
 *   temperature, and the monthly totals add up to it with summer > winter.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { columnIndex, numberCell, parseCsvTable } from '../../../src/data/csv-timeseries-table.js';
import { readMidc } from '../../../src/data/traces/midc.js';
import { readPsm3 } from '../../../src/data/traces/psm3.js';
import { standardPanel } from '../../../src/energy/solar/pv-panel.js';
import { cellTemperatureC } from '../../../src/energy/solar/pv-power.js';
import { SolarHarvest } from '../../../src/energy/solar/solar-harvest.js';
import { sharedDataPath, skipUnlessShared } from '../../helpers/shared-data.js';

const panel = standardPanel(0.01);
const wattsPerIrradiance = panel.areaM2 * panel.efficiency * panel.mpptEfficiency;

const midcSkip = skipUnlessShared('solar', 'midc_20181014.txt');
const psm3Skip = skipUnlessShared('solar', 'psm3_2017.csv');

function midcHarvest(): { h: SolarHarvest; ghi: Float32Array; elapsedS: Float64Array } {
  const m = readMidc(sharedDataPath('solar', 'midc_20181014.txt'));
  return { h: new SolarHarvest({ timeS: m.elapsedS, ghiWPerM2: m.ghiWPerM2 }, panel, { repeat: true }), ghi: m.ghiWPerM2, elapsedS: m.elapsedS };
}

test('MIDC day: the harvest equals the logger\'s accumulated insolation x A x η x η_MPPT, and the trapezoid of the formula', { skip: midcSkip }, (t) => {
  const { h, ghi } = midcHarvest();
  assert.equal(h.periodS, 86_400, 'one day of 1-minute samples repeats every 24 h');
  const dayJ = h.forecastJ(0, 86_400);
  // The file's "Global PSP (Accumulated) [kWhr/m^2]" column: the station's own running sum of positive irradiance over the day.
  const path = sharedDataPath('solar', 'midc_20181014.txt');
  const table = parseCsvTable(readFileSync(path, 'utf8'), path, { header: true });
  const acc = columnIndex(table, 'Global PSP (Accumulated) [kWhr/m^2]', path);
  const insolationKwhPerM2 = numberCell(table.rows.at(-1)!, acc, 'accumulated', path);
  const fromLogger = insolationKwhPerM2 * 3.6e6 * wattsPerIrradiance;
  assert.ok(Math.abs(dayJ - fromLogger) < 1e-3 * fromLogger, `${dayJ} J vs ${fromLogger} J from the logged ${insolationKwhPerM2} kWh/m²`);
  let trapezoid = 0;
  for (let k = 1; k <= ghi.length; k++) {
    const a = Math.max(0, ghi[k - 1]!);
    const b = Math.max(0, ghi[k % ghi.length]!);
    trapezoid += ((a + b) / 2) * 60 * wattsPerIrradiance;
  }
  assert.ok(Math.abs(dayJ - trapezoid) < 1e-9 * trapezoid, `${dayJ} vs ${trapezoid}`);
  t.diagnostic(`10 cm x 10 cm standard panel on SPV1040, Golden CO, 2018-10-14: ${(dayJ / 3600).toFixed(3)} Wh in the day (insolation ${insolationKwhPerM2} kWh/m²)`);
});

test('MIDC day: exactly 0 W at night (the negative pyranometer offsets are clamped), positive by day', { skip: midcSkip }, () => {
  const { h, ghi } = midcHarvest();
  assert.equal(h.clampedCount, ghi.filter((g) => g < 0).length);
  assert.ok(h.clampedCount > 700, 'about half the day reads below zero');
  for (const hour of [0, 2, 4, 20, 22, 23.5]) assert.equal(h.powerW(hour * 3600), 0, `${hour} h`);
  assert.ok(h.powerW(12 * 3600) > 0.3, `noon ${h.powerW(12 * 3600)} W`);
  assert.equal(h.forecastJ(19 * 3600, 10 * 3600), 0, 'nothing from 19:00 to 05:00');
});

test('MIDC day: the powered interval is centred on solar noon (from longitude and the equation of time), within 15 minutes', { skip: midcSkip }, (t) => {
  const { h, elapsedS } = midcHarvest();
  // Solar noon in MST at SRRL (105.18° W; MST meridian 105° W), day 287: Spencer's (1971) equation of time.
  const b = (2 * Math.PI * (287 - 1)) / 365;
  const eotMin = 229.18 * (0.000075 + 0.001868 * Math.cos(b) - 0.032077 * Math.sin(b) - 0.014615 * Math.cos(2 * b) - 0.040849 * Math.sin(2 * b));
  const solarNoonMin = 720 + 4 * (105.18 - 105) - eotMin;
  const powered = [...elapsedS].filter((s) => h.powerW(s) > 0);
  const midMin = (powered[0]! + powered.at(-1)!) / 2 / 60;
  let e = 0;
  let et = 0;
  for (const s of elapsedS) {
    e += h.powerW(s);
    et += h.powerW(s) * s;
  }
  const centroidMin = et / e / 60;
  t.diagnostic(`solar noon ${solarNoonMin.toFixed(1)} min after midnight MST; powered ${(powered[0]! / 60).toFixed(0)}–${(powered.at(-1)! / 60).toFixed(0)} min, midpoint ${midMin.toFixed(1)}; energy centroid ${centroidMin.toFixed(1)} (afternoon sun after morning cloud)`);
  assert.ok(Math.abs(midMin - solarNoonMin) < 15, `midpoint ${midMin} min vs solar noon ${solarNoonMin} min`);
  assert.ok(Math.abs(centroidMin - solarNoonMin) < 30, `energy centroid ${centroidMin} min`);
});

/** The PSM3 year as a harvest with the NOCT temperature term, plus the arrays for the independent sums. */
function psm3(): { h: SolarHarvest; timeS: Float64Array; ghi: Float32Array; tempC: Float32Array } {
  const p = readPsm3(sharedDataPath('solar', 'psm3_2017.csv'));
  return { h: new SolarHarvest({ timeS: p.timeS, ghiWPerM2: p.ghiWPerM2, ambientTemperatureC: p.temperatureC }, panel), timeS: p.timeS, ghi: p.ghiWPerM2, tempC: p.temperatureC };
}

test('PSM3 year: equals the exact integral of G (1 + γ (T_a + k G − 25)) over linear intervals, and the PVWatts-style closed form within 1 %', { skip: psm3Skip }, (t) => {
  const { h, timeS, ghi, tempC } = psm3();
  const yearJ = h.forecastJ(0, h.spanS);
  const gamma = panel.powerTempCoeffPerK;
  const kNoct = (panel.noctC - 20) / 800;
  // Per interval: ∫ f g dt = dt/6 (2 f0 g0 + f0 g1 + f1 g0 + 2 f1 g1) for linear f, g.
  let exact = 0;
  let insolationJPerM2 = 0;
  let weightedCell = 0;
  for (let i = 1; i < timeS.length; i++) {
    const dt = timeS[i]! - timeS[i - 1]!;
    const g0 = Math.max(0, ghi[i - 1]!);
    const g1 = Math.max(0, ghi[i]!);
    const t0 = tempC[i - 1]!;
    const t1 = tempC[i]!;
    exact += (1 - 25 * gamma) * (dt * (g0 + g1)) / 2 + (gamma * dt * (2 * g0 * t0 + g0 * t1 + g1 * t0 + 2 * g1 * t1)) / 6 + (gamma * kNoct * dt * (g0 * g0 + g0 * g1 + g1 * g1)) / 3;
    insolationJPerM2 += g0 * dt;
    weightedCell += g0 * cellTemperatureC(panel, g0, t0) * dt;
  }
  exact *= wattsPerIrradiance;
  assert.ok(Math.abs(yearJ - exact) < 1e-9 * exact, `${yearJ} J vs ${exact} J`);
  const cellC = weightedCell / insolationJPerM2;
  const closedForm = insolationJPerM2 * wattsPerIrradiance * (1 + gamma * (cellC - 25));
  assert.ok(Math.abs(yearJ - closedForm) < 0.01 * closedForm, `${yearJ} J vs PVWatts-style ${closedForm} J`);
  const insolationKwh = insolationJPerM2 / 3.6e6;
  assert.ok(insolationKwh > 1500 && insolationKwh < 2100, `annual GHI ${insolationKwh} kWh/m² for Golden, CO`);
  const yieldKwhPerKwp = yearJ / 3.6e6 / (panel.areaM2 * panel.efficiency);
  assert.ok(yieldKwhPerKwp > 0.85 * insolationKwh && yieldKwhPerKwp < insolationKwh, `specific yield ${yieldKwhPerKwp} kWh/kWp`);
  t.diagnostic(`annual GHI ${insolationKwh.toFixed(0)} kWh/m², irradiance-weighted cell temperature ${cellC.toFixed(1)} °C, 10x10 cm panel ${(yearJ / 3.6e6).toFixed(3)} kWh/yr (${yieldKwhPerKwp.toFixed(0)} kWh/kWp)`);
});

test('PSM3 year: the twelve monthly totals add up to the year; June out-yields December by 2–5x; the best month is May–July', { skip: psm3Skip }, (t) => {
  const { h, timeS } = psm3();
  const t0 = timeS[0]!;
  const monthly = Array.from({ length: 12 }, (_, m) => {
    const from = Date.UTC(2017, m, 1) / 1000 - t0;
    const to = Math.min(h.spanS, Date.UTC(2017, m + 1, 1) / 1000 - t0);
    return h.energyJ(from, to);
  });
  const year = h.forecastJ(0, h.spanS);
  const sum = monthly.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - year) < 1e-9 * year, `${sum} vs ${year}`);
  const ratio = monthly[5]! / monthly[11]!;
  assert.ok(ratio > 2 && ratio < 5, `June / December = ${ratio}`);
  const best = monthly.indexOf(Math.max(...monthly));
  const worst = monthly.indexOf(Math.min(...monthly));
  assert.ok([4, 5, 6].includes(best), `best month ${best + 1}`);
  assert.ok([0, 10, 11].includes(worst), `worst month ${worst + 1}`);
  t.diagnostic(`monthly Wh: ${monthly.map((j) => (j / 3600).toFixed(0)).join(', ')}`);
});
