/**
 * The controller contract (DESIGN.md, "Controller (runtime ← scheduler)"):
 * a pair of hooks, after Flower's strategy (configure / aggregate). The
 * runtime owns the loop, the clock and the books; before serving each
 * request it calls `decide(state)` and after it `observe(outcome)`. The
 * rule-based default (adaptive-precision-controller.ts) and the RL policy of
 * the scheduler implement it; a variant wraps another and overrides one hook.
 *
 * The action space is explicit (`ActionSpace`) and the runtime checks every
 * action against it, so a policy that emits a variant the executor cannot
 * run fails at once, by name, instead of on the device.
 */
import type { InferenceCost } from '../energy/inference-cost.js';
import type { Criticality } from './request.js';
import type { RequestEvent } from './request-event.js';

/** A variant the controller may choose, with what it costs and what it is worth. */
export interface CandidateVariant {
  readonly id: string;
  /** The energy model's per-inference estimate on this device. */
  readonly cost: InferenceCost;
  /** Measured quality (ladder top-1 or the like); null when not measured. */
  readonly quality: number | null;
  /**
   * The last measured switch to this variant, s; null until it has been
   * switched to once. A cold first load (a session created) overstates a
   * later warm switch until that one is measured.
   */
  readonly switchCostS: number | null;
}

export interface ControllerState {
  /** Device time, s. */
  readonly nowS: number;
  /** Energy store's state of charge, 0..1. */
  readonly soc: number;
  readonly remainingJ: number;
  /** Harvest expected over [nowS, nowS + forecastHorizonS], J. */
  readonly harvestForecastJ: number;
  readonly forecastHorizonS: number;
  /** Requests still waiting behind this one. */
  readonly queueLength: number;
  /** EWMA arrival rate (request-queue.ts), Hz. */
  readonly arrivalRateHz: number;
  /** Of the request being decided. */
  readonly criticality: Criticality;
  /** Its deadline minus nowS, s (negative when already late; Infinity without a deadline). */
  readonly slackS: number;
  /** The executor's active variant; null before the first request. */
  readonly currentVariantId: string | null;
  /** Since the last variant switch, s (Infinity before the first). */
  readonly sinceSwitchS: number;
  /** Every variant of the action space, in the executor's order. */
  readonly candidates: readonly CandidateVariant[];
}

/**
 * What to do with one request. Open for extension: the RL scheduler adds
 * fields (a DVFS operating point, offload) by interface extension; the
 * runtime checks the fields it knows and passes the whole action on to
 * `observe`.
 */
export interface ControllerAction {
  /** Which variant serves it; must be in the action space. */
  readonly variantId: string;
  /** Serve it no earlier than this many seconds from now (0 or absent: now). */
  readonly deferS?: number;
}

/** What became of a decision: the state it was made in, the action, and the served request's event. */
export interface RequestOutcome<A extends ControllerAction = ControllerAction> {
  readonly state: ControllerState;
  readonly action: A;
  readonly event: RequestEvent;
}

export interface Controller<A extends ControllerAction = ControllerAction> {
  /** Picks the action for the request described by `state`. Called once per request served (again after a deferral). */
  decide(state: ControllerState): A;
  /** Told the outcome of every served request (not of deferrals or drops), in serving order. */
  observe(outcome: RequestOutcome<A>): void;
}

/**
 * One day: the longest deferral accepted by default. Deferring background
 * work from night to the next sunrise is a legitimate energy strategy on a
 * solar node; anything longer is a stuck policy.
 */
export const DEFAULT_MAX_DEFER_S = 86_400;

/** The actions the runtime accepts: the executor's variants and deferrals up to `maxDeferS`. */
export class ActionSpace {
  private readonly ids: ReadonlySet<string>;
  /**
   * The last action that passed, if frozen: a frozen action cannot have
   * changed since, and the space never changes, so it passes again without
   * the lookups (the default controller hands out one frozen action per
   * variant, and the runtime checks every request's).
   */
  private passed: ControllerAction | null = null;

  constructor(
    readonly variantIds: readonly string[],
    readonly maxDeferS: number = DEFAULT_MAX_DEFER_S,
  ) {
    if (variantIds.length === 0) throw new RangeError('ActionSpace: at least one variant is needed');
    if (!(maxDeferS >= 0)) throw new RangeError(`ActionSpace: maxDeferS must be >= 0 seconds, got ${maxDeferS}`);
    this.ids = new Set(variantIds);
  }

  has(variantId: string): boolean {
    return this.ids.has(variantId);
  }

  /** Returns `action` if it is in the space; otherwise a RangeError naming what was chosen and what is allowed. */
  check<A extends ControllerAction>(action: A, who = 'controller'): A {
    if (action === this.passed) return action;
    if (typeof action !== 'object' || action === null) throw new TypeError(`${who}: decide() must return an action { variantId, deferS? }, got ${action === null ? 'null' : typeof action}`);
    if (!this.ids.has(action.variantId)) {
      throw new RangeError(`${who} chose variant ${JSON.stringify(action.variantId)}, which is not in the action space (${this.variantIds.map((v) => `"${v}"`).join(', ')})`);
    }
    const d = action.deferS;
    if (d !== undefined && !(d >= 0 && d <= this.maxDeferS)) {
      throw new RangeError(`${who} chose to defer by ${d} s; a deferral must be between 0 and ${this.maxDeferS} s`);
    }
    if (Object.isFrozen(action)) this.passed = action;
    return action;
  }
}
