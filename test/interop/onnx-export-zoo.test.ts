/**
 * The acceptance test of ONNX export: every zoo model, exported with a
 * dynamic batch and run in onnxruntime at batch 2 and 3, matches Edgewatt's
 * own forward pass within 1e-4 — with random batch-norm statistics, so the
 * BatchNormalization mapping is really exercised.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/index.js';
import { createModel, zoo, type ZooModel } from '../../src/nn/index.js';
import { exportOnnx, exportOnnxModel } from '../../src/interop/onnx/export/index.js';
import { onnx, type IValueInfoProto } from '../../src/interop/onnx/proto.js';
import { parity, randomizeBatchNorm } from './helpers-export-ort.js';

const TOLERANCE = 1e-4;

for (const name of Object.keys(zoo)) {
  test(`${name}: onnxruntime matches Edgewatt at batch 2 and 3 (dynamic batch)`, async () => {
    const model = createModel(name) as ZooModel;
    const rng = new Rng(7);
    randomizeBatchNorm(model, rng);
    model.eval();
    const bytes = exportOnnx(model, { inputShape: model.inputShape });
    for (const batch of [2, 3]) {
      const { diff } = await parity(model, bytes, model.inputShape, batch, rng);
      assert.ok(diff <= TOLERANCE, `${name} batch ${batch}: max abs difference ${diff} > ${TOLERANCE}`);
    }
  });
}

test('resnet8: initializers carry state-dict names, the batch axis is symbolic, the header is opset 17 / IR 8', () => {
  const model = createModel('resnet8');
  const proto = exportOnnxModel(model, { inputShape: [3, 32, 32] });
  const inits = new Set(proto.graph!.initializer!.map((t) => t.name));
  for (const n of ['stem.conv.weight', 'stack1.main.conv1.weight', 'stack1.main.bn1.runningMean', 'stack2.shortcut.bias', 'fc.weight']) {
    assert.ok(inits.has(n), `missing initializer ${n}`);
  }
  // Every parameter and buffer is in the file exactly once, nothing else besides small constants.
  assert.equal([...inits].filter((n) => model.stateDict().has(n!)).length, model.stateDict().size);
  assert.equal(proto.irVersion, 8);
  assert.deepEqual(proto.opsetImport, [{ domain: '', version: 17 }]);
  assert.equal(proto.producerName, 'edgewatt');
  assert.equal(proto.graph!.name, 'resnet8');
  const dims = (v: IValueInfoProto) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam ?? d.dimValue);
  assert.deepEqual(dims(proto.graph!.input![0]!), ['N', 3, 32, 32]);
  assert.deepEqual(dims(proto.graph!.output![0]!), ['N', 10]);
  const ops = proto.graph!.node!.map((n) => n.opType);
  assert.equal(ops.filter((o) => o === 'Conv').length, 9);
  assert.equal(ops.filter((o) => o === 'Add').length, 3, 'one residual Add per stack, traced at primitive level');
  // Bytes decode back to the same graph.
  const decoded = onnx.ModelProto.decode(exportOnnx(model, { inputShape: [3, 32, 32] }));
  assert.equal(decoded.graph!.node!.length, ops.length);
});

test('a fixed batch is written as a constant and the names can be chosen', async () => {
  const model = createModel('cnn1d') as ZooModel;
  const proto = exportOnnxModel(model, { inputShape: model.inputShape, batch: 2, inputName: 'x', outputName: 'logits', modelName: 'har', producerName: 'me' });
  const g = proto.graph!;
  assert.equal(g.name, 'har');
  assert.equal(proto.producerName, 'me');
  assert.deepEqual(g.input![0]!.type!.tensorType!.shape!.dim!.map((d) => d.dimValue), [2, 3, 26]);
  assert.equal(g.input![0]!.name, 'x');
  assert.equal(g.output![0]!.name, 'logits');
  assert.equal(g.node!.at(-1)!.output![0], 'logits');
});
