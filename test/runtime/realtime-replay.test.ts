/**
 * replayRealtime on a clock that only the executor and the sleeps move:
 * arrivals land at their recorded times (compressed by `speed`), the
 * runtime sleeps only when it is ahead, a burst queues and is served one at
 * a time with its queue wait counted from the recorded arrival, and
 * requests out of arrival order are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../src/runtime/clock.js';
import { EdgeRuntime } from '../../src/runtime/edge-runtime.js';
import { FixedVariantController } from '../../src/runtime/fixed-variant-controller.js';
import { replayRealtime } from '../../src/runtime/realtime-replay.js';
import { createRequest } from '../../src/runtime/request.js';
import type { RequestEvent, RuntimeEvent } from '../../src/runtime/request-event.js';
import { VirtualTimeExecutor } from '../../src/runtime/virtual-time-executor.js';
import { cost, FakeExecutor } from './helpers.js';

function rig(latencyS: number) {
  const clock = new VirtualClock(50);
  const fake = new FakeExecutor(['a']);
  const executor = new VirtualTimeExecutor(fake, clock, { latencyS: () => latencyS });
  const events: RuntimeEvent[] = [];
  const runtime = new EdgeRuntime({ executor, clock, controller: new FixedVariantController('a'), costOf: () => cost(0.01, latencyS), idlePowerW: 0.001, onEvent: (e) => events.push(e) });
  const sleeps: number[] = [];
  const sleep = async (s: number): Promise<void> => {
    sleeps.push(s);
    clock.advance(s);
  };
  return { clock, runtime, sleep, sleeps, served: () => events.filter((e): e is RequestEvent => e.type === 'request') };
}

const at = (id: string, arrivalS: number, relativeDeadlineS = 1) => createRequest({ id, input: Float32Array.of(1, 1), arrivalS, relativeDeadlineS });

test('replayRealtime: arrivals at their recorded times on the runtime clock, twice as fast with speed 2', async () => {
  const r = rig(0.1);
  const result = await replayRealtime(r.runtime, [at('r0', 1000), at('r1', 1002), at('r2', 1004)], { speed: 2, sleep: r.sleep });
  assert.equal(result.submitted, 3);
  assert.equal(result.pending, 0);
  const served = r.served();
  assert.deepEqual(served.map((e) => e.requestId), ['r0', 'r1', 'r2']);
  // Started at 50 s: arrivals at 50, 51, 52 s; each takes 0.1 s; deadlines 1 s / 2 after arrival.
  assert.deepEqual(served.map((e) => Number(e.t.toFixed(6))), [50.1, 51.1, 52.1]);
  assert.deepEqual(served.map((e) => Number(e.deadlineS.toFixed(6))), [50.5, 51.5, 52.5]);
  assert.ok(served.every((e) => e.queueWaitS === 0 && e.deadlineMet));
  assert.deepEqual(r.sleeps.map((s) => Number(s.toFixed(6))), [0.9, 0.9], 'slept only the gaps');
  assert.ok(Math.abs(result.endS - 52.1) < 1e-9);
});

test('replayRealtime: a burst queues; the runtime never sleeps while behind, and waits count from the recorded arrival', async () => {
  const r = rig(0.3);
  const result = await replayRealtime(r.runtime, [at('b0', 0), at('b1', 0), at('b2', 0), at('late', 0.5)], { sleep: r.sleep });
  assert.equal(result.submitted, 4);
  const served = r.served();
  assert.deepEqual(served.map((e) => e.requestId), ['b0', 'b1', 'b2', 'late']);
  assert.deepEqual(served.map((e) => Number(e.queueWaitS.toFixed(6))), [0, 0.3, 0.6, 0.4]);
  assert.deepEqual(r.sleeps, [], 'always behind: no sleep');
});

test('replayRealtime refuses requests out of arrival order and a bad speed', async () => {
  const r = rig(0.1);
  await assert.rejects(replayRealtime(r.runtime, [at('x', 5), at('y', 4)], { sleep: r.sleep }), /request "y" arrives at 4 s, before the first request \(5 s\)/);
  await assert.rejects(replayRealtime(rig(0.1).runtime, [], { speed: 0 }), /speed must be a finite number > 0, got 0/);
});
