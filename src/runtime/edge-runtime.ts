/**
 * `EdgeRuntime`: serves inference requests from a queue on a set of model
 * variants, asks its controller which variant serves each, and keeps the
 * device's books — device time, energy per request and between requests,
 * the energy store and the harvest. It owns the loop and the I/O; the
 * policy is the controller's (controller.ts), the maths of pressure,
 * booking and cost are pure files beside it.
 *
 * Per request: book the idle time since the last one; ask the controller;
 * wake the device if it slept (options.wakeUp; `wake` below); switch
 * variant if told (the switch is timed on the runtime's clock and charged
 * at the new variant's active power); run; book the request's energy — a
 * meter's delta when a meter is given, else the model's (variant-catalog.ts
 * `modelEnergyJ`, plus the wake-up's energy); step the store by (load −
 * harvest) over the elapsed interval; emit one event; tell the controller.
 *
 * Time is the injected clock's (clock.ts). With a VirtualClock nothing
 * moves unless the caller, or an executor wrapped in VirtualTimeExecutor,
 * advances it; `tick()` books the idle time up to the clock's now and is
 * the hook a stream replay calls after advancing its clock.
 */
import { IdealEnergyStore, type EnergyStore } from '../energy/energy-store.js';
import { NO_HARVEST, type HarvestSource } from '../energy/harvest-source.js';
import { AdaptivePrecisionController } from './adaptive-precision-controller.js';
import { VirtualClock, wallClock, type RuntimeClock } from './clock.js';
import { ActionSpace, type Controller, type ControllerAction, type ControllerState } from './controller.js';
import { Drain, type DrainResult } from './drain.js';
import { EnergyLedger, type EnergyTotals } from './energy-ledger.js';
import { sampleSize, type VariantExecutor } from './executor.js';
import { MeterTap } from './meter-tap.js';
import { checkRequest, isCheckedRequest, type InferenceRequest } from './request.js';
import type { RequestEvent, RuntimeEvent } from './request-event.js';
import { RequestQueue } from './request-queue.js';
import { modelEnergyJ, VariantCatalog } from './variant-catalog.js';
import { checkRuntimeOptions, DEFAULT_FORECAST_HORIZON_S, DEFAULT_STORE_CAPACITY_J, sleepsThrough, type EdgeRuntimeOptions } from './edge-runtime-options.js';

export type { DrainResult } from './drain.js';

export class EdgeRuntime {
  readonly executor: VariantExecutor;
  readonly controller: Controller;
  readonly store: EnergyStore;
  readonly harvest: HarvestSource;
  readonly clock: RuntimeClock;
  readonly actions: ActionSpace;
  readonly idlePowerW: number;
  readonly forecastHorizonS: number;
  private readonly options: EdgeRuntimeOptions;
  private readonly queue = new RequestQueue();
  private readonly ledger: EnergyLedger;
  private readonly meter: MeterTap;
  private readonly variants: VariantCatalog;
  private readonly inputSize: number;
  private current: string | null;
  private lastSwitchS = -Infinity;
  private bookedUntilS: number;
  private depletedAtS: number | null = null;
  /** The device slept since the last request: the next one pays the wake-up (options.wakeUp). */
  private asleep = false;
  private counts = { served: 0, missed: 0 };
  /** A Drain no call is using, kept for the next (drain.ts). */
  private spare: Drain | null = null;

  constructor(options: EdgeRuntimeOptions) {
    checkRuntimeOptions(options);
    this.options = options;
    this.executor = options.executor;
    this.controller = options.controller ?? new AdaptivePrecisionController();
    this.store = options.store ?? new IdealEnergyStore(DEFAULT_STORE_CAPACITY_J);
    this.harvest = options.harvest ?? NO_HARVEST;
    this.clock = options.clock ?? wallClock;
    this.idlePowerW = options.idlePowerW;
    this.forecastHorizonS = options.forecastHorizonS ?? DEFAULT_FORECAST_HORIZON_S;
    this.actions = new ActionSpace(this.executor.variantIds, options.maxDeferS);
    this.ledger = new EnergyLedger(this.store, this.harvest, options.harvestStepS);
    this.inputSize = sampleSize(this.executor.inputShape);
    this.variants = new VariantCatalog(this.executor, options.costOf);
    this.current = this.executor.activeId;
    this.bookedUntilS = this.clock.now();
    this.meter = new MeterTap(options.meter ?? null, (meter, reason) => this.emit({ type: 'meter-fallback', t: this.clock.now(), meter, reason }));
    this.meter.delta();
  }

