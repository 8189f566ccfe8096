/** When a cached checkpoint may stand in for training. Run: node --test dist/bench/ */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from '../../src/nn/index.js';
import { moduleArrays, saveCheckpoint } from '../../src/train/index.js';
import { inspectCachedCheckpoint, pickCheckpoint } from './cached-checkpoint.js';

const spec = { name: 'cnn1d' as const, config: { inputChannels: 3, inputLength: 16, numClasses: 3, width: 4, seed: 0 } };

async function save(dir: string, config: Record<string, number>, training: Record<string, number> | undefined): Promise<void> {
  const m = createModel('cnn1d', config);
  await saveCheckpoint(dir, { arrays: moduleArrays(m), model: { name: 'cnn1d', config }, ...(training ? { training } : {}) });
  m.dispose();
}

test('a checkpoint matches when its config resolves to the spec and its steps fit the batches per epoch', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bench-distill-ckpt-'));
  try {
    assert.equal((await inspectCachedCheckpoint(join(root, 'none'), spec, 10)).state, 'absent');
    // The same model written with a default left out (seed 0) still matches.
    const { seed: _seed, ...withoutSeed } = spec.config;
    await save(join(root, 'same'), withoutSeed, { epoch: 3, steps: 30 });
    assert.deepEqual(await inspectCachedCheckpoint(join(root, 'same'), spec, 10), { state: 'match', dir: join(root, 'same') });

    await save(join(root, 'wider'), { ...spec.config, width: 8 }, { epoch: 3, steps: 30 });
    const wider = await inspectCachedCheckpoint(join(root, 'wider'), spec, 10);
    assert.equal(wider.state, 'mismatch');
    assert.match(wider.state === 'mismatch' ? wider.why : '', /model\.json: model\.config resolves to .*"width":8.*expected .*"width":4/);

    await save(join(root, 'batch'), spec.config, { epoch: 3, steps: 60 });
    const batch = await inspectCachedCheckpoint(join(root, 'batch'), spec, 10);
    assert.match(batch.state === 'mismatch' ? batch.why : '', /training\.steps is 60 at epoch 3, expected 30/);

    await save(join(root, 'untracked'), spec.config, undefined);
    assert.equal((await inspectCachedCheckpoint(join(root, 'untracked'), spec, 10)).state, 'mismatch');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('pickCheckpoint reuses the first match, else trains into the first free folder, else names every mismatch', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bench-distill-ckpt-'));
  try {
    const [a, b] = [join(root, 'a'), join(root, 'b')];
    assert.deepEqual(await pickCheckpoint([a, b], spec, 10), { dir: a, reuse: false });
    await save(a, { ...spec.config, width: 8 }, { epoch: 1, steps: 10 });
    assert.deepEqual(await pickCheckpoint([a, b], spec, 10), { dir: b, reuse: false });
    await save(b, spec.config, { epoch: 2, steps: 20 });
    assert.deepEqual(await pickCheckpoint([a, b], spec, 10), { dir: b, reuse: true });
    await assert.rejects(pickCheckpoint([a], spec, 10), (e: Error) => e.message.includes(join(a, 'model.json')) && /Move the folder away/.test(e.message));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
