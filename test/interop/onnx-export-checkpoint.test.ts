/** Checkpoint directory -> .onnx file, as a user deploys a trained model. */
import { FileFormatError } from '../../src/io/file-format-error.js';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../../src/engine/index.js';
import { createModel, Linear, type ZooModel } from '../../src/nn/index.js';
import { defaultInputShape, exportCheckpointToOnnx } from '../../src/interop/onnx/export/index.js';
import { saveCheckpoint } from '../../src/train/checkpoint.js';
import { moduleArrays } from '../../src/train/model-arrays.js';
import { parity, randomizeBatchNorm } from './helpers-export-ort.js';

test('exportCheckpointToOnnx rebuilds the zoo model, loads its weights and writes a file onnxruntime agrees with', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'edgewatt-onnx-export-'));
  try {
    const config = { inputChannels: 3, inputLength: 20, numClasses: 4, width: 8, seed: 3 };
    const trained = createModel('cnn1d', config) as ZooModel;
    const rng = new Rng(21);
    randomizeBatchNorm(trained, rng);
    // Weights unlike a fresh model's, so an export that rebuilt without loading them would disagree.
    for (const p of trained.parameters()) p.view().forEach((v, i, a) => (a[i] = v + 0.1 * (rng.next() - 0.5)));
    await saveCheckpoint(join(dir, 'ckpt'), { arrays: moduleArrays(trained), model: { name: 'cnn1d', config } });

    const out = join(dir, 'out', 'har.onnx');
    const result = await exportCheckpointToOnnx(join(dir, 'ckpt'), out);
    assert.equal(result.file, out);
    assert.deepEqual(result.inputShape, [3, 20]);
    const bytes = await readFile(out);
    assert.equal(result.bytes, bytes.byteLength);
    assert.equal(result.nodes, 9);
    assert.deepEqual(await readdir(join(dir, 'out')), ['har.onnx'], 'no temporary file is left behind');
    trained.eval();
    for (const batch of [2, 3]) {
      const { diff } = await parity(trained, bytes, [3, 20], batch, rng);
      assert.ok(diff <= 1e-4, `batch ${batch}: max abs difference ${diff}`);
    }

    const fixed = await exportCheckpointToOnnx(join(dir, 'ckpt'), join(dir, 'fixed.onnx'), { batch: 1, inputShape: [3, 20] });
    assert.deepEqual(fixed.inputShape, [3, 20]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a checkpoint of an unknown architecture is reported with its model.json', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'edgewatt-onnx-export-'));
  try {
    await saveCheckpoint(dir, { arrays: moduleArrays(new Linear(2, 2)), model: { name: 'mystery', config: {} } });
    await assert.rejects(exportCheckpointToOnnx(dir, join(dir, 'm.onnx')), (e: unknown) => e instanceof FileFormatError && e.file === join(dir, 'model.json') && e.field === 'model.name' && /"mystery" is not a model Edgewatt knows; expected one of resnet8/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('defaultInputShape follows each zoo config', () => {
  assert.deepEqual(defaultInputShape(createModel('resnet8', { inputSize: 16 })), [3, 16, 16]);
  assert.deepEqual(defaultInputShape(createModel('dscnn')), [1, 49, 10]);
  assert.deepEqual(defaultInputShape(createModel('fcAutoencoder')), [640]);
  assert.deepEqual(defaultInputShape(createModel('cnn1d', { inputLength: 52 })), [3, 52]);
  assert.deepEqual(defaultInputShape(createModel('convAutoencoder1d', { inputChannels: 6 })), [6, 26]);
  assert.throws(() => defaultInputShape(new Linear(2, 2)), /not a zoo model.*options\.inputShape/);
});