  get nowS(): number { return this.clock.now(); }
  get pending(): number { return this.queue.length; }
  get nextReadyS(): number | null { return this.queue.nextReadyS(); }
  get currentVariantId(): string | null { return this.current; }
  get depleted(): boolean { return this.depletedAtS !== null; }
  get energy(): EnergyTotals { return this.ledger.totals; }
  get served(): number { return this.counts.served; }
  /** Requests served late plus requests dropped as expired. */
  get missed(): number { return this.counts.missed; }

  /** Queues a request; it is served no earlier than its arrivalS. */
  submit(request: InferenceRequest): void {
    if (this.depletedAtS !== null) throw new Error(`EdgeRuntime.submit: the energy store ran dry at t = ${this.depletedAtS} s; request "${String(request?.id)}" cannot be served`);
    if (!isCheckedRequest(request)) checkRequest(request, 'EdgeRuntime.submit');
    if (request.input.length !== this.inputSize) {
      throw new RangeError(`EdgeRuntime.submit: request "${request.id}" has ${request.input.length} input values; one sample of [${this.executor.inputShape.join(', ')}] has ${this.inputSize}`);
    }
    this.queue.push(request);
  }

  /**
   * Books idle power and harvest from the last booked instant to the clock's
   * now, and returns now. The stream-replay hook: advance the clock, tick.
   */
  tick(): number {
    const now = this.clock.now();
    if (this.depletedAtS !== null) return now;
    const dtS = now - this.bookedUntilS;
    if (dtS < 0) throw new RangeError(`EdgeRuntime: the clock went back from ${this.bookedUntilS} s to ${now} s; device time must not decrease`);
    const idleJ = this.meter.delta() ?? this.idlePowerW * dtS;
    if (dtS > 0 || idleJ > 0) this.ledger.book('idle', idleJ, this.bookedUntilS, now, 0);
    if (this.options.wakeUp !== undefined && sleepsThrough(dtS, this.options.wakeUp)) this.asleep = true;
    this.bookedUntilS = now;
    this.checkDepleted(now);
    return now;
  }

  /** Serves, drops or defers the first ready request; null when none is ready or the store is empty. */
  async serveNext(): Promise<RuntimeEvent | null> {
    return (await this.serveUpTo(1)).last;
  }

  /** Serves every ready request in order; stops early when the store runs dry. */
  drain(): Promise<DrainResult> {
    // Not async itself: the serving loop's own promise is returned.
    return this.serveUpTo(Infinity);
  }

  /**
   * The serving loop, as promise continuations rather than an async
   * function (drain.ts says why): `serveFrom` runs synchronously up to a
   * request's inference, and the inference's continuation (`onServed`)
   * books it and goes on with the loop: the booking runs in the
   * continuation of the executor's promise, or with `runThen` of the
   * backend's own — one promise step fewer — and the clock is read twice a
   * request. A drain of n queued requests resolves through n nested
   * promises, two microtasks each at its end; nothing recurses on the stack.
   */
  private serveUpTo(limit: number): Promise<DrainResult> {
    // The spare Drain, unless another call is using it (two drains at once: the second gets its own).
    const d = this.spare ?? new Drain(this.onServed);
    this.spare = null;
    try {
      return this.serveFrom(d.begin(limit), this.tick());
    } catch (e) {
      // Errors reject, as from an async function (a clock gone back, a bad action).
      return Promise.reject(e);
    }
  }

