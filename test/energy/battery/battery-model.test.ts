/**
 * The model type: interpolation, validation that names the bad field, and
 * pack scaling (a 2s3p pack of identical cells behaves as one cell scaled).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asPack, packCapacityC, packParametersAt, validateBatteryModel, type BatteryModel } from '../../../src/energy/battery/battery-model.js';
import { interpolateClamped, segmentIndex } from '../../../src/energy/battery/piecewise-linear.js';
import { simulateDischarge } from '../../../src/energy/battery/simulate-discharge.js';
import { LG18650_25C } from '../../../src/energy/battery/lg18650-25c.js';
import { linearCell } from './synthetic-models.js';

test('interpolateClamped: linear between points, end values outside, exact at the knots', () => {
  const xs = [0, 0.5, 1];
  const ys = [3, 3.6, 4.2];
  assert.equal(interpolateClamped(xs, ys, 0.25), 3.3);
  assert.equal(interpolateClamped(xs, ys, 0.5), 3.6);
  assert.equal(interpolateClamped(xs, ys, -0.1), 3);
  assert.equal(interpolateClamped(xs, ys, 1.2), 4.2);
  assert.equal(interpolateClamped([0.3], [7], 0.9), 7);
  assert.deepEqual([segmentIndex(xs, -1), segmentIndex(xs, 0.49), segmentIndex(xs, 0.5), segmentIndex(xs, 2)], [0, 0, 1, 1]);
});

test('validateBatteryModel: the fitted LG 18650 passes; each broken field is named in a RangeError', () => {
  validateBatteryModel(LG18650_25C);
  const broken = (patch: (m: BatteryModel) => void): BatteryModel => {
    const m = structuredClone(LG18650_25C);
    patch(m);
    return m;
  };
  const cases: [string, (m: BatteryModel) => void][] = [
    ['capacityC', (m) => (m.capacityC = -1)],
    ['ocv.socFraction', (m) => (m.ocv.socFraction[3] = m.ocv.socFraction[2]!)],
    ['ocv.voltageV[10]', (m) => (m.ocv.voltageV[10] = 2)],
    ['ocv.voltageV', (m) => m.ocv.voltageV.pop()],
    ['resistance.r0Ohm[2]', (m) => (m.resistance.r0Ohm[2] = -0.01)],
    ['resistance.tau1S[0]', (m) => (m.resistance.tau1S[0] = 0)],
    ['cutoffV', (m) => (m.cutoffV = 5)],
    ['chargeVoltageMaxV', (m) => (m.chargeVoltageMaxV = 4)],
    ['coulombicEfficiency', (m) => (m.coulombicEfficiency = 1.2)],
    ['cellsInSeries', (m) => (m.cellsInSeries = 0)],
    ['cellsInParallel', (m) => (m.cellsInParallel = 1.5)],
  ];
  for (const [field, patch] of cases) {
    assert.throws(() => validateBatteryModel(broken(patch)), (e: unknown) => e instanceof RangeError && e.message.startsWith(`BatteryModel.${field}`), field);
  }
});

test('pack scaling: 2s3p has 3x the capacity, 2x the OCV and 2/3 the resistance; at 3x the current it lasts as long as one cell, with 6x the energy', () => {
  const cell = linearCell({ ocvEmptyV: 3.0, ocvFullV: 4.1, r0Ohm: 0.06, r1Ohm: 0.02, tau1S: 120, cutoffV: 3.2 });
  const pack = asPack(cell, 2, 3);
  assert.equal(packCapacityC(pack), 3 * packCapacityC(cell));
  const c = packParametersAt(cell, 0.4);
  const p = packParametersAt(pack, 0.4);
  assert.ok(Math.abs(p.ocvV - 2 * c.ocvV) < 1e-12);
  assert.ok(Math.abs(p.r0Ohm - (2 / 3) * c.r0Ohm) < 1e-15);
  assert.ok(Math.abs(p.r1Ohm - (2 / 3) * c.r1Ohm) < 1e-15);
  assert.equal(p.tau1S, c.tau1S);
  const one = simulateDischarge(cell, { currentA: 1 }, { dtS: 5 });
  const many = simulateDischarge(pack, { currentA: 3 }, { dtS: 5 });
  assert.equal(one.endReason, 'cutoff');
  assert.ok(Math.abs(many.durationS - one.durationS) < 1e-6 * one.durationS, `${many.durationS} s vs ${one.durationS} s`);
  assert.ok(Math.abs(many.energyJ - 6 * one.energyJ) < 1e-6 * many.energyJ);
  assert.throws(() => asPack(cell, 0, 1), /cellsInSeries/);
});
