/**
 * EdgeRuntime end to end on a VirtualClock with in-memory executors, an
 * IdealEnergyStore and a constant-power harvest: the books add up to the
 * store's drop, deadlines are judged on device time, a meter replaces the
 * model when given, and bad actions, a dead store and expired requests are
 * handled as documented. Nothing sleeps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdealEnergyStore } from '../../src/energy/energy-store.js';
import { MeterError, type Meter } from '../../src/energy/meter.js';
import type { InferenceCost } from '../../src/energy/inference-cost.js';
import { VirtualClock } from '../../src/runtime/clock.js';
import type { Controller, ControllerAction, ControllerState, RequestOutcome } from '../../src/runtime/controller.js';
import { EdgeRuntime } from '../../src/runtime/edge-runtime.js';
import { modelEnergyJ } from '../../src/runtime/variant-catalog.js';
import type { EdgeRuntimeOptions } from '../../src/runtime/edge-runtime-options.js';
import { activePowerW } from '../../src/runtime/energy-pressure.js';
import { createRequest, type Criticality } from '../../src/runtime/request.js';
import type { RequestEvent, RuntimeEvent } from '../../src/runtime/request-event.js';
import { replayRequests } from '../../src/runtime/stream-replay.js';
import { VirtualTimeExecutor } from '../../src/runtime/virtual-time-executor.js';
import { constantHarvest, cost, FakeExecutor } from './helpers.js';

const COSTS: Record<string, InferenceCost> = { a: cost(0.01, 0.1), b: cost(0.02, 0.2) };
const SWITCH_S = 0.002;

/** Chooses variants from a script, one per decision, cycling. */
class ScriptedController implements Controller {
  readonly states: ControllerState[] = [];
  readonly outcomes: RequestOutcome[] = [];
  private i = 0;
  constructor(private readonly script: readonly (ControllerAction | ((s: ControllerState) => ControllerAction))[]) {}
  decide(state: ControllerState): ControllerAction {
    this.states.push(state);
    const a = this.script[this.i++ % this.script.length]!;
    return typeof a === 'function' ? a(state) : a;
  }
  observe(outcome: RequestOutcome): void {
    this.outcomes.push(outcome);
  }
}

function setup(extra: Partial<EdgeRuntimeOptions> = {}, switchS = SWITCH_S) {
  const clock = new VirtualClock(0);
  const fake = new FakeExecutor(['a', 'b'], [2], () => switchS, (id) => (id === 'a' ? 0.8 : 0.9));
  const executor = new VirtualTimeExecutor(fake, clock, { latencyS: (id) => COSTS[id]!.latencyS });
  const events: RuntimeEvent[] = [];
  const runtime = new EdgeRuntime({ executor, costOf: (id) => COSTS[id]!, idlePowerW: 0.001, clock, onEvent: (e) => events.push(e), ...extra });
  const requests = (n: number, gapS: number, deadlineAfterS: number, criticality: Criticality = 'normal') =>
    Array.from({ length: n }, (_, i) => createRequest({ id: `r${i}`, input: Float32Array.of(i, 1), arrivalS: i * gapS, relativeDeadlineS: deadlineAfterS, criticality }));
  return { clock, fake, runtime, events, requests, served: () => events.filter((e): e is RequestEvent => e.type === 'request') };
}

