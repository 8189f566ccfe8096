/**
 * A battery as the runtime sees it (EnergyStore): the fitted equivalent
 * circuit plus its state, advanced by net power steps.
 *
 * - Discharge (netPowerW > 0): the current that delivers the power at the
 *   terminal voltage is solved each step (battery-dynamics.ts). If the
 *   terminal voltage would fall below the cut-off within the step, or the
 *   power is beyond what the cell can deliver, the load is served only up
 *   to that instant (found by bisection on the served time), the store
 *   reports `depleted`, and the cell rests for the remainder of the step.
 *   A later step retries: a relaxed cell can carry a lighter load, as a real
 *   one does after a brown-out.
 * - Charge (netPowerW < 0): the power goes in at the terminal voltage, the
 *   coulombic-efficiency fraction of the charge is stored, the current is
 *   limited so the terminal voltage stays at or below the charge-voltage
 *   limit (the charger's constant-voltage phase), and charging stops at
 *   soc 1. A charging step clears `depleted`.
 * - `remainingJ` is deliverableEnergyJ at the current of the most recent
 *   discharge step (0 A, the open-circuit energy, before any discharge):
 *   an estimate, see deliverable-energy.ts.
 */
import { advanceAtCurrent, currentForPower, restingState, terminalVoltageV, type BatteryState } from './battery-dynamics.js';
import { type BatteryModel, packCapacityC, packChargeVoltageMaxV, packCutoffV, packParametersAt, validateBatteryModel } from './battery-model.js';
import { deliverableEnergyJ } from './deliverable-energy.js';
import type { EnergyStore } from '../energy-store.js';

/** Bisection steps for the served time of a step that hits cut-off: 2^-48 of the step. */
const SERVED_TIME_BISECTIONS = 48;

export class BatteryStore implements EnergyStore {
  private state: BatteryState;
  private brownedOut = false;
  private loadCurrentA = 0;

  constructor(
    readonly model: BatteryModel,
    socFraction = 1,
  ) {
    validateBatteryModel(model);
    if (!(socFraction >= 0 && socFraction <= 1)) throw new RangeError(`BatteryStore: socFraction must be in [0, 1], got ${socFraction}`);
    this.state = restingState(socFraction);
  }

  get soc(): number {
    return Math.min(1, Math.max(0, this.state.socFraction));
  }

  get remainingJ(): number {
    return deliverableEnergyJ(this.model, this.state.socFraction, this.loadCurrentA);
  }

  get depleted(): boolean {
    return this.brownedOut || this.state.socFraction <= 0;
  }

  /** Terminal voltage with no current flowing now (OCV minus the relaxing RC voltage), V. */
  get restVoltageV(): number {
    return terminalVoltageV(this.model, this.state, 0);
  }

  /** The present state (a copy): for logs and checkpoints. */
  get batteryState(): BatteryState {
    return { ...this.state };
  }

  step(netPowerW: number, dtS: number): number {
    if (!Number.isFinite(netPowerW) || !(dtS >= 0) || !Number.isFinite(dtS)) {
      throw new RangeError(`BatteryStore.step: need a finite netPowerW (W) and a finite dtS >= 0 (s), got ${netPowerW} W for ${dtS} s`);
    }
    if (dtS === 0) return 0;
    if (netPowerW > 0) return this.discharge(netPowerW, dtS);
    if (netPowerW < 0) this.charge(-netPowerW, dtS);
    else this.state = advanceAtCurrent(this.model, this.state, 0, dtS).state;
    return 0;
  }

  /** The end state after serving `powerW` for `dtS`, or undefined when that crosses the cut-off or empties the cell. */
  private tryServe(powerW: number, dtS: number): BatteryState | undefined {
    const currentA = currentForPower(this.model, this.state, powerW, dtS);
    if (currentA === undefined) return undefined;
    const next = advanceAtCurrent(this.model, this.state, currentA, dtS);
    if (next.terminalVoltageV < packCutoffV(this.model) || next.state.socFraction < 0) return undefined;
    this.loadCurrentA = currentA;
    return next.state;
  }

  private discharge(powerW: number, dtS: number): number {
    const whole = this.tryServe(powerW, dtS);
    if (whole !== undefined) {
      this.state = whole;
      this.brownedOut = false;
      return powerW * dtS;
    }
    let lo = 0;
    let hi = dtS;
    let served: BatteryState | undefined;
    for (let k = 0; k < SERVED_TIME_BISECTIONS; k++) {
      const mid = (lo + hi) / 2;
      const s = this.tryServe(powerW, mid);
      if (s === undefined) hi = mid;
      else {
        lo = mid;
        served = s;
      }
    }
    if (served !== undefined) this.state = served;
    this.state = advanceAtCurrent(this.model, this.state, 0, dtS - lo).state;
    this.brownedOut = true;
    return powerW * lo;
  }

  private charge(powerW: number, dtS: number): void {
    this.brownedOut = false;
    const capacityC = packCapacityC(this.model);
    let currentA = currentForPower(this.model, this.state, -powerW, dtS) ?? 0;
    // Constant-voltage limit: keep the terminal voltage at or below the charge-voltage maximum.
    const p = packParametersAt(this.model, this.state.socFraction);
    const headroomV = packChargeVoltageMaxV(this.model) - (p.ocvV - this.state.rcVoltageV);
    const rOhm = p.r0Ohm + p.r1Ohm;
    if (rOhm > 0) currentA = Math.max(currentA, Math.min(0, -headroomV / rOhm));
    const storedPerS = -currentA * this.model.coulombicEfficiency;
    if (storedPerS <= 0) {
      this.state = advanceAtCurrent(this.model, this.state, 0, dtS).state;
      return;
    }
    const toFullS = ((1 - this.state.socFraction) * capacityC) / storedPerS;
    const chargeS = Math.min(dtS, toFullS);
    const charged = advanceAtCurrent(this.model, this.state, currentA, chargeS).state;
    this.state = advanceAtCurrent(this.model, { ...charged, socFraction: Math.min(1, charged.socFraction) }, 0, dtS - chargeS).state;
  }
}
