/**
 * SessionExecutor over sessions of either kind of backend: one with its
 * own prepared run entry (onnxruntime-node) and one served through
 * `run` (Edgewatt's), both keeping the executor contract; and a variant
 * whose model does not take one sample of the executor's shape refused
 * when it opens, naming the variant and the shape, its session disposed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/index.js';
import { Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { createSession, type EdgewattSession } from '../../src/interop/session/index.js';
import { SessionExecutor } from '../../src/runtime/session-executor.js';
import { checkVariantExecutor } from './executor-suite.js';

const dense = (seed: number, inputs = 6) => new Sequential([new Linear(inputs, 3, { rng: new Rng(seed) }), new ReLU()]);
const sample = Float32Array.from({ length: 6 }, (_, i) => Math.cos(i * 0.7));

for (const backend of ['onnxruntime-node', 'edgewatt'] as const) {
  test(`SessionExecutor over ${backend} sessions keeps the executor contract and gives session.run's output`, async () => {
    const variants = [1, 2].map((seed) => ({ id: `v${seed}`, quality: seed / 10, open: () => createSession(dense(seed), { backends: [backend], inputShape: [6] }) }));
    const ex = new SessionExecutor(variants, [6]);
    try {
      await checkVariantExecutor(`SessionExecutor(${backend})`, ex, sample);
      const reference = await createSession(dense(2), { backends: [backend], inputShape: [6] });
      const want = (await reference.run({ input: { data: sample, dims: [1, 6] } }))['output']!.data;
      await reference.dispose();
      await ex.select('v2');
      assert.deepEqual(await ex.run(sample), want);
    } finally {
      await ex.close();
    }
  });
}

test('a variant whose model takes another shape is refused when it opens, naming it and the shape, and its session is disposed', async () => {
  let opened: EdgewattSession | null = null;
  const ex = new SessionExecutor([{ id: 'wide', quality: null, open: async () => (opened = await createSession(dense(1, 8), { backends: ['edgewatt'], inputShape: [8] })) }], [6]);
  await assert.rejects(ex.select('wide'), (e: unknown) => e instanceof RangeError && /^SessionExecutor: variant "wide" does not take one sample of \[6\]: session.runner: input "input": expected dims \[N, 8\] \(N = any batch\), got \[1, 6\]$/.test(e.message));
  assert.ok(opened !== null);
  await assert.rejects((opened as EdgewattSession).run({ input: { data: new Float32Array(8), dims: [1, 8] } }), /was disposed/);
  assert.equal(ex.activeId, null);
  await ex.close();
});
