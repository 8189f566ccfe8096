/**
 * The battery model on the real LG 18650 data (../shared/data/battery; the
 * tests skip with a reason where the folder is absent).
 *
 * FIT on lg18650_25C_pulse_data.csv (pulse test, 0.5C pulses) and
 * lg18650_25C_Rt_c_2_data.csv (0.5C = 1.3 A constant-current discharge)
 * only. CHECK, out of sample, against lg18650_25C_ref_data.csv (1C,
 * 2.6008 A, 3498 s to 2.5 V) and lg18650_25C_Rt_cx2_data.csv (2C, 5.1997 A,
 * 1735 s to 2.5 V), which the fit never sees. Errors obtained: 1C
 * 3552 s predicted, +1.5 %; 2C 1765 s, +1.8 % (the issue asks for 5 %).
 * For scale, a model without any rate effect (time = capacity / current)
 * is off by +1.8 % and +2.7 %: the resistance recovers part of the rate
 * effect; the rest (a 2C overpotential ~20 % below the linear model's,
 * partly the 10 °C self-heating of the 2C run) needs a current-dependent
 * resistance that a single-current pulse test cannot identify.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBatteryDischarge, type BatteryDischarge } from '../../../src/data/traces/battery-discharge.js';
import { fitBatteryModel, type BatteryFit } from '../../../src/energy/battery/fit-battery-model.js';
import { simulateDischarge } from '../../../src/energy/battery/simulate-discharge.js';
import { LG18650_25C } from '../../../src/energy/battery/lg18650-25c.js';
import { interpolateClamped } from '../../../src/energy/battery/piecewise-linear.js';
import { sharedDataPath, skipUnlessShared } from '../../helpers/shared-data.js';

const skip = skipUnlessShared('battery', 'lg18650_25C_pulse_data.csv');
const file = (name: string): BatteryDischarge => readBatteryDischarge(sharedDataPath('battery', name));

let cached: BatteryFit | undefined;
/** The fit on the pulse test and the 0.5C discharge only. */
function fitOnPulseAndHalfC(): BatteryFit {
  cached ??= fitBatteryModel({
    name: 'LG 18650 refit',
    pulse: file('lg18650_25C_pulse_data.csv'),
    lowRate: file('lg18650_25C_Rt_c_2_data.csv'),
    cutoffV: 2.5,
    chargeVoltageMaxV: 4.2,
  });
  return cached;
}

/** Mean current while loaded (the first sample of each file is the rest before the discharge). */
function loadCurrentA(d: BatteryDischarge): number {
  const loaded = [...d.currentA].filter((i) => i > 0.1);
  return loaded.reduce((a, b) => a + b, 0) / loaded.length;
}

/** RMS difference between the simulated and the measured voltage over the first 95 % of the discharge, V. */
function voltageRmsV(sim: { timeS: number[]; voltageV: number[] }, measured: BatteryDischarge): number {
  let sum = 0;
  let count = 0;
  for (let k = 1; k < measured.timeS.length && measured.timeS[k]! <= 0.95 * measured.durationS; k++) {
    sum += (interpolateClamped(sim.timeS, sim.voltageV, measured.timeS[k]!) - measured.voltageV[k]!) ** 2;
    count++;
  }
  return Math.sqrt(sum / count);
}

test('LG 18650 fit: pulse test gives 12 OCV rests and 11 pulses with plausible R0, R1, tau1; the capacity is the 0.5C coulomb count', { skip }, () => {
  const fit = fitOnPulseAndHalfC();
  assert.equal(fit.pulse.ocvPoints.length, 12);
  assert.equal(fit.pulse.pulses.length, 11);
  assert.equal(fit.model.capacityC, 9262.44, 'charge_as at the end of the 0.5C file');
  assert.ok(Math.abs(fit.model.ocv.voltageV.at(-1)! - 4.1813) < 1e-6, 'OCV at full: the rest voltage before the first pulse (4.1813 V, stored as float32 by the reader)');
  for (const p of fit.pulse.pulses) {
    assert.ok(p.r0Ohm > 0.03 && p.r0Ohm < 0.07, `R0 ${p.r0Ohm} ohm at ${p.dischargedC} C`);
    assert.ok(p.r1Ohm > 0.005 && p.r1Ohm < 0.04, `R1 ${p.r1Ohm} ohm`);
    assert.ok(p.tau1S > 60 && p.tau1S < 600, `tau1 ${p.tau1S} s`);
  }
  // The pulse-test overpotential at the end of each pulse, (OCV - V)/I, brackets the 0.5C file's (same current): ~50-75 mOhm.
  assert.ok(fit.tailResistanceOhm > 0.05 && fit.tailResistanceOhm < 0.09, `tail resistance ${fit.tailResistanceOhm}`);
});

