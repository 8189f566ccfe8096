/**
 * One time step of the equivalent circuit (pack level), pure:
 *
 *   V = OCV(soc) − I·R0 − v1,   dv1/dt = (I·R1 − v1) / tau1,   dsoc/dt = −I_stored / Q
 *
 * with I > 0 discharging. State of charge is coulomb counting: the charge
 * that flows, over the capacity; on charge only the coulombic-efficiency
 * fraction of it is stored. The RC voltage is advanced exactly for a
 * constant current over the step (v1 relaxes towards I·R1 with factor
 * exp(−dt/tau1)), so a step of any length is stable. The circuit parameters
 * are read at the state of charge at the start of the step.
 */
import { type BatteryModel, packCapacityC, packOcvV, packParametersAt } from './battery-model.js';

export interface BatteryState {
  /** State of charge, 0..1. */
  socFraction: number;
  /** Voltage across the RC pair (pack), V: positive after discharging, relaxes to 0 at rest. */
  rcVoltageV: number;
}

export interface StepResult {
  state: BatteryState;
  /** Terminal voltage at the end of the step, V. */
  terminalVoltageV: number;
}

/** A cell that has rested long enough for the RC pair to relax. */
export function restingState(socFraction: number): BatteryState {
  return { socFraction, rcVoltageV: 0 };
}

/** Terminal voltage the instant `currentA` flows from `state`, V. */
export function terminalVoltageV(model: BatteryModel, state: BatteryState, currentA: number): number {
  const p = packParametersAt(model, state.socFraction);
  return p.ocvV - state.rcVoltageV - currentA * p.r0Ohm;
}

/** Advances `state` by `dtS` at a constant `currentA` (discharge positive). */
export function advanceAtCurrent(model: BatteryModel, state: BatteryState, currentA: number, dtS: number): StepResult {
  const p = packParametersAt(model, state.socFraction);
  const decay = Math.exp(-dtS / p.tau1S);
  const rcVoltageV = state.rcVoltageV * decay + currentA * p.r1Ohm * (1 - decay);
  const storedA = currentA >= 0 ? currentA : currentA * model.coulombicEfficiency;
  const socFraction = state.socFraction - (storedA * dtS) / packCapacityC(model);
  const terminal = packOcvV(model, socFraction) - currentA * p.r0Ohm - rcVoltageV;
  return { state: { socFraction, rcVoltageV }, terminalVoltageV: terminal };
}

/**
 * The constant current that makes the step's mean terminal power equal
 * `powerW` (positive: the load draws it; negative: a charger pushes it in),
 * or undefined when the cell cannot deliver that much power at all
 * (beyond the maximum-power point, 4·R·P > E²).
 *
 * Over a step at constant current the mean RC voltage is
 * g·v1 + (1 − g)·I·R1 with g = (tau1/dt)·(1 − exp(−dt/tau1)), so the mean
 * terminal voltage is E − I·R with E = OCV − g·v1 and R = R0 + (1 − g)·R1,
 * and V·I = P is a quadratic in I. The OCV is taken at mid-step (one
 * fixed-point refinement: the drift of the OCV within the step). The
 * roots are written in the cancellation-free form 2P / (E + sqrt(...)),
 * which also holds for R = 0.
 */
export function currentForPower(model: BatteryModel, state: BatteryState, powerW: number, dtS: number): number | undefined {
  if (powerW === 0) return 0;
  const p = packParametersAt(model, state.socFraction);
  const g = dtS > 0 ? (p.tau1S / dtS) * -Math.expm1(-dtS / p.tau1S) : 1;
  const resistance = p.r0Ohm + (1 - g) * p.r1Ohm;
  const capacity = packCapacityC(model);
  let ocvV = p.ocvV;
  let currentA: number | undefined;
  for (let pass = 0; pass < 2; pass++) {
    const e = ocvV - g * state.rcVoltageV;
    if (powerW > 0) {
      const disc = e * e - 4 * resistance * powerW;
      if (disc < 0 || e <= 0) return undefined;
      currentA = (2 * powerW) / (e + Math.sqrt(disc));
    } else {
      const inW = -powerW;
      currentA = -(2 * inW) / (e + Math.sqrt(e * e + 4 * resistance * inW));
    }
    const stored = currentA >= 0 ? currentA : currentA * model.coulombicEfficiency;
    ocvV = packOcvV(model, state.socFraction - (stored * dtS) / (2 * capacity));
  }
  return currentA;
}