  /** Drops, defers or starts serving ready requests from `now` until one is in flight, none is ready, or the call is done. */
  private serveFrom(d: Drain, now: number): Promise<DrainResult> {
    while (d.handled < d.limit && this.depletedAtS === null) {
      const request = this.queue.popReady(now);
      if (request === undefined) break;
      d.handled++;
      if (request.deadlineS < now && this.options.expiredPolicy === 'drop') {
        this.counts.missed++;
        d.dropped++;
        d.last = this.emit({ type: 'dropped', t: now, requestId: request.id, criticality: request.criticality, deadlineS: request.deadlineS });
        continue;
      }
      const state = this.stateFor(request, now);
      const action = this.decide(state, request);
      if (action.deferS !== undefined && action.deferS > 0) {
        this.queue.requeue(request, now + action.deferS);
        d.deferred++;
        d.last = this.emit({ type: 'deferred', t: now, requestId: request.id, criticality: request.criticality, untilS: now + action.deferS });
        continue;
      }
      d.serving(request, state, action, now, this.wake(now));
      if (action.variantId === this.current) return this.infer(d);
      return this.switchTo(action.variantId).then((t1) => {
        d.switchedS = t1;
        return this.infer(d);
      }, d.onError);
    }
    return Promise.resolve(this.end(d));
  }

  /** Runs the request in flight; its output goes to `onServed`, a failure to d.onError (wrapped, naming the request). */
  private infer(d: Drain): Promise<DrainResult> {
    const ex = this.executor;
    const input = d.request!.input;
    try {
      return ex.runThen !== undefined ? ex.runThen(input, d.onOutput, d.onError) : ex.run(input).then(d.onOutput, d.onError);
    } catch (e) {
      // An executor that throws instead of rejecting fails the request all the same.
      return d.onError(e);
    }
  }

  /**
   * The continuation of a request's inference: books it and goes on. The
   * next request starts at a fresh tick, not at t2: the event and the
   * controller's observe took time too (booked as idle).
   */
  private readonly onServed = (d: Drain, output: Float32Array): DrainResult | Promise<DrainResult> => {
    d.last = this.account(d.request!, d.state!, d.action!, output, d.startS, d.awakeS, d.switchedS, this.clock.now());
    d.served++;
    if (d.handled >= d.limit || this.queue.length === 0) return this.end(d);
    return this.serveFrom(d, this.tick());
  };

  /** The call's result; its Drain becomes the spare for the next call. */
  private end(d: Drain): DrainResult {
    const result = d.end(this.queue.length, this.queue.nextReadyS(), this.depletedAtS !== null);
    this.spare = d;
    return result;
  }

  /** The controller's action, checked against the action space; on a bad one the request goes back in the queue. */
  private decide(state: ControllerState, request: InferenceRequest): ControllerAction {
    try {
      return this.actions.check(this.controller.decide(state));
    } catch (e) {
      this.queue.requeue(request, request.arrivalS);
      throw e;
    }
  }

  /**
   * Wakes a device that slept since the last request and returns the
   * device time it is awake: the request starts computing wakeUp.latencyS
   * later (Stop mode to first instruction: 32 µs on the STM32U575, DS13086
   * Table 75 via devices/nucleo-u575zi.json — a sixth of the 190 µs its
   * profile gives the pruned int8 HAR CNN of scenarios/ladders/har-cnn1d.json
   * at 110 MHz, so not negligible on an MCU).
   *
   * The delay is the runtime's, not the executor's, because only the
   * runtime sees the idle gap (tick); an executor is asked to select and
   * run, never told the device slept, so modelling it there would repeat
   * the sleep rule behind a second flag. And it is spent only on a
   * VirtualClock: there device time is the model's (a twin, or a stream
   * replayed through a VirtualTimeExecutor), so the wake-up must be put on
   * it as the executor puts the inference; on any other clock (a real
   * device, or onnxruntime on a gateway on the wall clock) a real wake-up
   * has already taken its real time, and adding wakeUp.latencyS would book
   * time that never passed — as a meter, when given, already sees the
   * wake-up's real energy and the model's wakeUpJ is not added to it.
   * The wake-up's energy is wakeUpJ alone (`account`): the profile prices
   * the whole interval, so no active power is charged over it.
   */
  private wake(t0: number): number {
    if (!this.asleep || !(this.clock instanceof VirtualClock)) return t0;
    this.clock.advance(this.options.wakeUp!.latencyS);
    return this.clock.now();
  }

