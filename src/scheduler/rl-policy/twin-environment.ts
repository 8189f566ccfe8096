/**
 * The device twin as a synchronous RL environment: one decision per served
 * request, in the order and with the books of the runtime itself.
 *
 * simulateTwin (sim/device-twin.ts) drives EdgeRuntime with promises, one
 * request at a time, and asks its controller; DQN (rl/dqn.ts) needs to
 * call `step(action)` synchronously. So this file replays the same loop by
 * hand — runtime/stream-replay.ts `replayRequests` around EdgeRuntime's
 * `serveUpTo(1)` — and reuses the runtime's own parts for everything that
 * is not the loop: its RequestQueue (critical first, then EDF; the EWMA
 * arrival rate), its EnergyLedger (idle gaps and inferences booked against
 * the store with the harvest integrated in sub-steps), modelEnergyJ, and
 * its sleep rule (edge-runtime-options.ts `sleepsThrough`): a request
 * served after an idle gap at least the wake-up's length is charged the
 * profile's wake-up energy and starts computing the wake-up's time later,
 * as EdgeRuntime does with `options.wakeUp` on the twin's VirtualClock
 * (edge-runtime.ts `wake`; the wake-up comes before any switch). A switch
 * that moves the cores to another operating point takes the
 * twin's DVFS transition time before the inference (sim/dvfs-transition.ts,
 * the rule the ModelledExecutor prices switches by) and is charged at the
 * active power of the action switched to, as EdgeRuntime books a switch;
 * one between variants at the same point is free. The mirror
 * test (test/scheduler/rl-policy/twin-environment.test.ts) runs the same
 * controllers through both and finds the same requests, joules and state
 * of charge.
 *
 * An episode is a window of one training trace: `reset(rng)` draws the
 * trace, a start and (through `store(rng)`) the store; the device clock
 * starts at the window's first arrival (at 0 for a window at a trace's
 * start, as the twin's VirtualClock does). The episode ends when the
 * window's requests are served (truncated: the device goes on), or when
 * the store runs dry (terminal, and every request the window had left is
 * charged as a missed deadline, as run-metrics.ts counts unserved ones —
 * otherwise an empty store would be the cheapest place to be).
 */
import { Rng } from '../../engine/random.js';
import { IdealEnergyStore, NO_HARVEST, type EnergyStore, type HarvestSource } from '../../energy/index.js';
import type { CandidateVariant, ControllerState } from '../../runtime/controller.js';
import { DEFAULT_FORECAST_HORIZON_S, DEFAULT_STORE_CAPACITY_J, sleepsThrough } from '../../runtime/edge-runtime-options.js';
import { EnergyLedger, type EnergyTotals } from '../../runtime/energy-ledger.js';
import type { InferenceRequest } from '../../runtime/request.js';
import type { RequestEvent } from '../../runtime/request-event.js';
import { RequestQueue } from '../../runtime/request-queue.js';
import { activePowerW } from '../../runtime/energy-pressure.js';
import { modelEnergyJ } from '../../runtime/variant-catalog.js';
import type { Environment, StepResult } from '../rl/environment.js';
import { checkIntegerAtLeast } from '../option-checks.js';
import { checkTransitionS, corePointAfter, dvfsSwitchS } from '../sim/dvfs-transition.js';
import type { TwinAction, TwinActionSpace } from '../sim/twin-actions.js';
import type { Task } from '../workload/task.js';
import { OBSERVATION_SIZE, observationOf } from './observation.js';
import type { QualityCredit } from './quality-credit.js';
import { qualityCreditFor, reward, type RewardOptions } from './reward.js';
import type { RlActionSpace } from './rl-action-space.js';

export interface TwinEnvironmentOptions {
  /** The twin's actions (costs, idle power) and their RL view (same ids, same order). */
  twin: TwinActionSpace;
  actions: RlActionSpace;
  /** Training traces, each sorted by arrival. */
  traces: readonly (readonly Task[])[];
  reward: RewardOptions;
  /** A fresh store per episode (default: an ideal 18650-sized store, full), drawn with the episode's rng. */
  store?: (rng: Rng) => EnergyStore;
  /** Default none. */
  harvest?: HarvestSource;
  /** Tasks per episode window (default: a whole trace). */
  episodeTasks?: number;
  /** As EdgeRuntime's options (defaults the same). */
  forecastHorizonS?: number;
  harvestStepS?: number;
  expiredPolicy?: 'serve' | 'drop';
}

