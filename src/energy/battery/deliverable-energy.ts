/**
 * Energy a battery can still deliver before cut-off at a given load
 * current: the `remainingJ` estimate of BatteryStore.
 *
 * Quasi-static: the RC pair is taken as settled (its voltage I·R1), so the
 * terminal voltage is V(s) = OCV(s) − I·(R0(s) + R1(s)), and the energy is
 * Q·∫ V(s) ds from the present state of charge down to where V first falls
 * to the cut-off (or to soc 0). Between the breakpoints of the OCV and
 * resistance tables V is linear in s, so the trapezoid rule on the merged
 * breakpoints is exact for the model, and the cut-off crossing is found by
 * linear interpolation. What it leaves out: the present RC transient (a few
 * millivolts times the RC time constant after a load change) and the
 * current's own change under constant power; the estimate is for a
 * constant-current load and is an estimate, as EnergyStore says.
 */
import { type BatteryModel, packCapacityC, packCutoffV, packParametersAt } from './battery-model.js';

function loadedVoltageV(model: BatteryModel, soc: number, currentA: number): number {
  const p = packParametersAt(model, soc);
  return p.ocvV - currentA * (p.r0Ohm + p.r1Ohm);
}

/** Energy (J) deliverable at constant `currentA` (>= 0) from `socFraction` down to the cut-off or empty. */
export function deliverableEnergyJ(model: BatteryModel, socFraction: number, currentA: number): number {
  if (!(currentA >= 0) || !Number.isFinite(currentA)) throw new RangeError(`deliverableEnergyJ: currentA must be a finite current >= 0 A, got ${currentA}`);
  if (!(socFraction > 0)) return 0;
  const cutoffV = packCutoffV(model);
  const breaks = [...new Set([...model.ocv.socFraction, ...model.resistance.socFraction])]
    .filter((s) => s < socFraction && s > 0)
    .sort((a, b) => b - a);
  breaks.push(0);
  let sHigh = Math.min(1, socFraction);
  let vHigh = loadedVoltageV(model, sHigh, currentA);
  if (vHigh <= cutoffV) return 0;
  let integral = 0;
  for (const sLow of breaks) {
    const vLow = loadedVoltageV(model, sLow, currentA);
    if (vLow <= cutoffV) {
      const sCut = sHigh - ((vHigh - cutoffV) / (vHigh - vLow)) * (sHigh - sLow);
      integral += ((vHigh + cutoffV) / 2) * (sHigh - sCut);
      break;
    }
    integral += ((vHigh + vLow) / 2) * (sHigh - sLow);
    sHigh = sLow;
    vHigh = vLow;
  }
  return integral * packCapacityC(model);
}
