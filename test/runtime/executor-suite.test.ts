/** The shared VariantExecutor suite over every executor the runtime ships. */
import { test } from 'node:test';
import { rmSync } from 'node:fs';
import { randn, Rng } from '../../src/engine/index.js';
import { buildNestedModel } from '../../src/compress/integer/index.js';
import { VirtualClock } from '../../src/runtime/clock.js';
import { LadderExecutor } from '../../src/runtime/ladder-executor.js';
import { NestedExecutor } from '../../src/runtime/nested-executor.js';
import { VirtualTimeExecutor } from '../../src/runtime/virtual-time-executor.js';
import { makeModel, normalBatches, settleBatchNorm, SMALL_ZOO } from '../compress/integer/helpers.js';
import { checkVariantExecutor } from './executor-suite.js';
import { FakeExecutor, tinyLadder } from './helpers.js';

const sample = Float32Array.from({ length: 78 }, (_, i) => Math.cos(i * 0.2));

test('LadderExecutor keeps the executor contract', async () => {
  const { dir } = await tinyLadder();
  const ex = LadderExecutor.open(dir, { intraOpNumThreads: 1 });
  try {
    await checkVariantExecutor('LadderExecutor', ex, sample);
  } finally {
    await ex.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('NestedExecutor keeps the executor contract', async () => {
  const cnn = SMALL_ZOO[1]!;
  const model = makeModel(cnn);
  const rng = new Rng(3);
  settleBatchNorm(model, rng, cnn.inputShape);
  const nested = buildNestedModel(model, normalBatches(rng, cnn.inputShape, 2, 8), { inputShape: cnn.inputShape });
  await checkVariantExecutor('NestedExecutor', new NestedExecutor(nested), randn([78], rng).toArray() as Float32Array);
});

test('VirtualTimeExecutor keeps the executor contract and moves its clock by the modelled times', async () => {
  const clock = new VirtualClock(0);
  const ex = new VirtualTimeExecutor(new FakeExecutor(['a', 'b'], [3, 26]), clock, { latencyS: (id) => (id === 'a' ? 1 : 2), switchS: () => 0.5 });
  await checkVariantExecutor('VirtualTimeExecutor', ex, sample);
  // Per variant: a switch (0.5 s) and two runs; then one more switch.
  const want = 0.5 + 2 * 1 + 0.5 + 2 * 2 + 0.5;
  if (Math.abs(clock.now() - want) > 1e-12) throw new Error(`clock at ${clock.now()} s, expected ${want} s`);
});