/** What one episode (or a run by hand) has done so far. */
export interface TwinEnvironmentTotals {
  readonly served: number;
  /** Served late plus dropped. */
  readonly missed: number;
  readonly dropped: number;
  /** Window tasks never submitted because the store ran dry. */
  readonly unsubmitted: number;
  readonly energy: EnergyTotals;
  readonly qualitySum: number;
  readonly qualityCount: number;
  readonly soc: number;
  readonly depleted: boolean;
  readonly nowS: number;
}

/** One shared placeholder sample: nothing reads it. */
const PLACEHOLDER = new Float32Array(1);

export class TwinEnvironment implements Environment {
  readonly observationSize = OBSERVATION_SIZE;
  readonly actionCount: number;
  private readonly o: TwinEnvironmentOptions;
  private readonly horizonS: number;
  private readonly harvest: HarvestSource;
  private readonly observation = new Float32Array(OBSERVATION_SIZE);
  /** The episode's accuracy budget (quality-credit.ts), as the controller on the device keeps it. */
  private readonly credit: QualityCredit;
  private readonly actionIds: readonly string[];
  private readonly costs: readonly TwinActionSpace['actions'][number]['cost'][];
  private readonly qualities: readonly (number | null)[];
  private readonly twinActions: readonly TwinAction[];
  /** An operating-point change, s (the twin's dvfsTransitionS). */
  private readonly transitionS: number;
  // The episode.
  private tasks: readonly Task[] = [];
  private next = 0;
  private end = 0;
  private queue = new RequestQueue();
  private store: EnergyStore = new IdealEnergyStore(1);
  private ledger: EnergyLedger | null = null;
  private nowS = 0;
  private bookedUntilS = 0;
  private current: string | null = null;
  /** The operating point the cores are at (the ModelledExecutor's); null before the first action. */
  private corePoint: string | null = null;
  private lastSwitchS = -Infinity;
  private candidates: readonly CandidateVariant[] = [];
  private pending: InferenceRequest | null = null;
  private decision: ControllerState | null = null;
  private isDepleted = false;
  /** The device slept since the last request: the next one pays the profile's wake-up, time and energy (EdgeRuntime's `asleep`). */
  private asleep = false;
  private counts = { served: 0, missed: 0, dropped: 0, unsubmitted: 0, qualitySum: 0, qualityCount: 0 };

  constructor(options: TwinEnvironmentOptions) {
    const who = 'TwinEnvironment';
    const { twin, actions, traces } = options;
    if (twin.actions.length !== actions.size || twin.actions.some((a, i) => a.id !== actions.ids[i])) {
      throw new RangeError(`${who}: options.actions must list the twin's actions in the twin's order (${twin.actions.map((a) => a.id).join(', ')})`);
    }
    if (!Array.isArray(traces) || traces.length === 0) throw new RangeError(`${who}: options.traces must hold at least one training trace`);
    traces.forEach((t, k) => {
      if (!Array.isArray(t) || t.length === 0) throw new RangeError(`${who}: options.traces[${k}] is empty; every training trace needs tasks`);
      for (let i = 1; i < t.length; i++) if (t[i]!.arrivalS < t[i - 1]!.arrivalS) throw new RangeError(`${who}: options.traces[${k}] is not sorted by arrival (task ${i}, "${t[i]!.id}")`);
    });
    if (options.episodeTasks !== undefined) checkIntegerAtLeast(who, 'options.episodeTasks', options.episodeTasks, 1);
    this.o = options;
    this.actionCount = actions.size;
    this.actionIds = actions.ids;
    this.costs = twin.actions.map((a) => a.cost);
    this.qualities = twin.actions.map((a) => a.quality);
    this.twinActions = twin.actions;
    this.transitionS = checkTransitionS(who, 'options.twin.dvfsTransitionS', twin.dvfsTransitionS);
    this.horizonS = options.forecastHorizonS ?? DEFAULT_FORECAST_HORIZON_S;
    this.harvest = options.harvest ?? NO_HARVEST;
    this.credit = qualityCreditFor(options.reward);
  }

  /** The state of the request awaiting a decision (null when the episode is over): what the runtime would hand its controller. */
  get state(): ControllerState | null {
    return this.decision;
  }

  get totals(): TwinEnvironmentTotals {
    const c = this.counts;
    return {
      served: c.served, missed: c.missed, dropped: c.dropped, unsubmitted: c.unsubmitted,
      energy: this.ledger!.totals, qualitySum: c.qualitySum, qualityCount: c.qualityCount,
      soc: this.store.soc, depleted: this.isDepleted, nowS: this.nowS,
    };
  }

