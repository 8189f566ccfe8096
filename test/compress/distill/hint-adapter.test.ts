/** Feature capture by module path, the hint adapters, their shape checks and the hint loss. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad, tensor, tidy } from '../../../src/engine/index.js';
import { Conv1d, Conv2d, Linear, ReLU, Sequential } from '../../../src/nn/index.js';
import { FeatureCapture } from '../../../src/compress/distill/feature-capture.js';
import { checkHintShapes, createHintAdapter, hintLoss } from '../../../src/compress/distill/hint-adapter.js';

const paths = { student: 'block', teacher: 'stage' };

test('FeatureCapture records the output of the module at a path during a forward pass', () => {
  const model = new Sequential({ fc: new Linear(2, 3), relu: new ReLU(), head: new Linear(3, 1) });
  const capture = new FeatureCapture(model, ['relu'], 'student', 'test');
  noGrad(() =>
    tidy(() => {
      model.call(tensor([1, -2, 3, 0.5], [2, 2]));
      const captured = capture.get('relu');
      assert.deepEqual(captured.shape, [2, 3]);
      assert.ok(Array.from(captured.toArray()).every((v) => v >= 0), 'the ReLU output, not its input');
    }),
  );
  capture.clear();
  assert.throws(() => capture.get('relu'), /the student's module "relu" did not run in the last forward pass/);
  capture.remove();
  noGrad(() => tidy(() => model.call(tensor([1, 2], [1, 2]))));
  assert.throws(() => capture.get('relu'), /did not run/, 'hooks are gone after remove()');
});

test('an unknown path is an error that lists the module paths', () => {
  const model = new Sequential({ fc: new Linear(2, 3), relu: new ReLU() });
  assert.throws(() => new FeatureCapture(model, ['fc', 'conv'], 'teacher', 'distill'), /distill: the teacher has no module at path "conv"; its module paths are "", "fc", "relu"/);
});

test('the adapter is a 1×1 Conv2d for NCHW, a kernel-1 Conv1d for NCW and a Linear layer for [N, C]', () => {
  const a4 = createHintAdapter(paths, [2, 8, 4, 4], [2, 16, 4, 4]);
  assert.ok(a4 instanceof Conv2d && a4.inChannels === 8 && a4.outChannels === 16 && a4.kernelSize[0] === 1 && a4.kernelSize[1] === 1);
  const a3 = createHintAdapter(paths, [2, 8, 13], [2, 4, 13]);
  assert.ok(a3 instanceof Conv1d && a3.inChannels === 8 && a3.outChannels === 4 && a3.kernelSize === 1);
  const a2 = createHintAdapter(paths, [2, 8], [2, 32]);
  assert.ok(a2 instanceof Linear && a2.inFeatures === 8 && a2.outFeatures === 32);
  const y = noGrad(() => tidy(() => [...a4.call(tensor(new Float32Array(2 * 8 * 16), [2, 8, 4, 4])).shape]));
  assert.deepEqual(y, [2, 16, 4, 4]);
});

test('different spatial sizes, ranks or batches are errors naming both paths and shapes', () => {
  assert.throws(
    () => checkHintShapes(paths, [8, 32, 16, 16], [8, 64, 8, 8], 'distill: hints[0]'),
    /distill: hints\[0\]: the student's "block" gives \[8, 32, 16, 16\] but the teacher's "stage" gives \[8, 64, 8, 8\]; the spatial sizes \[16, 16\] and \[8, 8\] must match/,
  );
  assert.throws(() => createHintAdapter(paths, [8, 32, 16], [8, 32, 4, 4]), /"block" gives \[8, 32, 16\] but the teacher's "stage" gives \[8, 32, 4, 4\]; a hint needs two features of the same layout/);
  assert.throws(() => createHintAdapter(paths, [8], [8]), /same layout/);
  assert.throws(() => createHintAdapter(paths, [8, 3], [4, 3]), /the batch sizes differ/);
});

test('hintLoss is the mean squared error of the adapted student feature, with gradient 2/n·Wᵀ(Ws + b − t)', () => {
  const adapter = new Linear(2, 3);
  const w = [1, 2, -1, 0.5, 0, 3]; // [3, 2]
  const b = [0.1, -0.2, 0.3];
  adapter.weight.view().set(w);
  adapter.bias!.view().set(b);
  const s = [1, -1, 2, 0.5]; // [2, 2]
  const t = [0, 1, 2, -1, 0.5, 1]; // [2, 3]
  const student = tensor(s, [2, 2]);
  student.requiresGrad = true;
  const value = tidy(() => {
    const l = hintLoss(adapter, student, tensor(t, [2, 3]));
    l.backward();
    return l.item();
  });
  const residual: number[] = [];
  for (let i = 0; i < 2; i++) for (let o = 0; o < 3; o++) residual.push(w[o * 2]! * s[i * 2]! + w[o * 2 + 1]! * s[i * 2 + 1]! + b[o]! - t[i * 3 + o]!);
  const expected = residual.reduce((a, r) => a + r * r, 0) / 6;
  assert.ok(Math.abs(value - expected) < 1e-5, `${value} vs ${expected}`);
  const grad = Array.from(student.grad!.toArray());
  for (let i = 0; i < 2; i++) {
    for (let c = 0; c < 2; c++) {
      let g = 0;
      for (let o = 0; o < 3; o++) g += (2 / 6) * w[o * 2 + c]! * residual[i * 3 + o]!;
      assert.ok(Math.abs(grad[i * 2 + c]! - g) < 1e-5, `d/ds[${i},${c}]: ${grad[i * 2 + c]} vs ${g}`);
    }
  }
  assert.ok(adapter.weight.grad, 'the adapter receives a gradient too');
});
