/**
 * The options of EdgeRuntime, their defaults and why, and their checks at
 * the entry point (the runtime behind them trusts them). Every dependency
 * is an option with an in-memory default (DESIGN.md): store, harvest,
 * clock, controller; a meter only when there is one.
 */
import type { EnergyStore } from '../energy/energy-store.js';
import type { HarvestSource } from '../energy/harvest-source.js';
import type { InferenceCost } from '../energy/inference-cost.js';
import type { Meter } from '../energy/meter.js';
import type { RuntimeClock } from './clock.js';
import type { Controller } from './controller.js';
import type { VariantExecutor } from './executor.js';
import type { InferenceRequest } from './request.js';
import type { RequestEvent, RuntimeEvent } from './request-event.js';

/**
 * One 18650 cell: the cell in ../shared/data/battery delivered 9,098.64 C
 * in its 1C reference discharge (lg18650_25C_ref_data.csv, last row), at
 * 3.6 V nominal ≈ 32.8 kJ. The default store is that cell, lossless.
 */
export const DEFAULT_STORE_CAPACITY_J = 9_098.64 * 3.6;

/**
 * 15 minutes: the usual step of intra-hour solar forecasts; long enough
 * to see a cloud pass, short enough that a persistence forecast still
 * means something.
 */
export const DEFAULT_FORECAST_HORIZON_S = 900;

export interface EdgeRuntimeOptions {
  executor: VariantExecutor;
  /** The energy model's per-inference estimate for a variant on this device; called once per variant at construction. */
  costOf: (variantId: string) => InferenceCost;
  /**
   * Power drawn between requests, W (the device profile's idle or sleep
   * power). Required: a default would be a silently wrong number for every
   * device but one.
   */
  idlePowerW: number;
  /** Default: a new AdaptivePrecisionController with its default thresholds. */
  controller?: Controller;
  /** Default: an IdealEnergyStore of DEFAULT_STORE_CAPACITY_J, full. */
  store?: EnergyStore;
  /** Default: NO_HARVEST. */
  harvest?: HarvestSource;
  /** When given, energies are its deltas (events say 'meter'); a failing meter falls back to the model with a 'meter-fallback' event. */
  meter?: Meter;
  /** Default: the host's monotonic clock in seconds. */
  clock?: RuntimeClock;
  onEvent?: (event: RuntimeEvent) => void;
  /** Each served request's output. */
  onOutput?: (request: InferenceRequest, output: Float32Array, event: RequestEvent) => void;
  /** Horizon of the harvest forecast the controller sees, s. Default DEFAULT_FORECAST_HORIZON_S. */
  forecastHorizonS?: number;
  /**
   * A request whose deadline passed before it came up: 'serve' (default)
   * serves it and marks it missed — a late classification is still logged
   * and still moves the controller's books; 'drop' discards it with a
   * 'dropped' event, for streams where a stale answer is worthless.
   */
  expiredPolicy?: 'serve' | 'drop';
  /** Longest deferral a controller may ask for, s (default controller.ts DEFAULT_MAX_DEFER_S). */
  maxDeferS?: number;
  /** Harvest integration step, s (default energy-ledger.ts DEFAULT_HARVEST_STEP_S). */
  harvestStepS?: number;
  /**
   * The cost of waking from the idle state (the profile's power.wakeUpJ and
   * wakeUpS): a request served after an idle gap at least `latencyS` long
   * (shorter gaps are not worth sleeping through: `sleepsThrough`) is
   * charged `energyJ` on top of its inference when energies come from the
   * model, and starts `latencyS` later when device time does (the clock is
   * a VirtualClock): edge-runtime.ts `wake`. Default none.
   */
  wakeUp?: WakeUpCost;
}

/** Waking from the idle state: its energy, J, and the time from the wake-up event to the first instruction, s. */
export interface WakeUpCost {
  readonly energyJ: number;
  readonly latencyS: number;
}

