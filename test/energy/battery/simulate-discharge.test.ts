/**
 * simulateDischarge against closed forms on hand-made cells: flat OCV to
 * empty (t = Q/I), a straight OCV line to cut-off (t from solving the line),
 * constant power on a flat OCV (the quadratic's root), the RC step response,
 * and independence of the time step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceAtCurrent, currentForPower, restingState } from '../../../src/energy/battery/battery-dynamics.js';
import { simulateDischarge } from '../../../src/energy/battery/simulate-discharge.js';
import { LG18650_25C } from '../../../src/energy/battery/lg18650-25c.js';
import { linearCell } from './synthetic-models.js';

const close = (got: number, want: number, rel: number, what: string): void => {
  assert.ok(Math.abs(got - want) <= rel * Math.abs(want), `${what}: got ${got}, want ${want} (rel ${rel})`);
};

test('flat OCV, constant current: runs to empty at exactly Q / I with V = E - I R', () => {
  const cell = linearCell({ ocvEmptyV: 3.7, ocvFullV: 3.7, r0Ohm: 0.05, cutoffV: 3.0, capacityC: 3600 });
  const r = simulateDischarge(cell, { currentA: 2 }, { dtS: 7 });
  assert.equal(r.endReason, 'empty');
  close(r.durationS, 1800, 1e-12, 'duration');
  close(r.chargeC, 3600, 1e-12, 'charge');
  close(r.energyJ, 3.6 * 3600, 1e-12, 'energy');
  assert.ok(r.voltageV.every((v) => Math.abs(v - 3.6) < 1e-12));
  assert.equal(r.socFraction[r.socFraction.length - 1], 0);
});

test('straight OCV line, constant current: cut-off where E0 + k s - I R = Vcut, energy = Q times the integral of the line', () => {
  // OCV = 3.0 + 1.2 s; V = 2.9 + 1.2 s at 1 A through 0.1 ohm; cut-off 3.3 V at s = 1/3.
  const cell = linearCell({ ocvEmptyV: 3.0, ocvFullV: 4.2, r0Ohm: 0.1, cutoffV: 3.3, capacityC: 3600 });
  const r = simulateDischarge(cell, { currentA: 1 }, { dtS: 1 });
  assert.equal(r.endReason, 'cutoff');
  close(r.durationS, 2400, 1e-3, 'duration');
  const energy = 3600 * (2.9 * (2 / 3) + 0.6 * (1 - 1 / 9));
  close(r.energyJ, energy, 1e-3, 'energy');
  close(r.voltageV[r.voltageV.length - 1]!, 3.3, 1e-9, 'end voltage');
});

test('flat OCV, constant power: the current is the small root of R I^2 - E I + P = 0; V I = P throughout', () => {
  const cell = linearCell({ ocvEmptyV: 4, ocvFullV: 4, r0Ohm: 0.2, cutoffV: 3.0, capacityC: 3600 });
  const current = (4 - Math.sqrt(16 - 4 * 0.2 * 4)) / (2 * 0.2);
  const r = simulateDischarge(cell, { powerW: 4 }, { dtS: 3 });
  assert.equal(r.endReason, 'empty');
  close(r.currentA[5]!, current, 1e-12, 'current');
  close(r.durationS, 3600 / current, 1e-9, 'duration');
  close(r.energyJ, 4 * r.durationS, 1e-12, 'energy');
  close(r.voltageV[5]! * r.currentA[5]!, 4, 1e-12, 'V I');
  assert.equal(currentForPower(cell, restingState(1), 30, 1), undefined, 'beyond E^2 / 4R = 20 W nothing can be delivered');
  assert.equal(simulateDischarge(cell, { powerW: 30 }, { dtS: 1 }).durationS, 0);
});

test('RC pair: constant-current step response V(t) = E - I R0 - I R1 (1 - exp(-t / tau)), exact for any step', () => {
  const cell = linearCell({ ocvEmptyV: 3.8, ocvFullV: 3.8, r0Ohm: 0.03, r1Ohm: 0.02, tau1S: 50, cutoffV: 3.0 });
  const r = simulateDischarge(cell, { currentA: 2 }, { dtS: 13 });
  for (const k of [1, 2, 5, 20]) {
    const t = r.timeS[k]!;
    close(r.voltageV[k]!, 3.8 - 2 * 0.03 - 2 * 0.02 * (1 - Math.exp(-t / 50)), 1e-12, `V(${t} s)`);
  }
  // Relaxation at rest: the RC voltage decays by exp(-dt / tau).
  const loaded = advanceAtCurrent(cell, restingState(0.5), 2, 1000).state;
  const rested = advanceAtCurrent(cell, loaded, 0, 50).state;
  close(rested.rcVoltageV, loaded.rcVoltageV * Math.exp(-1), 1e-12, 'relaxed RC voltage');
});

test('the time step barely matters: the fitted LG 18650 at 1C lasts the same with 1 s and 30 s steps (0.1 %)', () => {
  const fine = simulateDischarge(LG18650_25C, { currentA: 2.6 }, { dtS: 1, recordTrace: false });
  const coarse = simulateDischarge(LG18650_25C, { currentA: 2.6 }, { dtS: 30, recordTrace: false });
  close(coarse.durationS, fine.durationS, 1e-3, 'duration');
  close(coarse.energyJ, fine.energyJ, 1e-3, 'energy');
  assert.equal(fine.timeS.length, 0, 'recordTrace: false keeps no trace');
  const p = simulateDischarge(LG18650_25C, { powerW: 9 }, { dtS: 2 });
  assert.ok(p.currentA[p.currentA.length - 1]! > 1.2 * p.currentA[0]!, 'at constant power the current rises as the voltage falls');
  close(p.energyJ, 9 * p.durationS, 1e-12, 'energy at constant power');
});

test('simulateDischarge: bad arguments are RangeErrors naming the argument', () => {
  assert.throws(() => simulateDischarge(LG18650_25C, { currentA: -1 }, { dtS: 1 }), /load\.currentA/);
  assert.throws(() => simulateDischarge(LG18650_25C, { powerW: 0 }, { dtS: 1 }), /load\.powerW/);
  assert.throws(() => simulateDischarge(LG18650_25C, { currentA: 1 }, { dtS: 0 }), /options\.dtS/);
  assert.throws(() => simulateDischarge(LG18650_25C, { currentA: 1 }, { dtS: 1, initialSocFraction: 0 }), /initialSocFraction/);
  assert.throws(() => simulateDischarge(LG18650_25C, { currentA: 1e-6 }, { dtS: 1, maxSteps: 10 }), /maxSteps/);
});
