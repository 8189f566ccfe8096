/**
 * A structurally pruned model no longer matches its zoo spec, so it is saved
 * as ONNX: the pruned ResNet-8 exports, and onnxruntime-node computes the same
 * output as Edgewatt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/index.js';
import { resnet8 } from '../../../src/nn/index.js';
import { exportOnnx } from '../../../src/interop/onnx/export/index.js';
import { pruneChannels } from '../../../src/compress/prune/index.js';
import { parity } from '../../interop/helpers-export-ort.js';
import { randomizeBatchNorms } from './channel-check.js';

test('a channel-pruned resnet8 exports to ONNX and onnxruntime agrees within 1e-4', async () => {
  const model = resnet8({ inputSize: 16 });
  randomizeBatchNorms(model, 9);
  const report = pruneChannels(model, { inputShape: [3, 16, 16], targetMacsRatio: 0.5 });
  assert.ok(report.macsAfter <= 0.5 * report.macsBefore);
  model.eval();
  const bytes = exportOnnx(model, { inputShape: [3, 16, 16] });
  const { diff, dims } = await parity(model, bytes, [3, 16, 16], 2, new Rng(1));
  assert.deepEqual(dims, [2, 10]);
  assert.ok(diff <= 1e-4, `max abs difference ${diff}`);
});