test('the books add up: event energies + idle energy − harvest = the store\'s drop, and misses are counted on device time', async () => {
  const store = new IdealEnergyStore(100, 0.5);
  const controller = new ScriptedController([{ variantId: 'a' }, { variantId: 'b' }, { variantId: 'b' }]);
  const { clock, runtime, requests, served } = setup({ store, controller, harvest: constantHarvest(0.05) });
  const result = await replayRequests(runtime, clock, requests(12, 0.15, 0.3));
  assert.deepEqual([result.submitted, result.pending, result.depleted], [12, 0, false]);
  const ev = served();
  assert.equal(ev.length, 12);
  let busyS = 0;
  for (const e of ev) {
    const c = COSTS[e.variantId]!;
    assert.ok(Math.abs(e.latencyS - c.latencyS) < 1e-12);
    assert.ok(Math.abs(e.switchS - (e.switched ? SWITCH_S : 0)) < 1e-12);
    assert.ok(Math.abs(e.switchJ - e.switchS * activePowerW(c)) < 1e-15);
    assert.ok(Math.abs(e.energyJ - (c.energyJ + e.switchJ)) < 1e-15);
    assert.equal(e.energySource, 'model');
    assert.equal(e.estimate, true);
    assert.equal(e.accuracyProxy, e.variantId === 'a' ? 0.8 : 0.9);
    assert.equal(e.deadlineMet, e.t <= e.deadlineS);
    assert.ok(e.queueWaitS >= 0);
    busyS += e.switchS + e.latencyS;
  }
  // a → b → b → a ...: a switch on every change of variant.
  assert.equal(ev.filter((e) => e.switched).length, 8);
  const totalS = clock.now();
  const idleJ = 0.001 * (totalS - busyS);
  const loadJ = ev.reduce((s, e) => s + e.energyJ, 0) + idleJ;
  const dropJ = 50 - store.remainingJ;
  assert.ok(Math.abs(dropJ - (loadJ - 0.05 * totalS)) < 1e-12, `drop ${dropJ} vs ${loadJ - 0.05 * totalS}`);
  assert.ok(Math.abs(runtime.energy.idleJ - idleJ) < 1e-12);
  assert.ok(Math.abs(runtime.energy.harvestJ - 0.05 * totalS) < 1e-12);
  // Service (0.1–0.2 s) outpaces arrivals every 0.15 s, so the queue grows and the later requests miss their 0.3 s.
  const misses = ev.filter((e) => !e.deadlineMet).length;
  assert.ok(misses > 0 && misses < 12, `${misses} misses`);
  assert.equal(runtime.missed, misses);
  assert.equal(controller.outcomes.length, 12);
  assert.equal(controller.outcomes[3]!.event, ev[3]);
  assert.equal(controller.states[1]!.currentVariantId, 'a');
  assert.ok(controller.states.some((s) => s.queueLength > 0));
});

test('a meter, when given, supplies every energy; when it fails the model takes over with an event, and the books still add up', async () => {
  const clock = new VirtualClock(0);
  let reads = 0;
  // A whole-board meter at a constant 3 W: joules = 3 W × device time, failing on its 9th read.
  const meter: Meter = {
    name: 'fake:board', scope: 'board', estimate: false, close() {},
    read() {
      if (++reads === 9) throw new MeterError('fake:board', '/sys/fake/energy_uj', 'the sensor disappeared');
      return 3 * clock.now();
    },
  };
  const store = new IdealEnergyStore(100, 0.5);
  const fake = new FakeExecutor(['a', 'b'], [2], () => SWITCH_S);
  const executor = new VirtualTimeExecutor(fake, clock, { latencyS: (id) => COSTS[id]!.latencyS });
  const events: RuntimeEvent[] = [];
  const runtime = new EdgeRuntime({ executor, costOf: (id) => COSTS[id]!, idlePowerW: 0.001, clock, meter, store, onEvent: (e) => events.push(e) });
  const reqs = Array.from({ length: 8 }, (_, i) => createRequest({ id: `m${i}`, input: Float32Array.of(1, 1), arrivalS: i }));
  await replayRequests(runtime, clock, reqs);
  const served = events.filter((e): e is RequestEvent => e.type === 'request');
  const fallback = events.findIndex((e) => e.type === 'meter-fallback');
  assert.ok(fallback > 0, 'a meter-fallback event');
  const fe = events[fallback]!;
  assert.ok(fe.type === 'meter-fallback' && fe.meter === 'fake:board' && /sensor disappeared.*from the model/.test(fe.reason));
  const before = served.filter((e) => events.indexOf(e) < fallback);
  const after = served.filter((e) => events.indexOf(e) > fallback);
  assert.ok(before.length >= 2 && after.length >= 2, `${before.length} metered, ${after.length} modelled`);
  for (const e of before) {
    assert.equal(e.energySource, 'meter');
    assert.equal(e.estimate, false);
    assert.ok(Math.abs(e.energyJ - 3 * (e.switchS + e.latencyS)) < 1e-12, `${e.energyJ} J`);
  }
  for (const e of after) assert.deepEqual([e.energySource, e.energyJ], ['model', COSTS.a!.energyJ + e.switchJ]);
  const drop = 50 - store.remainingJ;
  assert.ok(Math.abs(drop - (runtime.energy.requestJ + runtime.energy.idleJ)) < 1e-12);
  assert.ok(Math.abs(runtime.energy.requestJ - served.reduce((s, e) => s + e.energyJ, 0)) < 1e-12);
});