  /** Selects a variant and returns the device time the switch ended. */
  private async switchTo(id: string): Promise<number> {
    const measured = await this.executor.select(id);
    const t1 = this.clock.now();
    this.current = id;
    this.lastSwitchS = t1;
    this.variants.recordSwitch(id, measured.switchS);
    return t1;
  }

  /**
   * Books a served request over [t0, t2] — waking to tw, switching to t1,
   * inferring to t2 — emits its event (wakeS, switchS and latencyS are the
   * three spans) and tells the controller.
   */
  private account(request: InferenceRequest, state: ControllerState, action: ControllerAction, output: Float32Array, t0: number, tw: number, t1: number, t2: number): RequestEvent {
    const id = action.variantId;
    const v = this.variants.get(id);
    const wakeS = tw - t0;
    const switchS = t1 - tw;
    const latencyS = t2 - t1;
    const metered = this.meter.delta();
    let energyJ: number;
    let switchJ: number;
    let wakeJ: number;
    if (metered !== null) {
      energyJ = metered;
      // A meter sees one total; the switch and the wake-up get their shares of the time.
      switchJ = t2 > t0 ? (energyJ * switchS) / (t2 - t0) : 0;
      wakeJ = t2 > t0 ? (energyJ * wakeS) / (t2 - t0) : 0;
    } else {
      switchJ = switchS * v.activePowerW;
      wakeJ = this.asleep ? this.options.wakeUp!.energyJ : 0;
      energyJ = switchJ + modelEnergyJ(v.cost, latencyS) + wakeJ;
    }
    this.asleep = false;
    this.ledger.book('request', energyJ, t0, t2, v.cost.latencyS + switchS + wakeS);
    this.bookedUntilS = t2;
    const deadlineMet = t2 <= request.deadlineS;
    this.counts.served++;
    if (!deadlineMet) this.counts.missed++;
    const event: RequestEvent = {
      type: 'request', t: t2, requestId: request.id, variantId: id, criticality: request.criticality,
      queueWaitS: t0 - request.arrivalS, latencyS, energyJ, switchJ,
      energySource: metered !== null ? 'meter' : 'model', estimate: metered !== null ? this.meter.estimate : true,
      deadlineS: request.deadlineS, deadlineMet, accuracyProxy: v.quality,
      soc: this.store.soc, switched: id !== state.currentVariantId, switchS, wakeS, wakeJ,
    };
    this.emit(event);
    this.options.onOutput?.(request, output, event);
    this.controller.observe({ state, action, event });
    this.checkDepleted(t2);
    return event;
  }

  private stateFor(request: InferenceRequest, nowS: number): ControllerState {
    return {
      nowS, soc: this.store.soc, remainingJ: this.store.remainingJ,
      harvestForecastJ: this.harvest.forecastJ(nowS, this.forecastHorizonS), forecastHorizonS: this.forecastHorizonS,
      queueLength: this.queue.length, arrivalRateHz: this.queue.arrivalRateHz(nowS),
      criticality: request.criticality, slackS: request.deadlineS - nowS,
      currentVariantId: this.current, sinceSwitchS: nowS - this.lastSwitchS, candidates: this.variants.candidates,
    };
  }

  private checkDepleted(t: number): void {
    if (this.depletedAtS !== null || !this.store.depleted) return;
    this.depletedAtS = t;
    this.emit({ type: 'depleted', t, soc: this.store.soc, remainingJ: this.store.remainingJ, pending: this.queue.length });
  }

  private emit<E extends RuntimeEvent>(event: E): E {
    this.options.onEvent?.(event);
    return event;
  }
}