test('LG 18650 fit, in sample: the 0.5C discharge time is reproduced (0.5 %) — a consistency check, not a prediction', { skip }, () => {
  const half = file('lg18650_25C_Rt_c_2_data.csv');
  const sim = simulateDischarge(fitOnPulseAndHalfC().model, { currentA: loadCurrentA(half) }, { dtS: 1 });
  assert.ok(Math.abs(sim.durationS - half.durationS) < 0.005 * half.durationS, `${sim.durationS} s vs ${half.durationS} s`);
});

test('LG 18650 fit, OUT OF SAMPLE: predicts the measured 1C and 2C discharge times within 5 % (fit never saw these files)', { skip }, (t) => {
  const model = fitOnPulseAndHalfC().model;
  const chargeDelivered: number[] = [];
  for (const [name, rate, rmsLimitV] of [['lg18650_25C_ref_data.csv', '1C', 0.035], ['lg18650_25C_Rt_cx2_data.csv', '2C', 0.09]] as const) {
    const measured = file(name);
    const currentA = loadCurrentA(measured);
    const sim = simulateDischarge(model, { currentA }, { dtS: 1 });
    const error = (sim.durationS - measured.durationS) / measured.durationS;
    const naive = (model.capacityC / currentA - measured.durationS) / measured.durationS;
    const rms = voltageRmsV(sim, measured);
    t.diagnostic(`${rate} (${currentA.toFixed(4)} A): predicted ${sim.durationS.toFixed(1)} s, measured ${measured.durationS} s, error ${(100 * error).toFixed(2)} % (capacity/current alone: ${(100 * naive).toFixed(2)} %); voltage RMS ${(1000 * rms).toFixed(1)} mV`);
    assert.equal(sim.endReason, 'cutoff');
    assert.ok(Math.abs(error) < 0.05, `${rate}: ${sim.durationS} s predicted vs ${measured.durationS} s measured`);
    assert.ok(Math.abs(error) < Math.abs(naive), `${rate}: the resistance must do better than no rate effect at all`);
    assert.ok(rms < rmsLimitV, `${rate}: voltage RMS ${rms} V`);
    chargeDelivered.push(sim.chargeC);
  }
  assert.ok(chargeDelivered[1]! < chargeDelivered[0]! && chargeDelivered[0]! < model.capacityC, `rate effect: less charge at higher current, ${chargeDelivered.join(' > ')} C`);
});

test('LG18650_25C preset equals a fresh fit of the data (to its rounding)', { skip }, () => {
  const fitted = fitOnPulseAndHalfC().model;
  const near = (a: number[], b: number[], tol: number, what: string): void => {
    assert.equal(a.length, b.length, what);
    a.forEach((x, k) => assert.ok(Math.abs(x - b[k]!) <= tol, `${what}[${k}]: preset ${x} vs fit ${b[k]}`));
  };
  assert.equal(LG18650_25C.capacityC, fitted.capacityC);
  near(LG18650_25C.ocv.socFraction, fitted.ocv.socFraction, 5e-7, 'ocv.socFraction');
  near(LG18650_25C.ocv.voltageV, fitted.ocv.voltageV, 5e-5, 'ocv.voltageV');
  near(LG18650_25C.resistance.socFraction, fitted.resistance.socFraction, 5e-7, 'resistance.socFraction');
  near(LG18650_25C.resistance.r0Ohm, fitted.resistance.r0Ohm, 5e-6, 'resistance.r0Ohm');
  near(LG18650_25C.resistance.r1Ohm, fitted.resistance.r1Ohm, 5e-6, 'resistance.r1Ohm');
  near(LG18650_25C.resistance.tau1S, fitted.resistance.tau1S, 0.05, 'resistance.tau1S');
});