test('a controller choosing a variant outside the action space is refused by name, and the request stays queued', async () => {
  const { runtime } = setup({ controller: new ScriptedController([{ variantId: 'int3' }]) });
  runtime.submit(createRequest({ id: 'x', input: Float32Array.of(1, 2), arrivalS: 0 }));
  await assert.rejects(runtime.drain(), /controller chose variant "int3", which is not in the action space \("a", "b"\)/);
  assert.equal(runtime.pending, 1);
  const r2 = setup({ controller: new ScriptedController([{ variantId: 'a', deferS: -1 }]) }).runtime;
  r2.submit(createRequest({ id: 'y', input: Float32Array.of(1, 2), arrivalS: 0 }));
  await assert.rejects(r2.drain(), /defer by -1 s; a deferral must be between 0 and 86400 s/);
});

test('a depleted store stops serving with one event; later submits are refused', async () => {
  const { runtime, events, requests, clock } = setup({ store: new IdealEnergyStore(0.05, 1), controller: new ScriptedController([{ variantId: 'a' }]) });
  const result = await replayRequests(runtime, clock, requests(10, 1, 5));
  const served = events.filter((e) => e.type === 'request').length;
  const depleted = events.filter((e) => e.type === 'depleted');
  assert.equal(depleted.length, 1);
  assert.ok(served >= 4 && served <= 5, `${served} served from 0.05 J at 10 mJ each plus idle`);
  assert.equal(result.depleted, true);
  assert.equal(result.submitted + result.unsubmitted, 10);
  assert.throws(() => runtime.submit(requests(1, 0, 1)[0]!), /the energy store ran dry at t = [\d.]+ s; request "r0" cannot be served/);
  assert.equal(await runtime.serveNext(), null);
});

test('an expired request is served and marked missed by default, dropped with expiredPolicy "drop"', async () => {
  for (const policy of ['serve', 'drop'] as const) {
    const { runtime, events, clock } = setup({ controller: new ScriptedController([{ variantId: 'a' }]), expiredPolicy: policy });
    runtime.submit(createRequest({ id: 'late', input: Float32Array.of(1, 2), arrivalS: 0, deadlineS: 1 }));
    clock.advanceTo(2);
    const r = await runtime.drain();
    assert.equal(runtime.missed, 1);
    if (policy === 'serve') {
      assert.deepEqual([r.served, r.dropped], [1, 0]);
      assert.equal((events[0] as RequestEvent).deadlineMet, false);
    } else {
      assert.deepEqual([r.served, r.dropped], [0, 1]);
      assert.deepEqual(events[0], { type: 'dropped', t: 2, requestId: 'late', criticality: 'normal', deadlineS: 1 });
    }
  }
});

test('a deferral puts the request back until its time; the replay advances to it', async () => {
  const controller = new ScriptedController([(s) => (s.criticality === 'background' && s.nowS < 10 ? { variantId: 'a', deferS: 10 } : { variantId: 'b' })]);
  const { runtime, events, clock } = setup({ controller });
  const reqs = [
    createRequest({ id: 'bg', input: Float32Array.of(1, 1), arrivalS: 0, criticality: 'background' }),
    createRequest({ id: 'n', input: Float32Array.of(1, 1), arrivalS: 1 }),
  ];
  await replayRequests(runtime, clock, reqs);
  const kinds = events.map((e) => `${e.type}:${'requestId' in e ? e.requestId : ''}`);
  assert.deepEqual(kinds, ['deferred:bg', 'request:n', 'request:bg']);
  const bg = events[2] as RequestEvent;
  assert.ok(bg.t >= 10 && Math.abs(bg.queueWaitS - 10) < 1e-12, `served at ${bg.t} after waiting ${bg.queueWaitS}`);
});

