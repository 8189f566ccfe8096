/**
 * The fitters on data logged from a known model: a pulse test and a
 * low-rate discharge are generated from a cell with known R0, R1, tau1 and
 * OCV, sampled every 10 s with the current steps between samples (as the
 * LG 18650 logger does). The fit must recover the parameters, and the
 * fitted model must predict a faster discharge of the true model.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceAtCurrent, restingState, terminalVoltageV } from '../../../src/energy/battery/battery-dynamics.js';
import type { BatteryModel } from '../../../src/energy/battery/battery-model.js';
import { fitBatteryModel } from '../../../src/energy/battery/fit-battery-model.js';
import { fitPulseTest, type DischargeTrace } from '../../../src/energy/battery/fit-pulse-test.js';
import { simulateDischarge } from '../../../src/energy/battery/simulate-discharge.js';
import { interpolateClamped } from '../../../src/energy/battery/piecewise-linear.js';

const TRUE_CELL: BatteryModel = {
  name: 'known cell',
  capacityC: 3600,
  ocv: { socFraction: [0, 0.05, 1], voltageV: [2.8, 3.5, 4.2] },
  resistance: { socFraction: [0.5], r0Ohm: [0.04], r1Ohm: [0.02], tau1S: [150] },
  cutoffV: 3.0,
  chargeVoltageMaxV: 4.2,
  coulombicEfficiency: 1,
  cellsInSeries: 1,
  cellsInParallel: 1,
};

/** Runs `currentAt(second)` on the true cell at 1 s resolution, logging every 10 s; stops at cut-off or `endS`. */
function logTest(currentAt: (s: number) => number, endS: number): DischargeTrace {
  const out = { timeS: [] as number[], currentA: [] as number[], voltageV: [] as number[] };
  let state = restingState(1);
  for (let s = 0; s <= endS; s++) {
    const i = currentAt(s);
    const v = terminalVoltageV(TRUE_CELL, state, i);
    if (s % 10 === 0 || v <= TRUE_CELL.cutoffV) {
      out.timeS.push(s);
      out.currentA.push(i);
      out.voltageV.push(Math.max(v, TRUE_CELL.cutoffV));
    }
    if (v <= TRUE_CELL.cutoffV) break;
    state = advanceAtCurrent(TRUE_CELL, state, i, 1).state;
  }
  return out;
}

// Five 300 s pulses at 1 A from t = 5 s, 1200 s rests: steps at 5, 305, 1505, ... (between 10 s samples).
const pulseAt = (s: number): number => ((s - 5) % 1500 >= 0 && (s - 5) % 1500 < 300 && s < 5 + 5 * 1500 ? 1 : 0);

test('fitPulseTest recovers R0, R1, tau1 and the OCV of a known cell from 10 s samples', () => {
  const fit = fitPulseTest(logTest(pulseAt, 5 * 1500));
  assert.equal(fit.ocvPoints.length, 6, 'the initial rest and one rest after each pulse');
  assert.equal(fit.pulses.length, 5);
  for (const p of fit.pulses) {
    assert.ok(Math.abs(p.r0Ohm - 0.04) < 5e-4, `R0 ${p.r0Ohm}`);
    assert.ok(Math.abs(p.r1Ohm - 0.02) < 3e-4, `R1 ${p.r1Ohm}`);
    assert.ok(Math.abs(p.tau1S - 150) < 2, `tau1 ${p.tau1S}`);
    assert.ok(Math.abs(p.pulseS - 300) < 1e-9 && Math.abs(p.currentA - 1) < 1e-12);
  }
  for (const o of fit.ocvPoints) {
    const trueOcv = interpolateClamped(TRUE_CELL.ocv.socFraction, TRUE_CELL.ocv.voltageV, 1 - o.dischargedC / 3600);
    assert.ok(Math.abs(o.ocvV - trueOcv) < 0.5e-3, `OCV at ${o.dischargedC} C: ${o.ocvV} vs ${trueOcv}`);
  }
  assert.throws(() => fitPulseTest({ timeS: [0, 1], currentA: [0, 0], voltageV: [4, 4] }), /no current/);
  assert.throws(() => fitPulseTest({ timeS: [0, 0], currentA: [0, 1], voltageV: [4, 4] }), /strictly increase/);
});

test('fitBatteryModel on pulses + a 0.5 A discharge of a known cell predicts its 2 A discharge time (1 %)', () => {
  const fit = fitBatteryModel({
    name: 'refit',
    pulse: logTest(pulseAt, 5 * 1500),
    lowRate: logTest((s) => (s >= 5 ? 0.5 : 0), 20_000),
    cutoffV: 3.0,
    chargeVoltageMaxV: 4.2,
  });
  assert.ok(Math.abs(fit.tailResistanceOhm - 0.06) < 0.002, `tail resistance ${fit.tailResistanceOhm} (R0 + R1 = 0.06)`);
  assert.ok(Math.abs(fit.lowRateCurrentA - 0.5) < 1e-12);
  const truth = simulateDischarge(TRUE_CELL, { currentA: 2 }, { dtS: 1 });
  const predicted = simulateDischarge(fit.model, { currentA: 2 }, { dtS: 1 });
  assert.ok(Math.abs(predicted.durationS - truth.durationS) < 0.01 * truth.durationS, `${predicted.durationS} s predicted vs ${truth.durationS} s`);
  assert.throws(() => fitBatteryModel({ name: 'x', pulse: logTest(pulseAt, 5 * 1500), lowRate: logTest((s) => (s >= 5 ? 0.5 : 0), 2000), cutoffV: 3.0, chargeVoltageMaxV: 4.2 }), /must end at the cut-off/);
});
