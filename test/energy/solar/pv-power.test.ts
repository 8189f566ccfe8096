/**
 * pvPowerW and the panel defaults against hand-computed values: STC, the
 * NOCT conditions (where the cell must sit at NOCT by definition), the
 * temperature coefficient, and the explicit night clamp.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellTemperatureC, pvPowerW } from '../../../src/energy/solar/pv-power.js';
import { standardPanel, validatePvPanel, type PvPanel } from '../../../src/energy/solar/pv-panel.js';

const panel = standardPanel(0.01); // 10 cm x 10 cm

test('standardPanel: the cited defaults (PVWatts v5 standard module, open rack NOCT, SPV1040 MPPT)', () => {
  assert.deepEqual(panel, { areaM2: 0.01, efficiency: 0.15, powerTempCoeffPerK: -0.0047, noctC: 45, mpptEfficiency: 0.95 });
  assert.equal(standardPanel(0.02, { mpptEfficiency: 0.8 }).mpptEfficiency, 0.8);
});

test('pvPowerW at STC (1000 W/m², cell at 25 °C) is area x efficiency x MPPT efficiency x 1000 W/m²', () => {
  assert.ok(Math.abs(pvPowerW(panel, 1000) - 1000 * 0.01 * 0.15 * 0.95) < 1e-15);
  assert.ok(Math.abs(pvPowerW(panel, 1000, 25 - (25 / 800) * 1000) - 1.425) < 1e-12, 'ambient such that the cell is at 25 °C');
  assert.ok(Math.abs(pvPowerW(panel, 500) - 0.7125) < 1e-15, 'linear in irradiance without temperature');
});

test('NOCT model: at 800 W/m² and 20 °C ambient the cell is at NOCT, and power is derated by gamma (NOCT - 25)', () => {
  assert.equal(cellTemperatureC(panel, 800, 20), 45);
  assert.equal(cellTemperatureC(panel, 0, 12), 12);
  const want = 800 * 0.01 * 0.15 * (1 - 0.0047 * 20) * 0.95;
  assert.ok(Math.abs(pvPowerW(panel, 800, 20) - want) < 1e-12, `${pvPowerW(panel, 800, 20)} vs ${want}`);
  assert.ok(pvPowerW(panel, 800, -10) > pvPowerW(panel, 800, 20), 'a cold panel makes more power');
});

test('night: negative GHI (pyranometer offset) gives exactly 0 W, also with a temperature; NaN is an error', () => {
  assert.equal(pvPowerW(panel, -7.69), 0);
  assert.equal(pvPowerW(panel, -3, -5), 0);
  assert.equal(pvPowerW(panel, 0, 30), 0);
  assert.throws(() => pvPowerW(panel, Number.NaN), /ghiWPerM2/);
});

test('validatePvPanel names the field out of range', () => {
  const cases: [keyof PvPanel, number][] = [['areaM2', 0], ['efficiency', 1.5], ['powerTempCoeffPerK', -0.47], ['noctC', 10], ['mpptEfficiency', 0]];
  for (const [field, value] of cases) {
    assert.throws(() => validatePvPanel({ ...panel, [field]: value }), (e: unknown) => e instanceof RangeError && e.message.startsWith(`PvPanel.${field}`), field);
  }
  assert.throws(() => standardPanel(-1), /PvPanel\.areaM2/);
});
