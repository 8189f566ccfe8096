/**
 * The losslessness criterion across import and export: every zoo
 * model exported, imported, exported again through the same exportOnnx call
 * a user makes, and imported once more — initializers bit-identical (raw
 * bytes), outputs identical; and a model from another opset keeps its opset.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, randn, Rng, tidy } from '../../src/engine/index.js';
import { createModel, zoo } from '../../src/nn/index.js';
import { exportOnnx } from '../../src/interop/onnx/export/index.js';
import { importOnnx } from '../../src/interop/onnx/import/index.js';
import { decodeModel } from '../../src/interop/onnx/proto.js';
import { graphModel, node } from './onnx-test-models.js';

function initializerBytes(bytes: Uint8Array): Map<string, string> {
  const m = decodeModel(bytes, 'roundtrip');
  return new Map((m.graph!.initializer ?? []).map((t) => [t.name ?? '', Buffer.from(t.rawData ?? new Uint8Array()).toString('hex') + `|${t.dataType}|${(t.dims ?? []).join('x')}`]));
}

for (const name of Object.keys(zoo) as (keyof typeof zoo)[]) {
  test(`${name}: export -> import -> export -> import keeps weights bit-identical and outputs equal`, () => {
    const model = createModel(name).eval();
    const first = exportOnnx(model, { inputShape: model.inputShape });
    const imported = importOnnx(first, `${name}.onnx`);
    const second = exportOnnx(imported, { inputShape: model.inputShape });
    const again = importOnnx(second, `${name}-2.onnx`);
    assert.deepEqual(initializerBytes(second), initializerBytes(first));
    const rng = new Rng(3);
    tidy(() => noGrad(() => {
      const x = randn([2, ...model.inputShape], rng);
      const a = imported.forward(x).toArray();
      const b = again.forward(x).toArray();
      assert.deepEqual(b, a);
      // And the imported graph computes what the model does (a VAE's training-only head is not in it).
      const m = model.forward(x).toArray();
      const scale = Math.max(1, ...Array.from(m, Math.abs));
      assert.ok(Array.from(m).every((v, i) => Math.abs(v - a[i]!) <= 1e-4 * scale), `${name}: imported output differs from the model's`);
    }));
    model.dispose();
    imported.dispose();
    again.dispose();
  });
}

test('an imported opset-13 graph exports at opset 13 unless another opset is asked for', () => {
  const bytes = graphModel({ opset: 13, nodes: [node('Relu', ['x'], ['y'])], inputs: [{ name: 'x', dims: [2, 3] }], outputs: [{ name: 'y', dims: [2, 3] }] });
  const imported = importOnnx(bytes, 'relu13.onnx');
  const out = decodeModel(exportOnnx(imported, { inputShape: [3] }), 'out');
  assert.equal(Number(out.opsetImport[0]!.version), 13);
  assert.throws(() => exportOnnx(imported, { inputShape: [3], opset: 17 }), /opset/);
});