test('outputs reach onOutput; options and costs are checked by name; measured costs are rescaled to the measured time', async () => {
  const outputs: number[] = [];
  const { runtime } = setup({ controller: new ScriptedController([{ variantId: 'b' }]), onOutput: (_r, y) => outputs.push(y[0]!) });
  runtime.submit(createRequest({ id: 'o', input: Float32Array.of(2, 3), arrivalS: 0 }));
  await runtime.drain();
  assert.deepEqual(outputs, [10], 'variant b (index 2) doubles the sum 5');
  assert.throws(() => runtime.submit(createRequest({ id: 'big', input: new Float32Array(3), arrivalS: 0 })), /"big" has 3 input values; one sample of \[2\] has 2/);
  const fake = new FakeExecutor(['a']);
  assert.throws(() => new EdgeRuntime({ executor: fake, costOf: () => cost(1, 1) } as unknown as EdgeRuntimeOptions), /idlePowerW must be a finite power >= 0 W/);
  assert.throws(() => new EdgeRuntime({ executor: fake, costOf: () => cost(-1, 1), idlePowerW: 0 }), /costOf\("a"\)\.energyJ must be a finite number >= 0, got -1/);
  const measured = cost(1, 0.1, { staticJ: 0.4, measured: true });
  assert.ok(Math.abs(modelEnergyJ(measured, 0.2) - 1.4) < 1e-12, 'dynamic 0.6 J + 4 W static over 0.2 s');
  assert.equal(modelEnergyJ({ ...measured, measured: false }, 0.2), 1, 'a profile cost is booked as given');
});

test('a request after a sleep pays the wake-up energy; back-to-back requests do not', async () => {
  const wakeUp = { energyJ: 5e-4, latencyS: 0.05 };
  // Gaps of 1 s (sleeps) after 0.1 s inferences; then a burst whose requests queue behind each other.
  const sparse = setup({ wakeUp, controller: new ScriptedController([{ variantId: 'a' }]) });
  await replayRequests(sparse.runtime, sparse.clock, sparse.requests(4, 1, 10));
  const e = sparse.served();
  // The first request arrives at t = 0 with no idle before it: no wake-up; the next three each after ~0.9 s asleep.
  const inference = modelEnergyJ(COSTS['a']!, COSTS['a']!.latencyS);
  assert.ok(Math.abs(e[0]!.energyJ - e[0]!.switchJ - inference) < 1e-15);
  for (const x of e.slice(1)) assert.ok(Math.abs(x.energyJ - x.switchJ - inference - wakeUp.energyJ) < 1e-15, `${x.requestId}: ${x.energyJ}`);
  const burst = setup({ wakeUp, controller: new ScriptedController([{ variantId: 'a' }]) });
  await replayRequests(burst.runtime, burst.clock, burst.requests(4, 0.01, 10));
  assert.ok(burst.served().slice(1).every((x) => Math.abs(x.energyJ - inference) < 1e-15), 'queued requests never sleep in between');
  assert.throws(() => setup({ wakeUp: { energyJ: -1, latencyS: 0 } }), /options\.wakeUp must be/);
});