/**
 * Whether an idle gap of `idleS` puts the device to sleep, so that the next
 * request pays the wake-up: a gap at least as long as the wake-up itself
 * (a shorter one is not worth sleeping through: the device would still be
 * waking when the next request came). The rule EdgeRuntime.tick applies,
 * shared with the RL environment that mirrors it
 * (scheduler/rl-policy/twin-environment.ts) so the two cannot drift apart.
 */
export function sleepsThrough(idleS: number, wakeUp: WakeUpCost): boolean {
  return idleS > 0 && idleS >= wakeUp.latencyS;
}

function isFn(x: unknown): boolean {
  return typeof x === 'function';
}

export function checkRuntimeOptions(o: EdgeRuntimeOptions): void {
  const who = 'EdgeRuntime';
  if (typeof o !== 'object' || o === null) throw new TypeError(`${who}: options must be an object { executor, costOf, idlePowerW, ... }`);
  const ex = o.executor;
  if (typeof ex !== 'object' || ex === null || !isFn(ex.select) || !isFn(ex.run) || !isFn(ex.qualityOf) || !Array.isArray(ex.variantIds) || !Array.isArray(ex.inputShape)) {
    throw new TypeError(`${who}: options.executor must be a VariantExecutor (variantIds, inputShape, qualityOf, select, run), e.g. a LadderExecutor or NestedExecutor`);
  }
  if (ex.variantIds.length === 0) throw new RangeError(`${who}: the executor offers no variants`);
  if (!isFn(o.costOf)) throw new TypeError(`${who}: options.costOf must be a function (variantId) => InferenceCost, the energy model's estimate per variant`);
  if (typeof o.idlePowerW !== 'number' || !Number.isFinite(o.idlePowerW) || o.idlePowerW < 0) {
    throw new RangeError(`${who}: options.idlePowerW must be a finite power >= 0 W (the device profile's idle power), got ${JSON.stringify(o.idlePowerW)}`);
  }
  if (o.controller !== undefined && (!isFn(o.controller?.decide) || !isFn(o.controller?.observe))) {
    throw new TypeError(`${who}: options.controller must have decide(state) and observe(outcome)`);
  }
  if (o.store !== undefined && !isFn(o.store?.step)) throw new TypeError(`${who}: options.store must be an EnergyStore (soc, remainingJ, depleted, step)`);
  if (o.harvest !== undefined && (!isFn(o.harvest?.powerW) || !isFn(o.harvest?.forecastJ))) throw new TypeError(`${who}: options.harvest must be a HarvestSource (powerW, forecastJ)`);
  if (o.meter !== undefined && !isFn(o.meter?.read)) throw new TypeError(`${who}: options.meter must be a Meter (read(): joules so far)`);
  if (o.clock !== undefined && !isFn(o.clock?.now)) throw new TypeError(`${who}: options.clock must have now(): seconds`);
  for (const k of ['onEvent', 'onOutput'] as const) {
    if (o[k] !== undefined && !isFn(o[k])) throw new TypeError(`${who}: options.${k} must be a function`);
  }
  if (o.forecastHorizonS !== undefined && !(o.forecastHorizonS > 0 && Number.isFinite(o.forecastHorizonS))) {
    throw new RangeError(`${who}: options.forecastHorizonS must be a positive number of seconds, got ${o.forecastHorizonS}`);
  }
  if (o.wakeUp !== undefined && !(o.wakeUp?.energyJ >= 0 && Number.isFinite(o.wakeUp.energyJ) && o.wakeUp.latencyS >= 0 && Number.isFinite(o.wakeUp.latencyS))) {
    throw new RangeError(`${who}: options.wakeUp must be { energyJ >= 0, latencyS >= 0 } (the profile's wakeUpJ and wakeUpS), got ${JSON.stringify(o.wakeUp)}`);
  }
  if (o.expiredPolicy !== undefined && o.expiredPolicy !== 'serve' && o.expiredPolicy !== 'drop') {
    throw new RangeError(`${who}: options.expiredPolicy must be 'serve' or 'drop', got ${JSON.stringify(o.expiredPolicy)}`);
  }
}
