/**
 * Taylor importance against a finite-difference reference: Σ_{s∈S_c} w_s·∂L/∂w_s
 * is the derivative of L when every parameter writing channel c is scaled by
 * t, at t = 1, so I_c is the square of a central difference in t.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, Rng, tensor, tidy } from '../../../src/engine/index.js';
import { BatchNorm2d, Conv2d, GlobalAvgPool, Linear, ReLU, Sequential, type Module } from '../../../src/nn/index.js';
import { crossEntropy, type Batch } from '../../../src/train/index.js';
import { analyzeChannels, pruneChannels, taylorImportance } from '../../../src/compress/prune/index.js';
import { maxOutputDiff, randomizeBatchNorms, zeroPrunedChannels } from './channel-check.js';

const INPUT = [2, 5, 5];

function net(): Sequential {
  return new Sequential({ conv: new Conv2d(2, 4, 3, { padding: 'same' }), bn: new BatchNorm2d(4), relu: new ReLU(), pool: new GlobalAvgPool(), fc: new Linear(4, 3) });
}

function batch(seed: number): Batch {
  const rng = new Rng(seed);
  const size = 6;
  const x = Float32Array.from({ length: size * 50 }, () => 2 * rng.next() - 1);
  const y = Int32Array.from({ length: size }, (_, i) => i % 3);
  return { x, shape: [size, ...INPUT], y, size };
}

function lossAt(model: Module, b: Batch): number {
  return tidy(() => noGrad(() => crossEntropy(model.call(tensor(b.x, b.shape)), b.y).item()));
}

/** Loss with conv row c, conv bias c, bn γ_c and β_c multiplied by t. */
function scaledLoss(model: Sequential, b: Batch, c: number, t: number): number {
  const tensors = [(model.childNamed('conv') as Conv2d).weight, (model.childNamed('conv') as Conv2d).bias!, (model.childNamed('bn') as BatchNorm2d).weight!, (model.childNamed('bn') as BatchNorm2d).bias!];
  const saved = tensors.map((p) => Float32Array.from(p.view()));
  for (const p of tensors) {
    const len = p.size / p.shape[0]!;
    const v = p.view();
    for (let i = c * len; i < (c + 1) * len; i++) v[i] = v[i]! * t;
  }
  const l = lossAt(model, b);
  tensors.forEach((p, i) => p.view().set(saved[i]!));
  return l;
}

test('first-order Taylor scores equal the squared finite-difference derivative, averaged over batches', () => {
  const model = net();
  randomizeBatchNorms(model, 5);
  model.eval();
  const data = [batch(1), batch(2)];
  const graph = analyzeChannels(model, INPUT);
  const scores = taylorImportance(model, { batches: data })(graph);
  const group = graph.groups.findIndex((g) => g.members.some((m) => m.layer.path === 'conv'));
  const h = 1e-2;
  for (let c = 0; c < 4; c++) {
    const want = data.map((b) => ((scaledLoss(model, b, c, 1 + h) - scaledLoss(model, b, c, 1 - h)) / (2 * h)) ** 2).reduce((a, v) => a + v) / data.length;
    const got = scores[group]![c]!;
    // Float32 central differences with h = 1e-2 agree to about 0.1% here.
    assert.ok(want > 0 && Math.abs(got - want) <= 1e-2 * want, `channel ${c}: Taylor ${got}, finite difference ${want}`);
  }
  assert.ok(model.parameters().every((p) => p.grad === null), 'gradients are cleared afterwards');
  const bn = model.childNamed('bn') as BatchNorm2d;
  const stats = Array.from(bn.runningMean.toArray());
  taylorImportance(model, { batches: data })(graph);
  assert.deepEqual(Array.from(bn.runningMean.toArray()), stats, 'running statistics untouched');
});

test('pruning by Taylor importance is exact too, and an empty batch list is an error', () => {
  const model = net();
  const twin = net();
  randomizeBatchNorms(model, 6);
  randomizeBatchNorms(twin, 6);
  const report = pruneChannels(model, { inputShape: INPUT, keepRatio: 0.5 }, taylorImportance(model, { batches: [batch(3)] }));
  zeroPrunedChannels(twin, INPUT, report);
  assert.ok(maxOutputDiff(model, twin, INPUT, 3, 4) <= 1e-5);
  assert.throws(() => pruneChannels(twin, { inputShape: INPUT, keepRatio: 0.5 }, taylorImportance(twin, { batches: [] })), /yielded no batch/);
});