test('on a virtual clock a request after a sleep starts the wake-up\'s time later, booked as the request\'s at the wake-up energy alone', async () => {
  const wakeUp = { energyJ: 5e-4, latencyS: 0.05 };
  // Measured costs rescale their static energy to the booked latency: a wake-up counted as inference time would cost more.
  const measured: Record<string, InferenceCost> = { a: cost(0.01, 0.1, { staticJ: 0.004, measured: true }), b: cost(0.02, 0.2, { staticJ: 0.008, measured: true }) };
  const run = async (extra: Partial<EdgeRuntimeOptions>, gapS: number, deadlineAfterS: number) => {
    const s = setup({ costOf: (id) => measured[id]!, controller: new ScriptedController([{ variantId: 'a' }]), ...extra });
    await replayRequests(s.runtime, s.clock, s.requests(4, gapS, deadlineAfterS));
    return { ...s, ev: s.served() };
  };
  // Arrivals 1 s apart after 0.1 s inferences (sleeps of ~0.9 s); deadlines 0.12 s after arrival: met by the
  // inference alone, missed once a 0.05 s wake-up comes first.
  const woken = await run({ wakeUp }, 1, 0.12);
  const plain = await run({}, 1, 0.12);
  // The first request finds the device just booted (no idle before it): the same in both, its switch included.
  assert.ok(Math.abs(woken.ev[0]!.t - (SWITCH_S + 0.1)) < 1e-12 && Math.abs(plain.ev[0]!.t - woken.ev[0]!.t) < 1e-15);
  for (let i = 1; i < 4; i++) {
    const [w, p] = [woken.ev[i]!, plain.ev[i]!];
    assert.ok(Math.abs(p.t - (i + 0.1)) < 1e-12, `without options.wakeUp no delay: ${p.requestId} done at ${p.t}`);
    assert.ok(Math.abs(w.t - p.t - wakeUp.latencyS) < 1e-12, `${w.requestId} done at ${w.t}, awake at ${p.t}`);
    assert.deepEqual([w.queueWaitS, w.switchS, w.switchJ], [0, 0, 0], 'the wake-up is neither queueing nor a switch');
    assert.ok(Math.abs(w.wakeS - wakeUp.latencyS) < 1e-12, `${w.requestId}: wakeS ${w.wakeS}`);
    assert.deepEqual([w.wakeJ, p.wakeS, p.wakeJ], [wakeUp.energyJ, 0, 0], 'the event names the wake-up');
    assert.ok(Math.abs(w.t - i - (w.queueWaitS + w.wakeS + w.switchS + w.latencyS)) < 1e-12, 'the four spans make up t − arrival');
    assert.ok(Math.abs(w.latencyS - 0.1) < 1e-12, `the inference alone: ${w.latencyS}`);
    assert.ok(Math.abs(w.energyJ - p.energyJ - wakeUp.energyJ) < 1e-15, `${w.requestId}: ${w.energyJ} J vs ${p.energyJ} J awake`);
    assert.deepEqual([w.deadlineMet, p.deadlineMet], [false, true]);
  }
  assert.equal(woken.runtime.missed, 3);
  // The wake-up interval is the request's, not idle time: idle = 1 mW over the time no request was being served.
  const busyS = woken.ev.reduce((s, e, i) => s + (e.t - (i + e.queueWaitS)), 0);
  assert.ok(Math.abs(woken.runtime.energy.idleJ - 0.001 * (woken.clock.now() - busyS)) < 1e-15);
  assert.ok(Math.abs(busyS - (SWITCH_S + 4 * 0.1 + 3 * wakeUp.latencyS)) < 1e-12, `busy ${busyS} s`);
  // Requests queued behind each other never sleep in between, so none waits for a wake-up.
  const burst = await run({ wakeUp }, 0.01, 10);
  burst.ev.forEach((e, i) => assert.ok(Math.abs(e.t - (SWITCH_S + 0.1 * (i + 1))) < 1e-12, `${e.requestId} done at ${e.t}`));
  assert.ok(burst.ev.every((e) => e.wakeS === 0 && e.wakeJ === 0), 'no wake-up in a burst');
});

test('on a clock that is not virtual the wake-up adds no time (a real one has taken its real time), only its modelled energy', async () => {
  const wakeUp = { energyJ: 5e-4, latencyS: 0.05 };
  // The device's time, moved by the executor and the test; the runtime reads it through a plain RuntimeClock, as it reads the wall clock.
  const device = new VirtualClock(0);
  const executor = new VirtualTimeExecutor(new FakeExecutor(['a', 'b'], [2], () => SWITCH_S), device, { latencyS: (id) => COSTS[id]!.latencyS });
  const served: RequestEvent[] = [];
  const runtime = new EdgeRuntime({
    executor, clock: { now: () => device.now() }, costOf: (id) => COSTS[id]!, idlePowerW: 0.001, wakeUp,
    controller: new ScriptedController([{ variantId: 'a' }]), onEvent: (e) => { if (e.type === 'request') served.push(e); },
  });
  for (let i = 0; i < 3; i++) {
    device.advanceTo(i);
    runtime.submit(createRequest({ id: `r${i}`, input: Float32Array.of(i, 1), arrivalS: i, relativeDeadlineS: 10 }));
    await runtime.drain();
  }
  for (const [i, e] of served.entries()) {
    if (i === 0) continue;
    assert.ok(Math.abs(e.t - (i + 0.1)) < 1e-12, `${e.requestId} done at ${e.t}`);
    assert.ok(Math.abs(e.energyJ - COSTS['a']!.energyJ - wakeUp.energyJ) < 1e-15, `${e.requestId}: ${e.energyJ} J`);
    assert.deepEqual([e.wakeS, e.wakeJ], [0, wakeUp.energyJ], 'no wake-up time on a real clock, its modelled energy booked');
  }
  assert.equal(served.length, 3);
});
