/**
 * Fits a BatteryModel from two logged tests, pure (arrays in, numbers out):
 *
 * 1. the pulse test (fit-pulse-test.ts) gives OCV points at every rest and
 *    R0 / R1 / tau1 at every pulse;
 * 2. the lowest-rate constant-current discharge to cut-off gives the
 *    capacity by coulomb counting (the logger's charge count, else the
 *    trapezoid of current over time) and the
 *    OCV below the last pulse-test rest, where the pulse test stopped: there
 *    OCV = V_lowRate + I_lowRate · R_tail, with R_tail the overpotential
 *    of the low-rate curve at the last rest point, (OCV_rest − V_lowRate)/I,
 *    so the two pieces of the curve join without a step.
 *
 * State of charge is 1 − discharged/capacity, so soc 0 is the low-rate
 * cut-off: a load slower than the low-rate test could draw a little more,
 * which the model does not credit (conservative). Only the pulse test and
 * the low-rate discharge enter the fit; faster discharges are left for
 * checking the model's predictions (test/energy/battery/).
 */
import type { BatteryModel } from './battery-model.js';
import { validateBatteryModel } from './battery-model.js';
import { checkTrace, cumulativeChargeC, type DischargeTrace, fitPulseTest, type PulseFit, type PulseFitOptions } from './fit-pulse-test.js';

/**
 * Coulombic efficiency of a healthy Li-ion cell: 99.90–99.99 % per cycle by
 * high-precision coulometry (A. J. Smith, J. C. Burns, S. Trussler,
 * J. R. Dahn, "Precision measurements of the coulombic efficiency of
 * lithium-ion batteries", J. Electrochem. Soc. 157 (2010) A196); 0.999 is the
 * conservative end of that range. The shared data hold no charge half-cycle,
 * so the value cannot be fitted here.
 */
export const LI_ION_COULOMBIC_EFFICIENCY = 0.999;

export interface BatteryFitInput {
  name: string;
  /** The pulse test (constant-current pulses separated by rests). */
  pulse: DischargeTrace;
  /** The lowest-rate constant-current discharge, from full to the cut-off. */
  lowRate: DischargeTrace;
  /** Cut-off voltage per cell, V: the low-rate trace must end at it (within 20 mV). */
  cutoffV: number;
  /** Charge-voltage limit per cell, V (from the cell's datasheet). */
  chargeVoltageMaxV: number;
  coulombicEfficiency?: number;
  pulseFit?: PulseFitOptions;
  source?: string;
}

export interface BatteryFit {
  model: BatteryModel;
  pulse: PulseFit;
  /** Mean current of the low-rate discharge, A. */
  lowRateCurrentA: number;
  /** The overpotential resistance used to extend the OCV below the last rest, ohm. */
  tailResistanceOhm: number;
}

/** Makes a sequence non-increasing by a running minimum (OCV cannot rise as charge is drawn; noise can). */
function runningMinimum(values: number[]): number[] {
  let min = Infinity;
  return values.map((x) => (min = Math.min(min, x)));
}

/** Fits OCV(soc), R0/R1/tau1(soc) and the capacity; see the file comment for which data give what. */
export function fitBatteryModel(input: BatteryFitInput): BatteryFit {
  checkTrace(input.lowRate, 'fitBatteryModel lowRate');
  const pulse = fitPulseTest(input.pulse, input.pulseFit);
  if (pulse.ocvPoints.length < 2 || pulse.pulses.length < 1) {
    throw new RangeError(`fitBatteryModel: the pulse trace gave ${pulse.ocvPoints.length} rest points and ${pulse.pulses.length} fitted pulses; expected at least 2 and 1`);
  }
  const low = input.lowRate;
  const n = low.timeS.length;
  const q = cumulativeChargeC(low);
  const capacityC = q[n - 1]!;
  const endV = low.voltageV[n - 1]!;
  if (Math.abs(endV - input.cutoffV) > 0.02) throw new RangeError(`fitBatteryModel: lowRate must end at the cut-off ${input.cutoffV} V (within 20 mV) for coulomb counting to give the capacity; it ends at ${endV} V`);
  // Loaded samples: above 5 % of the 1C current (capacity / 1 h), i.e. not the rest before the discharge.
  const loadedI: number[] = [];
  for (let k = 0; k < n; k++) if (low.currentA[k]! > (0.05 * capacityC) / 3600) loadedI.push(low.currentA[k]!);
  const lowRateCurrentA = loadedI.reduce((a, b) => a + b, 0) / loadedI.length;

  const rests = [...pulse.ocvPoints].sort((a, b) => a.dischargedC - b.dischargedC);
  const last = rests[rests.length - 1]!;
  if (!(last.dischargedC < capacityC)) throw new RangeError(`fitBatteryModel: the pulse test discharged ${last.dischargedC} C, not less than the low-rate capacity ${capacityC} C; is lowRate the full discharge?`);
  // The low-rate curve's voltage at the last rest's charge, by interpolation in q.
  let j = 1;
  while (j < n - 1 && q[j]! < last.dischargedC) j++;
  const w = (last.dischargedC - q[j - 1]!) / (q[j]! - q[j - 1]!);
  const lowV = low.voltageV[j - 1]! + w * (low.voltageV[j]! - low.voltageV[j - 1]!);
  const tailResistanceOhm = (last.ocvV - lowV) / lowRateCurrentA;

  const charge = rests.map((p) => p.dischargedC);
  const ocv = rests.map((p) => p.ocvV);
  for (let k = j; k < n; k++) {
    if (q[k]! <= last.dischargedC) continue;
    charge.push(q[k]!);
    ocv.push(low.voltageV[k]! + lowRateCurrentA * tailResistanceOhm);
  }
  const ocvMonotone = runningMinimum(ocv);
  const socOf = (dischargedC: number): number => Math.max(0, 1 - dischargedC / capacityC);
  const pulses = [...pulse.pulses].sort((a, b) => b.dischargedC - a.dischargedC);
  const model: BatteryModel = {
    name: input.name,
    capacityC,
    ocv: { socFraction: charge.map(socOf).reverse(), voltageV: ocvMonotone.reverse() },
    resistance: {
      socFraction: pulses.map((p) => socOf(p.dischargedC)),
      r0Ohm: pulses.map((p) => p.r0Ohm),
      r1Ohm: pulses.map((p) => p.r1Ohm),
      tau1S: pulses.map((p) => p.tau1S),
    },
    cutoffV: input.cutoffV,
    chargeVoltageMaxV: input.chargeVoltageMaxV,
    coulombicEfficiency: input.coulombicEfficiency ?? LI_ION_COULOMBIC_EFFICIENCY,
    cellsInSeries: 1,
    cellsInParallel: 1,
    ...(input.source === undefined ? {} : { source: input.source }),
  };
  validateBatteryModel(model);
  return { model, pulse, lowRateCurrentA, tailResistanceOhm };
}
