/**
 * EdgeRuntime's serving loop as promise continuations (edge-runtime.ts
 * `serveUpTo`, drain.ts): an executor's one-step `runThen` books exactly
 * what `run` books; failures and bad decisions reject the call's promise
 * and never throw from it; long drains, concurrent drains and a drain
 * started from inside `onEvent` serve every request exactly once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdealEnergyStore } from '../../src/energy/energy-store.js';
import type { InferenceCost } from '../../src/energy/inference-cost.js';
import { VirtualClock } from '../../src/runtime/clock.js';
import type { Controller, ControllerAction, ControllerState } from '../../src/runtime/controller.js';
import { EdgeRuntime } from '../../src/runtime/edge-runtime.js';
import type { EdgeRuntimeOptions } from '../../src/runtime/edge-runtime-options.js';
import type { SwitchCost, VariantExecutor } from '../../src/runtime/executor.js';
import { createRequest, type Criticality } from '../../src/runtime/request.js';
import type { RequestEvent, RuntimeEvent } from '../../src/runtime/request-event.js';
import { replayRequests } from '../../src/runtime/stream-replay.js';
import { VirtualTimeExecutor } from '../../src/runtime/virtual-time-executor.js';
import { constantHarvest, cost, FakeExecutor } from './helpers.js';

const COSTS: Record<string, InferenceCost> = { a: cost(0.01, 0.1), b: cost(0.02, 0.2) };

/** Serves the script's variants in turn, so a replay switches back and forth. */
class Alternating implements Controller {
  private i = 0;
  constructor(private readonly ids: readonly string[]) {}
  decide(_state: ControllerState): ControllerAction {
    return { variantId: this.ids[this.i++ % this.ids.length]! };
  }
  observe(): void {}
}