  reset(rng: Rng): Float32Array {
    const traces = this.o.traces;
    const trace = traces[rng.int(traces.length)]!;
    const window = Math.min(this.o.episodeTasks ?? trace.length, trace.length);
    const start = rng.int(trace.length - window + 1);
    return this.begin(trace, start, start + window, this.o.store ? this.o.store(rng) : new IdealEnergyStore(DEFAULT_STORE_CAPACITY_J));
  }

  /**
   * Starts an episode on tasks [start, end) of `tasks` with `store`; the
   * mirror test's entry, and reset's. Returns the first observation.
   */
  begin(tasks: readonly Task[], start: number, end: number, store: EnergyStore): Float32Array {
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start < end && end <= tasks.length)) {
      throw new RangeError(`TwinEnvironment.begin: need integers 0 <= start < end <= ${tasks.length} (the tasks), got ${start} and ${end}`);
    }
    this.tasks = tasks;
    this.next = start;
    this.end = end;
    this.queue = new RequestQueue();
    this.store = store;
    this.ledger = new EnergyLedger(store, this.harvest, this.o.harvestStepS);
    this.nowS = start === 0 ? 0 : tasks[start]!.arrivalS;
    this.bookedUntilS = this.nowS;
    this.current = null;
    this.corePoint = null;
    this.lastSwitchS = -Infinity;
    this.candidates = this.actionIds.map((id, i) => ({ id, cost: this.costs[i]!, quality: this.qualities[i]!, switchCostS: null }));
    this.isDepleted = false;
    this.asleep = false;
    this.counts = { served: 0, missed: 0, dropped: 0, unsubmitted: 0, qualitySum: 0, qualityCount: 0 };
    this.credit.reset();
    if (!this.advance()) throw new RangeError(`TwinEnvironment: the episode (tasks ${start}..${end - 1}) has no request to decide${this.isDepleted ? ': the store is empty at the start' : ''}`);
    return observationOf(this.decision!, this.o.actions, this.observation, this.credit.feature);
  }

  /** Every action is feasible; dominated ones are masked (rl-action-space.ts). */
  actionMask(): Uint8Array {
    return this.o.actions.allowed;
  }

  step(action: number): StepResult {
    const request = this.pending;
    const state = this.decision;
    if (request === null || state === null) throw new Error('TwinEnvironment.step: the episode is over; call reset()');
    if (!Number.isSafeInteger(action) || action < 0 || action >= this.actionCount) throw new RangeError(`TwinEnvironment.step: action must be an integer in [0, ${this.actionCount}), got ${action}`);
    const event = this.serve(request, state, action);
    let r = reward({ event }, this.o.reward, this.credit.record(event.accuracyProxy));
    const more = this.advance();
    if (more) return { observation: observationOf(this.decision!, this.o.actions, this.observation, this.credit.feature), reward: r, done: false };
    if (this.isDepleted) {
      r -= this.o.reward.deadlineWeight * (this.queue.length + this.counts.unsubmitted);
      return { observation: this.observation, reward: r, done: true };
    }
    return { observation: this.observation, reward: r, done: false, truncated: true };
  }

  /** EdgeRuntime.serveUpTo(1) past the decision: wake after a sleep, switch, run, book, count (edge-runtime.ts `wake`, `switchTo` and `account`). */
  private serve(request: InferenceRequest, state: ControllerState, action: number): RequestEvent {
    const id = this.actionIds[action]!;
    const cost = this.costs[action]!;
    const t0 = this.nowS;
    // EdgeRuntime.wake: the twin's clock is a VirtualClock, so a device that slept starts the wake-up's time later.
    const tw = this.asleep ? t0 + this.o.twin.wakeUp.latencyS : t0;
    let t1 = tw;
    if (id !== this.current) {
      // ModelledExecutor.select, then VirtualTimeExecutor's clock advance, then EdgeRuntime.switchTo.
      const a = this.twinActions[action]!;
      const measuredS = dvfsSwitchS(this.corePoint, a, this.transitionS);
      this.corePoint = corePointAfter(this.corePoint, a);
      t1 = tw + measuredS;
      this.current = id;
      this.lastSwitchS = t1;
      this.recordSwitch(id, measuredS);
    }
    // The runtime's switch is clock time, t1 − tw, charged at the power of the action switched to; the wake-up, tw − t0, only its wakeUpJ.
    const wakeS = tw - t0;
    const switchS = t1 - tw;
    const switchJ = switchS * activePowerW(cost);
    const latencyS = cost.latencyS;
    const t2 = t1 + latencyS;
    this.nowS = t2;
    const wakeJ = this.asleep ? this.o.twin.wakeUp.energyJ : 0;
    const energyJ = switchJ + modelEnergyJ(cost, latencyS) + wakeJ;
    this.asleep = false;
    this.ledger!.book('request', energyJ, t0, t2, cost.latencyS + switchS + wakeS);
    this.bookedUntilS = t2;
    const deadlineMet = t2 <= request.deadlineS;
    const quality = this.qualities[action]!;
    this.counts.served++;
    if (!deadlineMet) this.counts.missed++;
    if (quality !== null) {
      this.counts.qualitySum += quality;
      this.counts.qualityCount++;
    }
    this.checkDepleted();
    return {
      type: 'request', t: t2, requestId: request.id, variantId: id, criticality: request.criticality,
      queueWaitS: t0 - request.arrivalS, latencyS, energyJ, switchJ, energySource: 'model', estimate: true,
      deadlineS: request.deadlineS, deadlineMet, accuracyProxy: quality, soc: this.store.soc, switched: id !== state.currentVariantId, switchS, wakeS, wakeJ,
    };
  }

  /**
   * Runs the replay to the next decision: stream-replay.ts `serveUntil` the
   * next arrival, then the arrival itself (idle booked, queued). True when
   * a request awaits a decision (`state`), false when the window is done or
   * the store ran dry.
   */
  private advance(): boolean {
    this.pending = null;
    this.decision = null;
    for (;;) {
      if (this.isDepleted) {
        this.counts.unsubmitted += this.end - this.next;
        this.next = this.end;
        return false;
      }
      const untilS = this.next < this.end ? this.tasks[this.next]!.arrivalS : Infinity;
      const ready = this.queue.nextReadyS();
      if (ready !== null && Math.max(this.nowS, ready) < untilS) {
        this.nowS = Math.max(this.nowS, ready);
        this.tick();
        if (this.isDepleted) continue;
        const request = this.queue.popReady(this.nowS)!;
        if (request.deadlineS < this.nowS && this.o.expiredPolicy === 'drop') {
          this.counts.missed++;
          this.counts.dropped++;
          continue;
        }
        this.pending = request;
        this.decision = this.stateFor(request);
        return true;
      }
      if (this.next >= this.end) {
        this.tick();
        return false;
      }
      const t = this.tasks[this.next++]!;
      if (t.arrivalS > this.nowS) this.nowS = t.arrivalS;
      this.tick();
      if (this.isDepleted) {
        this.counts.unsubmitted++;
        continue;
      }
      this.queue.push({ id: t.id, input: PLACEHOLDER, arrivalS: t.arrivalS, deadlineS: t.deadlineS, criticality: t.criticality });
    }
  }

  /** EdgeRuntime.tick: idle power and harvest from the last booked instant to now; a gap as long as the wake-up puts the device to sleep. */
  private tick(): void {
    if (this.isDepleted) return;
    const dtS = this.nowS - this.bookedUntilS;
    const idleJ = this.o.twin.idlePowerW * dtS;
    if (dtS > 0 || idleJ > 0) this.ledger!.book('idle', idleJ, this.bookedUntilS, this.nowS, 0);
    if (sleepsThrough(dtS, this.o.twin.wakeUp)) this.asleep = true;
    this.bookedUntilS = this.nowS;
    this.checkDepleted();
  }

  private checkDepleted(): void {
    if (!this.isDepleted && this.store.depleted) this.isDepleted = true;
  }

  /** VariantCatalog.recordSwitch: the last switch to `id` took `switchS`; the candidates array is replaced only when that changes. */
  private recordSwitch(id: string, switchS: number): void {
    if (this.candidates.find((c) => c.id === id)!.switchCostS === switchS) return;
    this.candidates = this.candidates.map((c) => (c.id === id ? { ...c, switchCostS: switchS } : c));
  }

  /** EdgeRuntime.stateFor. */
  private stateFor(request: InferenceRequest): ControllerState {
    const nowS = this.nowS;
    return {
      nowS, soc: this.store.soc, remainingJ: this.store.remainingJ,
      harvestForecastJ: this.harvest.forecastJ(nowS, this.horizonS), forecastHorizonS: this.horizonS,
      queueLength: this.queue.length, arrivalRateHz: this.queue.arrivalRateHz(nowS),
      criticality: request.criticality, slackS: request.deadlineS - nowS,
      currentVariantId: this.current, sinceSwitchS: nowS - this.lastSwitchS, candidates: this.candidates,
    };
  }
}
