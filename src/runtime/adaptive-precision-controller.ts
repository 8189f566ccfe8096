/**
 * The rule-based default controller: the paper's tier 2 (adaptive
 * precision) at run time. Per request:
 *
 * 1. critical → the highest-quality variant, always;
 * 2. otherwise the energy pressure (energy-pressure.ts: state of charge,
 *    harvest forecast, utilisation and queue) picks a rung of the ladder
 *    ordered by energy — pressure 0 the most expensive rung, 1 the cheapest,
 *    in n equal bands for n rungs;
 * 3. hysteresis: leave the current rung only when the pressure is past a
 *    band edge by `hysteresis`, and step up (spend more) only after
 *    `minDwellS` on the current rung, so a state of charge wobbling at a
 *    band edge does not flap;
 * 4. switch cost: step down only if the energy saved over the dwell window
 *    exceeds the switch's measured cost; step up only if the switch costs
 *    at most `maxUpSwitchEnergyFraction` of what the window will spend;
 * 5. deadline: if the chosen rung (plus its switch) cannot finish within
 *    the request's slack, take the best rung below it that can; a deadline
 *    no rung can meet does not move the controller.
 *
 * `decide` is a pure function of the state (`decideAdaptivePrecision`): the
 * current variant and the time since the last switch come in the state, so
 * the controller keeps nothing between requests but a sorted copy of the
 * candidates.
 */
import type { CandidateVariant, Controller, ControllerAction, ControllerState, RequestOutcome } from './controller.js';
import { activePowerW, totalPressure, type PressureThresholds } from './energy-pressure.js';

export interface AdaptivePrecisionOptions extends PressureThresholds {
  /** Pressure margin past a band edge before the rung changes (pressure units). */
  readonly hysteresis: number;
  /** Seconds on a rung before stepping up; also the window over which a switch's saving is counted. */
  readonly minDwellS: number;
  /** A step up is taken only if its switch energy is at most this fraction of the window's energy at the new rung. */
  readonly maxUpSwitchEnergyFraction: number;
}

/**
 * Defaults, and why:
 * - socNoPressure 0.8 / socFullPressure 0.2: the 20–80 % window Li-ion
 *   cells are commonly kept in to slow ageing (Battery University BU-808,
 *   "How to prolong lithium-based batteries"); above it there is energy to
 *   spare, below it the cell is in its reserve and the cheapest rung runs.
 * - utilisation 0.5 → 0.9: in an M/D/1 queue (one server, fixed service
 *   time) the mean wait is ρ/(2(1−ρ)) service times: half a service at
 *   ρ = 0.5, 4.5 at ρ = 0.9; past that, waits explode.
 * - queue 2 → 8 waiting: the M/D/1 mean queue ρ²/(2(1−ρ)) is about 2 at
 *   ρ ≈ 0.84 and 8–9 at ρ ≈ 0.95, so a queue this long says the same as the
 *   utilisation ramp when the rate estimate lags a burst.
 * - hysteresis 0.05: 3 % of state of charge on the default 0.6-wide ramp,
 *   above the few-percent error of a fuel gauge's SoC estimate, so gauge
 *   noise alone cannot flip the rung.
 * - minDwellS 5: an MCU reloading a variant from flash spends on the order
 *   of milliseconds; at most one step up per 5 s keeps switching under
 *   0.1 % of the time even at that cost.
 * - maxUpSwitchEnergyFraction 0.1: a step up buys quality, not energy; it
 *   may add at most 10 % to what the window would spend anyway.
 */
export const ADAPTIVE_PRECISION_DEFAULTS: AdaptivePrecisionOptions = {
  socNoPressure: 0.8,
  socFullPressure: 0.2,
  utilisationLow: 0.5,
  utilisationHigh: 0.9,
  queueLow: 2,
  queueHigh: 8,
  hysteresis: 0.05,
  minDwellS: 5,
  maxUpSwitchEnergyFraction: 0.1,
};

/** Expected requests in a window are capped so a burst (zero gaps, an infinite rate estimate) stays a finite count. */
const MAX_WINDOW_REQUESTS = 1e6;

