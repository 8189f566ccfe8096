/**
 * Energy pressure: one number in [0, 1] saying how hard the device should
 * save, from what the controller sees — 0 serve at the best rung, 1 serve
 * at the cheapest. Pure functions of the controller state, so the rules
 * are tested on synthetic states without a runtime.
 *
 *   soc       = 1 at or below socFullPressure, 0 at or above socNoPressure, linear between
 *   coverage  = harvest forecast / what the top rung would spend over the same horizon, clipped to [0, 1]
 *   energy    = soc × (1 − coverage)      a battery being refilled as fast as it is drained is under no pressure
 *   queue     = max(ramp of utilisation λ·L_top, ramp of queue length)
 *   total     = max(energy, queue)        either reason is enough to step down
 */
import type { InferenceCost } from '../energy/inference-cost.js';
import type { ControllerState } from './controller.js';

export interface PressureThresholds {
  /** At or above this state of charge, no energy pressure. */
  readonly socNoPressure: number;
  /** At or below this state of charge, full energy pressure. */
  readonly socFullPressure: number;
  /** Utilisation λ·L_top (offered load at the top rung) where queue pressure starts... */
  readonly utilisationLow: number;
  /** ...and where it is full. */
  readonly utilisationHigh: number;
  /** Waiting requests where queue pressure starts... */
  readonly queueLow: number;
  /** ...and where it is full. */
  readonly queueHigh: number;
}

export interface EnergyPressure {
  readonly soc: number;
  readonly harvestCoverage: number;
  readonly energy: number;
  readonly utilisation: number;
  readonly queue: number;
  readonly total: number;
}

/** 0 at or below `lo`, 1 at or above `hi`, linear between (lo < hi). */
export function ramp(x: number, lo: number, hi: number): number {
  if (!(x > lo)) return 0;
  if (x >= hi) return 1;
  return (x - lo) / (hi - lo);
}

/** Mean power of an inference, W: its energy over its latency (0 for a zero-latency cost). */
export function activePowerW(cost: InferenceCost): number {
  return cost.latencyS > 0 ? cost.energyJ / cost.latencyS : 0;
}

type PressureInputs = Pick<ControllerState, 'soc' | 'harvestForecastJ' | 'forecastHorizonS' | 'arrivalRateHz' | 'queueLength'>;

/** Fraction of the top rung's demand over the forecast horizon that the harvest forecast covers, in [0, 1]. */
export function harvestCoverage(state: PressureInputs, top: InferenceCost): number {
  // At least this request is to be served, even before an arrival rate is known.
  const demandJ = Math.max(1, state.arrivalRateHz * state.forecastHorizonS) * top.energyJ;
  return demandJ > 0 ? Math.min(1, Math.max(0, state.harvestForecastJ) / demandJ) : 1;
}

function queuePressure(state: PressureInputs, top: InferenceCost, t: PressureThresholds): number {
  return Math.max(ramp(state.arrivalRateHz * top.latencyS, t.utilisationLow, t.utilisationHigh), ramp(state.queueLength, t.queueLow, t.queueHigh));
}

/** The total pressure alone: what the controller uses per request, computed without allocating. */
export function totalPressure(state: PressureInputs, top: InferenceCost, t: PressureThresholds): number {
  const energy = (1 - ramp(state.soc, t.socFullPressure, t.socNoPressure)) * (1 - harvestCoverage(state, top));
  return Math.max(energy, queuePressure(state, top, t));
}

/**
 * The pressure in `state` and its parts, given the top rung's cost (the
 * most expensive variant: what serving at full quality would spend and take).
 */
export function energyPressure(state: PressureInputs, top: InferenceCost, t: PressureThresholds): EnergyPressure {
  const soc = 1 - ramp(state.soc, t.socFullPressure, t.socNoPressure);
  const coverage = harvestCoverage(state, top);
  const energy = soc * (1 - coverage);
  const queue = queuePressure(state, top, t);
  return { soc, harvestCoverage: coverage, energy, utilisation: state.arrivalRateHz * top.latencyS, queue, total: Math.max(energy, queue) };
}
