/**
 * A discharge at constant current or constant power from rest to the
 * cut-off voltage (or to empty), pure: the laboratory discharge test run on
 * the model. This is what the 1C/2C prediction test compares with the
 * measured files, and what a device planner asks ("how long does 0.4 W
 * last?").
 */
import { advanceAtCurrent, currentForPower, restingState, terminalVoltageV, type BatteryState } from './battery-dynamics.js';
import { type BatteryModel, packCutoffV, validateBatteryModel } from './battery-model.js';

/** Constant current (A, discharge positive) or constant power at the terminals (W). */
export type DischargeLoad = { currentA: number } | { powerW: number };

export interface DischargeOptions {
  /** Time step, s. The cut-off instant is interpolated within the last step. */
  dtS: number;
  /** Pack cut-off voltage, V; default the model's (cells in series × cell cut-off). */
  cutoffV?: number;
  /** Start from rest at this state of charge; default 1 (full). */
  initialSocFraction?: number;
  /** Keep the voltage/current/soc traces (default true); false keeps memory flat for long runs. */
  recordTrace?: boolean;
  /** Guard against a tiny dtS for a tiny load; default 10,000,000 steps. */
  maxSteps?: number;
}

export interface DischargeResult {
  /** Time from the start to the cut-off (or to empty), s. */
  durationS: number;
  /** 'cutoff': the terminal voltage reached the cut-off (or the power could not be delivered); 'empty': soc reached 0 first. */
  endReason: 'cutoff' | 'empty';
  /** Charge delivered, C. */
  chargeC: number;
  /** Energy delivered at the terminals, J. */
  energyJ: number;
  /** The trace at t = 0 (loaded), at every step end, and at the end instant (empty arrays when recordTrace is false). */
  timeS: number[];
  voltageV: number[];
  currentA: number[];
  socFraction: number[];
}

function checkLoad(load: DischargeLoad): void {
  const value = 'currentA' in load ? load.currentA : load.powerW;
  const name = 'currentA' in load ? 'currentA' : 'powerW';
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`simulateDischarge: load.${name} must be a positive finite number (a discharge), got ${value}`);
}

/** Discharges `model` from rest at `load` until the cut-off voltage or empty; returns the duration and the trace. */
export function simulateDischarge(model: BatteryModel, load: DischargeLoad, options: DischargeOptions): DischargeResult {
  validateBatteryModel(model);
  checkLoad(load);
  const { dtS } = options;
  if (!(dtS > 0) || !Number.isFinite(dtS)) throw new RangeError(`simulateDischarge: options.dtS must be a positive finite number of seconds, got ${dtS}`);
  const cutoffV = options.cutoffV ?? packCutoffV(model);
  if (!(cutoffV > 0)) throw new RangeError(`simulateDischarge: options.cutoffV must be a positive voltage, got ${cutoffV}`);
  const soc0 = options.initialSocFraction ?? 1;
  if (!(soc0 > 0 && soc0 <= 1)) throw new RangeError(`simulateDischarge: options.initialSocFraction must be in (0, 1], got ${soc0}`);
  const maxSteps = options.maxSteps ?? 10_000_000;
  const record = options.recordTrace ?? true;
  const byPower = 'powerW' in load;
  const currentFor = (s: BatteryState, dt: number): number | undefined => ('currentA' in load ? load.currentA : currentForPower(model, s, load.powerW, dt));

  const out: DischargeResult = { durationS: 0, endReason: 'cutoff', chargeC: 0, energyJ: 0, timeS: [], voltageV: [], currentA: [], socFraction: [] };
  const push = (t: number, v: number, i: number, soc: number): void => {
    if (!record) return;
    out.timeS.push(t);
    out.voltageV.push(v);
    out.currentA.push(i);
    out.socFraction.push(soc);
  };
  let state = restingState(soc0);
  const i0 = currentFor(state, 0);
  let vPrev = i0 === undefined ? 0 : terminalVoltageV(model, state, i0);
  if (i0 === undefined || vPrev <= cutoffV) return out;
  push(0, vPrev, i0, soc0);
  let t = 0;
  for (let step = 0; step < maxSteps; step++) {
    const i = currentFor(state, dtS);
    if (i === undefined) {
      // Beyond the maximum-power point: the load browns out here.
      out.durationS = t;
      return out;
    }
    const next = advanceAtCurrent(model, state, i, dtS);
    const empty = next.state.socFraction <= 0;
    const cut = next.terminalVoltageV <= cutoffV;
    // Fraction of this step until the end event, by linear interpolation.
    let f = 1;
    if (empty) f = state.socFraction / (state.socFraction - next.state.socFraction);
    if (cut) f = Math.min(f, (vPrev - cutoffV) / (vPrev - next.terminalVoltageV));
    f = Math.min(1, Math.max(0, f));
    const dt = f * dtS;
    const vEnd = f === 1 ? next.terminalVoltageV : vPrev + f * (next.terminalVoltageV - vPrev);
    out.chargeC += i * dt;
    out.energyJ += byPower ? (load as { powerW: number }).powerW * dt : i * dt * (vPrev + vEnd) / 2;
    t += dt;
    if (empty || cut) {
      out.endReason = cut && (!empty || vEnd <= cutoffV) ? 'cutoff' : 'empty';
      push(t, vEnd, i, Math.max(0, state.socFraction + f * (next.state.socFraction - state.socFraction)));
      out.durationS = t;
      return out;
    }
    state = next.state;
    vPrev = next.terminalVoltageV;
    push(t, vPrev, i, state.socFraction);
  }
  throw new RangeError(`simulateDischarge: no cut-off within options.maxSteps = ${maxSteps} steps of ${dtS} s; raise dtS or maxSteps`);
}