export function resolveAdaptivePrecisionOptions(options: Partial<AdaptivePrecisionOptions> = {}): AdaptivePrecisionOptions {
  const o = { ...ADAPTIVE_PRECISION_DEFAULTS, ...options };
  const who = 'AdaptivePrecisionController';
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`${who}: options.${k} must be a finite number >= 0, got ${JSON.stringify(v)}`);
  }
  if (!(o.socFullPressure < o.socNoPressure && o.socNoPressure <= 1)) {
    throw new RangeError(`${who}: need 0 <= socFullPressure < socNoPressure <= 1, got ${o.socFullPressure} and ${o.socNoPressure}`);
  }
  if (!(o.utilisationLow < o.utilisationHigh)) throw new RangeError(`${who}: need utilisationLow < utilisationHigh, got ${o.utilisationLow} and ${o.utilisationHigh}`);
  if (!(o.queueLow < o.queueHigh)) throw new RangeError(`${who}: need queueLow < queueHigh, got ${o.queueLow} and ${o.queueHigh}`);
  if (!(o.hysteresis < 0.5)) throw new RangeError(`${who}: options.hysteresis is in pressure units (0..1) and must be < 0.5, got ${o.hysteresis}`);
  return o;
}

/**
 * The rungs the controller climbs, cheapest first (ties: lower quality
 * first, then id), without the dominated ones: a variant whose measured
 * quality is no better than that of another costing no more energy (one of
 * the two strictly) is never worth choosing. That happens for real: int2
 * and int4 run on int8 kernels on most engines (energy/cost), so a nested
 * master's int2 width costs what its int8 width costs at 20 points less
 * top-1. A variant without a measured quality is kept: its trade-off is
 * unknown.
 */
