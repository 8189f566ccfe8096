/**
 * A real ladder folder of three cnn1d models of different widths, exported
 * to ONNX and run by onnxruntime-node: sessions open lazily (the first
 * switch is the cold one), a rung with another input shape is refused
 * before anything runs, and the default controller walks a draining
 * battery down the ladder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { IdealEnergyStore } from '../../src/energy/energy-store.js';
import { createSession, infer } from '../../src/interop/index.js';
import { VirtualClock } from '../../src/runtime/clock.js';
import { EdgeRuntime } from '../../src/runtime/edge-runtime.js';
import { LadderExecutor } from '../../src/runtime/ladder-executor.js';
import { createRequest } from '../../src/runtime/request.js';
import type { RequestEvent, RuntimeEvent } from '../../src/runtime/request-event.js';
import { replayRequests } from '../../src/runtime/stream-replay.js';
import { VirtualTimeExecutor } from '../../src/runtime/virtual-time-executor.js';
import { cost, tinyLadder } from './helpers.js';

const sample = (k: number) => Float32Array.from({ length: 78 }, (_, i) => Math.sin(i * 0.3 + k));

test('a ladder executor opens one session per variant on its first select and runs it like a bare session', async () => {
  const { dir } = await tinyLadder();
  const ex = LadderExecutor.open(dir, { intraOpNumThreads: 1 });
  try {
    assert.deepEqual(ex.variantIds, ['w4', 'w8', 'fp32']);
    assert.deepEqual(ex.inputShape, [3, 26]);
    assert.equal(ex.qualityOf('w8'), 0.8);
    assert.equal(ex.activeId, null);
    await assert.rejects(ex.run(sample(0)), /no variant selected/);
    const same = (y: Float32Array): Float32Array | string => y;
    const message = (e: unknown): string => (e as Error).message;
    assert.match((await ex.runThen(sample(0), same, message)) as string, /no variant selected/);
    const first = await ex.select('w8');
    assert.equal(first.cold, true);
    assert.ok(first.switchS > 0);
    await ex.select('fp32');
    const again = await ex.select('w8');
    assert.equal(again.cold, false, 'the session was kept');
    const y = await ex.run(sample(1));
    const bare = await createSession(join(dir, 'w8.onnx'), { backends: ['onnxruntime-node'] });
    assert.deepEqual(y, (await infer(bare, sample(1), [1, 3, 26])).data);
    await bare.dispose();
    // runThen with one continuation throughout (as the runtime passes it) follows the active variant.
    assert.deepEqual(await ex.runThen(sample(1), same, message), y);
    await ex.select('fp32');
    const wide = await ex.run(sample(1));
    assert.notDeepEqual(wide, y);
    assert.deepEqual(await ex.runThen(sample(1), same, message), wide);
    await ex.select('w8');
    await assert.rejects(ex.select('int3'), /unknown variant "int3"; this executor runs "w4", "w8", "fp32"/);
  } finally {
    await ex.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a ladder whose variants disagree on the input shape is refused, naming the variants', async () => {
  const { dir } = await tinyLadder({ odd: 'w8' });
  try {
    assert.throws(
      () => LadderExecutor.open(dir),
      (e: unknown) =>
        e instanceof RangeError &&
        /variants disagree on the input shape: the manifest says one sample is \[3, 26\]/.test(e.message) &&
        /"w8" \(w8\.onnx\) takes \[N, 3, 32\]/.test(e.message) &&
        /"w4", "fp32" agree/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the default controller walks a draining battery down a real ladder, one way, until the store is empty', async () => {
  const { dir } = await tinyLadder();
  const costs = { w4: cost(0.5, 0.05), w8: cost(1, 0.1), fp32: cost(2, 0.2) } as const;
  type Id = keyof typeof costs;
  const clock = new VirtualClock(0);
  const ladder = LadderExecutor.open(dir, { intraOpNumThreads: 1 });
  // A 1 ms weight load on the device, whatever the host's session creation took.
  const executor = new VirtualTimeExecutor(ladder, clock, { latencyS: (id) => costs[id as Id].latencyS, switchS: () => 1e-3 });
  const events: RuntimeEvent[] = [];
  const outputs: Float32Array[] = [];
  const runtime = new EdgeRuntime({
    executor, costOf: (id) => costs[id as Id], idlePowerW: 0, clock, store: new IdealEnergyStore(100, 0.9),
    onEvent: (e) => events.push(e), onOutput: (_r, y) => outputs.push(y),
  });
  try {
    const reqs = Array.from({ length: 200 }, (_, i) => createRequest({ id: `w${i}`, input: sample(i), arrivalS: i }));
    const result = await replayRequests(runtime, clock, reqs);
    assert.equal(result.depleted, true);
    const served = events.filter((e): e is RequestEvent => e.type === 'request');
    const rank = { w4: 0, w8: 1, fp32: 2 };
    const ranks = served.map((e) => rank[e.variantId as Id]);
    for (let i = 1; i < ranks.length; i++) assert.ok(ranks[i]! <= ranks[i - 1]!, `stepped up at request ${i} (soc ${served[i]!.soc})`);
    assert.deepEqual([...new Set(served.map((e) => e.variantId))], ['fp32', 'w8', 'w4']);
    assert.equal(served.filter((e) => e.switched).length, 3);
    for (let i = 1; i < served.length; i++) assert.ok(served[i]!.soc < served[i - 1]!.soc);
    // The step down to w8 comes at the band edge less the hysteresis (SoC 0.57), give or take one request's 2 J = 0.02.
    const firstW8 = served.findIndex((e) => e.variantId === 'w8');
    assert.ok(served[firstW8 - 1]!.soc <= 0.57 + 0.02 && served[firstW8 - 1]!.soc > 0.57 - 0.02, `soc ${served[firstW8 - 1]!.soc}`);
    assert.equal(events.at(-1)!.type, 'depleted');
    assert.equal(outputs.length, served.length);
    assert.ok(outputs.every((y) => y.length === 3 && y.every(Number.isFinite)));
  } finally {
    await ladder.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
