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

/**
 * The merged breakpoints of a model's OCV and resistance tables (0 added),
 * ascending, with OCV and R0 + R1 at each: computed once per model, because
 * the runtime asks for remainingJ on every request and rebuilding the
 * merged table each time was most of a simulated request's cost.
 */
interface BreakTable {
  readonly soc: Float64Array;
  readonly ocvV: Float64Array;
  readonly rOhm: Float64Array;
}

const tables = new WeakMap<BatteryModel, BreakTable>();

function breakTable(model: BatteryModel): BreakTable {
  let t = tables.get(model);
  if (t === undefined) {
    const soc = Float64Array.from(new Set([0, ...model.ocv.socFraction, ...model.resistance.socFraction].filter((x) => x >= 0 && x <= 1))).sort();
    const ocvV = new Float64Array(soc.length);
    const rOhm = new Float64Array(soc.length);
    soc.forEach((x, i) => {
      const p = packParametersAt(model, x);
      ocvV[i] = p.ocvV;
      rOhm[i] = p.r0Ohm + p.r1Ohm;
    });
    t = { soc, ocvV, rOhm };
    tables.set(model, t);
  }
  return t;
}

function loadedVoltageV(model: BatteryModel, soc: number, currentA: number): number {
  const p = packParametersAt(model, soc);
  return p.ocvV - currentA * (p.r0Ohm + p.r1Ohm);
}

/** Energy (J) deliverable at constant `currentA` (>= 0) from `socFraction` down to the cut-off or empty. */
export function deliverableEnergyJ(model: BatteryModel, socFraction: number, currentA: number): number {
  if (!(currentA >= 0) || !Number.isFinite(currentA)) throw new RangeError(`deliverableEnergyJ: currentA must be a finite current >= 0 A, got ${currentA}`);
  if (!(socFraction > 0)) return 0;
  const cutoffV = packCutoffV(model);
  let sHigh = Math.min(1, socFraction);
  let vHigh = loadedVoltageV(model, sHigh, currentA);
  if (vHigh <= cutoffV) return 0;
  const t = breakTable(model);
  // The breakpoints below the present state of charge, walked downwards (0 is the last).
  let k = t.soc.length - 1;
  while (k > 0 && !(t.soc[k]! < sHigh)) k--;
  let integral = 0;
  for (; k >= 0; k--) {
    const sLow = t.soc[k]!;
    const vLow = t.ocvV[k]! - currentA * t.rOhm[k]!;
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