export function energyLadder(candidates: readonly CandidateVariant[]): CandidateVariant[] {
  const q = (v: CandidateVariant): number => v.quality ?? -Infinity;
  const dominated = (v: CandidateVariant): boolean =>
    v.quality !== null &&
    candidates.some((u) => u !== v && u.quality !== null && u.cost.energyJ <= v.cost.energyJ && u.quality >= v.quality! && (u.cost.energyJ < v.cost.energyJ || u.quality > v.quality!));
  return candidates.filter((v) => !dominated(v)).sort((a, b) => a.cost.energyJ - b.cost.energyJ || q(a) - q(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The best measured quality; unmeasured variants rank below measured ones, ties go to the more expensive. */
export function highestQuality(candidates: readonly CandidateVariant[]): CandidateVariant {
  let best = candidates[0]!;
  for (const v of candidates) {
    const a = v.quality ?? -Infinity;
    const b = best.quality ?? -Infinity;
    if (a > b || (a === b && v.cost.energyJ > best.cost.energyJ)) best = v;
  }
  return best;
}

/** The rung (0 = cheapest) for pressure p in n equal bands. */
function rungFor(p: number, n: number): number {
  return Math.min(n - 1, Math.max(0, n - 1 - Math.floor(p * n)));
}

/** Rule 3: the rung after hysteresis and dwell, from current rung c (-1 when none). */
function hysteresisRung(p: number, c: number, n: number, o: AdaptivePrecisionOptions, sinceSwitchS: number): number {
  if (c < 0) return rungFor(p, n);
  const down = rungFor(p - o.hysteresis, n);
  if (down < c) return down;
  const up = rungFor(p + o.hysteresis, n);
  if (up > c && sinceSwitchS >= o.minDwellS) return up;
  return c;
}

/** Rule 4: whether moving from `from` to `to` pays for its measured switch. */
function worthSwitching(from: CandidateVariant, to: CandidateVariant, state: ControllerState, o: AdaptivePrecisionOptions): boolean {
  const switchJ = (to.switchCostS ?? 0) * activePowerW(to.cost);
  if (switchJ <= 0) return true;
  const arrivals = Math.min(MAX_WINDOW_REQUESTS, state.arrivalRateHz * o.minDwellS);
  const requests = 1 + state.queueLength + (Number.isFinite(arrivals) ? arrivals : MAX_WINDOW_REQUESTS);
  if (to.cost.energyJ < from.cost.energyJ) return requests * (from.cost.energyJ - to.cost.energyJ) > switchJ;
  return switchJ <= o.maxUpSwitchEnergyFraction * requests * to.cost.energyJ;
}

/** Device seconds to serve on rung j from current rung c: its latency, plus its last measured switch if it is not current. */
function serviceS(ladder: readonly CandidateVariant[], j: number, c: number): number {
  const v = ladder[j]!;
  return v.cost.latencyS + (j === c ? 0 : (v.switchCostS ?? 0));
}

/** Rule 5: the best rung at or below t that finishes within the slack, or t when none can. */
function fitDeadline(ladder: readonly CandidateVariant[], t: number, c: number, slackS: number): number {
  if (!(serviceS(ladder, t, c) > slackS)) return t;
  for (let j = t - 1; j >= 0; j--) if (serviceS(ladder, j, c) <= slackS) return j;
  return t;
}

/**
 * Rules 1–5 as a position: -1 for `best` (a critical request), else the
 * rung of `ladder` that serves. What decideAdaptivePrecision returns, as an
 * index, so the controller can hand out a ready-made action per rung.
 */
function adaptivePrecisionRung(state: ControllerState, options: AdaptivePrecisionOptions, ladder: readonly CandidateVariant[]): number {
  if (state.criticality === 'critical') return -1;
  const n = ladder.length;
  const pressure = totalPressure(state, ladder[n - 1]!.cost, options);
  let c = -1;
  for (let i = 0; i < n; i++) if (ladder[i]!.id === state.currentVariantId) c = i;
  let t = hysteresisRung(pressure, c, n, options, state.sinceSwitchS);
  if (t !== c && c >= 0 && !worthSwitching(ladder[c]!, ladder[t]!, state, options)) t = c;
  return fitDeadline(ladder, t, c, state.slackS);
}

/**
 * The default policy as a pure function. `ladder` is `energyLadder(state.candidates)`
 * and `best` `highestQuality(state.candidates)`, passed in by callers that cache them.
 */
export function decideAdaptivePrecision(
  state: ControllerState,
  options: AdaptivePrecisionOptions = ADAPTIVE_PRECISION_DEFAULTS,
  ladder: readonly CandidateVariant[] = energyLadder(state.candidates),
  best: CandidateVariant = highestQuality(state.candidates),
): ControllerAction {
  const t = adaptivePrecisionRung(state, options, ladder);
  return { variantId: t < 0 ? best.id : ladder[t]!.id };
}

export class AdaptivePrecisionController implements Controller {
  readonly options: AdaptivePrecisionOptions;
  private candidates: readonly CandidateVariant[] | null = null;
  private ladder: readonly CandidateVariant[] = [];
  /**
   * One immutable action per variant, reused, and the ladder's in rung
   * order: the controller runs per request and allocates or looks up
   * nothing it need not.
   */
  private readonly actions = new Map<string, ControllerAction>();
  private rungActions: readonly ControllerAction[] = [];
  private bestAction: ControllerAction | null = null;

  constructor(options: Partial<AdaptivePrecisionOptions> = {}) {
    this.options = resolveAdaptivePrecisionOptions(options);
  }

  decide(state: ControllerState): ControllerAction {
    // The runtime hands the same candidates array until a switch cost changes; sort once per array.
    if (state.candidates !== this.candidates) {
      if (state.candidates.length === 0) throw new RangeError('AdaptivePrecisionController.decide: the state lists no candidate variants');
      this.candidates = state.candidates;
      this.ladder = energyLadder(state.candidates);
      this.rungActions = this.ladder.map((v) => this.actionFor(v.id));
      this.bestAction = this.actionFor(highestQuality(state.candidates).id);
    }
    const t = adaptivePrecisionRung(state, this.options, this.ladder);
    return t < 0 ? this.bestAction! : this.rungActions[t]!;
  }

  /** The rules need nothing from outcomes: the state carries the current variant and the time since the last switch. */
  observe(_outcome: RequestOutcome): void {}

  private actionFor(variantId: string): ControllerAction {
    let action = this.actions.get(variantId);
    if (action === undefined) this.actions.set(variantId, (action = Object.freeze({ variantId })));
    return action;
  }
}
