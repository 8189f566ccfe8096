/**
 * Float ONNX export of decoder-style models: Unflatten has no emitter and is
 * traced at the primitive level (one reshape, batch axis -1), Upsample is a
 * nearest Resize (module-emitters.ts). onnxruntime matches Edgewatt within
 * 1e-5 at two batch sizes of a dynamic batch.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/index.js';
import { BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Linear, ReLU, Sequential, Unflatten, Upsample, type Module } from '../../src/nn/index.js';
import { exportOnnx, exportOnnxModel } from '../../src/interop/onnx/export/index.js';
import { parity, randomizeBatchNorm } from './helpers-export-ort.js';

const TOLERANCE = 1e-5;

async function assertParity(model: Module, inputShape: number[], outputShape: number[]): Promise<void> {
  model.eval();
  const bytes = exportOnnx(model, { inputShape });
  const rng = new Rng(41);
  for (const batch of [2, 3]) {
    const { diff, dims } = await parity(model, bytes, inputShape, batch, rng);
    assert.deepEqual(dims, [batch, ...outputShape]);
    assert.ok(diff <= TOLERANCE, `batch ${batch}: max abs difference ${diff}`);
  }
}

test('a 1-D decoder: Linear → Unflatten → Upsample → Conv1d+BN+ReLU → Upsample → Conv1d', async () => {
  const rng = new Rng(42);
  const model = new Sequential({
    fc: new Linear(4, 8 * 6, { rng }),
    act: new ReLU(),
    unflatten: new Unflatten([8, 6]),
    up1: new Upsample(2),
    conv: new Conv1d(8, 8, 3, { padding: 'same', rng }),
    bn: new BatchNorm1d(8),
    act2: new ReLU(),
    up2: new Upsample(3),
    out: new Conv1d(8, 2, 3, { padding: 'same', rng }),
  });
  randomizeBatchNorm(model, rng);
  await assertParity(model, [4], [2, 36]);
  const nodes = exportOnnxModel(model, { inputShape: [4] }).graph!.node!;
  const ops = nodes.map((n) => `${n.name!.split('/')[0]}:${n.opType}`);
  assert.ok(ops.includes('unflatten:Reshape') && ops.filter((o) => o.endsWith(':Resize')).length === 2, ops.join(', '));
});

test('a 2-D decoder: Unflatten to [C, H, W] and Upsample on [N, C, H, W]', async () => {
  const rng = new Rng(43);
  const model = new Sequential({
    fc: new Linear(5, 4 * 3 * 2, { rng }),
    unflatten: new Unflatten([4, 3, 2]),
    up: new Upsample(2),
    conv: new Conv2d(4, 3, 3, { padding: 'same', rng }),
    bn: new BatchNorm2d(3),
    act: new ReLU(),
    up2: new Upsample(2),
    out: new Conv2d(3, 1, 3, { padding: 1, rng }),
  });
  randomizeBatchNorm(model, rng);
  await assertParity(model, [5], [1, 12, 8]);
});