/** Another executor with `runThen` added: counts its calls and can fail them. */
class OneStep implements VariantExecutor {
  calls = 0;
  failWith: Error | null = null;
  constructor(private readonly inner: VariantExecutor) {}
  get variantIds(): readonly string[] {
    return this.inner.variantIds;
  }
  get inputShape(): readonly number[] {
    return this.inner.inputShape;
  }
  get activeId(): string | null {
    return this.inner.activeId;
  }
  qualityOf(id: string): number | null {
    return this.inner.qualityOf(id);
  }
  select(id: string): Promise<SwitchCost> {
    return this.inner.select(id);
  }
  run(input: Float32Array): Promise<Float32Array> {
    return this.inner.run(input);
  }
  runThen<T>(input: Float32Array, onOutput: (output: Float32Array) => T | PromiseLike<T>, onError: (error: unknown) => T | PromiseLike<T>): Promise<T> {
    this.calls++;
    const running = this.failWith === null ? this.inner.run(input) : Promise.reject(this.failWith);
    return running.then(onOutput, onError);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

function setup(wrap: (ex: VariantExecutor) => VariantExecutor = (ex) => ex, extra: Partial<EdgeRuntimeOptions> = {}) {
  const clock = new VirtualClock(0);
  const fake = new FakeExecutor(['a', 'b'], [2], () => 0.003, (id) => (id === 'a' ? 0.8 : 0.9));
  const executor = wrap(new VirtualTimeExecutor(fake, clock, { latencyS: (id) => COSTS[id]!.latencyS }));
  const events: RuntimeEvent[] = [];
  const store = new IdealEnergyStore(50, 0.9);
  const runtime = new EdgeRuntime({
    executor, costOf: (id) => COSTS[id]!, idlePowerW: 0.002, clock, store, harvest: constantHarvest(0.01),
    controller: new Alternating(['a', 'a', 'b']), onEvent: (e) => events.push(e), ...extra,
  });
  return { clock, fake, executor, runtime, events, store };
}

function requests(n: number, gapS: number, criticality: (i: number) => Criticality = () => 'normal') {
  return Array.from({ length: n }, (_, i) => createRequest({ id: `r${i}`, input: Float32Array.of(i, 1), arrivalS: i * gapS, relativeDeadlineS: 0.25, criticality: criticality(i) }));
}

const served = (events: readonly RuntimeEvent[]) => events.filter((e): e is RequestEvent => e.type === 'request');

test('an executor with runThen is served through it, one call a request, with the very books and events run() gives', async () => {
  const plain = setup();
  const oneStep = setup((ex) => new OneStep(ex));
  const stream = (i: number): Criticality => (i % 7 === 3 ? 'critical' : 'normal');
  const a = await replayRequests(plain.runtime, plain.clock, requests(40, 0.15, stream));
  const b = await replayRequests(oneStep.runtime, oneStep.clock, requests(40, 0.15, stream));
  assert.deepEqual(b, a);
  assert.equal(served(plain.events).length, 40);
  assert.ok(served(plain.events).some((e) => e.switched), 'the script switches variants');
  assert.deepEqual(oneStep.events, plain.events);
  assert.deepEqual(oneStep.runtime.energy, plain.runtime.energy);
  assert.equal(oneStep.store.soc, plain.store.soc);
  assert.equal(oneStep.clock.now(), plain.clock.now());
  assert.equal((oneStep.executor as OneStep).calls, 40);
});

test('a failed inference rejects the call, naming the request and the variant, whether the executor rejects or throws', async () => {
  const viaRunThen = setup((ex) => new OneStep(ex));
  (viaRunThen.executor as OneStep).failWith = new Error('session lost');
  viaRunThen.runtime.submit(createRequest({ id: 'x', input: Float32Array.of(1, 2), arrivalS: 0 }));
  await assert.rejects(viaRunThen.runtime.drain(), (e: unknown) => e instanceof Error && /request "x" failed on variant "a": session lost/.test(e.message) && (e.cause as Error).message === 'session lost');
  assert.equal(viaRunThen.runtime.served, 0);

  const throwing = setup((ex) => Object.assign(Object.create(ex) as VariantExecutor, { run: () => { throw new TypeError('not a promise'); } }));
  throwing.runtime.submit(createRequest({ id: 'y', input: Float32Array.of(1, 2), arrivalS: 0 }));
  let call: Promise<unknown> | undefined;
  assert.doesNotThrow(() => { call = throwing.runtime.drain(); });
  await assert.rejects(call!, /request "y" failed on variant "a": not a promise/);
  // The runtime goes on serving after a failure: the next request is served.
  (viaRunThen.executor as OneStep).failWith = null;
  viaRunThen.runtime.submit(createRequest({ id: 'z', input: Float32Array.of(1, 2), arrivalS: viaRunThen.clock.now() }));
  assert.equal((await viaRunThen.runtime.drain()).served, 1);
});

test('a controller that throws rejects the call rather than throwing from it, and its request stays queued', async () => {
  const { runtime } = setup((ex) => ex, { controller: { decide: () => { throw new Error('policy crashed'); }, observe: () => {} } });
  runtime.submit(createRequest({ id: 'x', input: Float32Array.of(1, 2), arrivalS: 0 }));
  let call: Promise<unknown> | undefined;
  assert.doesNotThrow(() => { call = runtime.drain(); });
  await assert.rejects(call!, /policy crashed/);
  assert.equal(runtime.pending, 1);
});

test('one drain serves a long queue in serving order, and the next drain starts afresh', async () => {
  const { runtime, events, clock } = setup((ex) => new OneStep(ex), { store: new IdealEnergyStore(1e6, 1), controller: new Alternating(['a']) });
  // 300 requests all arrived at t = 0 with deadlines in reverse order: EDF serves the last submitted first.
  for (let i = 0; i < 300; i++) runtime.submit(createRequest({ id: `q${i}`, input: Float32Array.of(i, 0), arrivalS: 0, deadlineS: 1000 - i }));
  const result = await runtime.drain();
  assert.deepEqual({ ...result, last: null }, { served: 300, dropped: 0, deferred: 0, pending: 0, nextReadyS: null, depleted: false, last: null });
  assert.deepEqual(served(events).map((e) => e.requestId), Array.from({ length: 300 }, (_, i) => `q${299 - i}`));
  assert.equal(result.last, events.at(-1));
  const again = await runtime.drain();
  assert.deepEqual(again, { served: 0, dropped: 0, deferred: 0, pending: 0, nextReadyS: null, depleted: false, last: null });
  runtime.submit(createRequest({ id: 'late', input: Float32Array.of(1, 1), arrivalS: clock.now() }));
  assert.equal((await runtime.serveNext())?.type, 'request');
});

test('two drains at once, and a drain started from onEvent, serve every request exactly once', async () => {
  const both = setup((ex) => new OneStep(ex));
  for (const r of requests(5, 0)) both.runtime.submit(r);
  const [first, second] = await Promise.all([both.runtime.drain(), both.runtime.drain()]);
  assert.equal(first.served + second.served, 5);
  assert.deepEqual(served(both.events).map((e) => e.requestId).sort(), ['r0', 'r1', 'r2', 'r3', 'r4']);
  assert.equal(both.runtime.served, 5);

  let inner: Promise<unknown> | null = null;
  const nested = setup((ex) => ex, {
    onEvent: (e) => {
      nested.events.push(e);
      if (inner === null && e.type === 'request') inner = nested.runtime.drain();
    },
  });
  for (const r of requests(6, 0)) nested.runtime.submit(r);
  const outer = await nested.runtime.drain();
  const innerResult = (await inner!) as { served: number };
  assert.equal(outer.served + innerResult.served, 6);
  assert.deepEqual(served(nested.events).map((e) => e.requestId).sort(), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
  assert.equal(nested.runtime.pending, 0);
});
