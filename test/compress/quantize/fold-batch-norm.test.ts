/**
 * BatchNorm folding: the folded zoo models compute what the originals
 * compute in eval mode (after the batch-norm statistics and affine
 * parameters are randomised, so the fold is not the identity), every
 * batch norm that follows a layer becomes an Identity, and the per-channel
 * maths matches the definition by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, randn, Rng, tidy, type Tensor } from '../../../src/engine/index.js';
import { BatchNorm, BatchNorm1d, BatchNorm2d, cnn1d, Conv2d, dscnn, Identity, Linear, ReLU, resnet8, Sequential, type Module } from '../../../src/nn/index.js';
import { foldBatchNorm, foldBatchNormParams } from '../../../src/compress/quantize/fold-batch-norm.js';

function randomiseBatchNorms(model: Module, rng: Rng): void {
  for (const [, m] of model.namedModules()) {
    if (!(m instanceof BatchNorm)) continue;
    const fill = (t: Tensor | null, f: () => number): void => {
      if (t) t.view().set(Float32Array.from({ length: t.size }, f));
    };
    fill(m.runningMean, () => rng.normal() * 0.5);
    fill(m.runningVar, () => 0.2 + 2 * rng.next());
    fill(m.weight, () => 0.5 + rng.next());
    fill(m.bias, () => rng.normal() * 0.3);
  }
}

function evalOutput(model: Module, x: Tensor): Float32Array {
  model.eval();
  return noGrad(() => tidy(() => model.call(x).toArray() as Float32Array));
}

/** max |a − b| / max |a|. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  a.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(v - b[i]!));
    scale = Math.max(scale, Math.abs(v));
  });
  return diff / scale;
}

const zoo: [string, () => Module & { inputShape: readonly number[] }, number][] = [
  ['resnet8', () => resnet8({ inputSize: 16 }), 7],
  ['cnn1d', () => cnn1d(), 2],
  ['dscnn', () => dscnn(), 9],
];

for (const [name, build, pairs] of zoo) {
  test(`folding ${name} keeps its eval-mode outputs (1e-5 relative) and removes every batch norm`, () => {
    const rng = new Rng(11);
    const model = build();
    randomiseBatchNorms(model, rng);
    const x = randn([2, ...model.inputShape], rng);
    const before = evalOutput(model, x);
    const report = foldBatchNorm(model);
    assert.equal(report.folded.length, pairs);
    const after = evalOutput(model, x);
    const err = relativeError(before, after);
    assert.ok(err <= 1e-5, `${name}: relative error ${err.toExponential(2)}`);
    assert.ok(!model.namedModules().some(([, m]) => m instanceof BatchNorm), 'no batch norm left');
    for (const { batchNorm } of report.folded) {
      const parent = batchNorm.split('.').slice(0, -1).reduce<Module>((m, part) => m.childNamed(part)!, model);
      assert.ok(parent.childNamed(batchNorm.split('.').at(-1)!) instanceof Identity, `${batchNorm} is an Identity`);
    }
    x.dispose();
  });
}

test('resnet8 folds its stem and both convolutions of every residual main path', () => {
  const report = foldBatchNorm(resnet8({ inputSize: 16 }));
  assert.deepEqual(report.folded.map((p) => `${p.layer}+${p.batchNorm}`), [
    'stem.conv+stem.bn',
    'stack1.main.conv1+stack1.main.bn1',
    'stack1.main.conv2+stack1.main.bn2',
    'stack2.main.conv1+stack2.main.bn1',
    'stack2.main.conv2+stack2.main.bn2',
    'stack3.main.conv1+stack3.main.bn1',
    'stack3.main.conv2+stack3.main.bn2',
  ]);
});

test('a convolution without a bias is rebuilt with one; Linear + BatchNorm1d folds too', () => {
  const rng = new Rng(12);
  const model = new Sequential({
    conv: new Conv2d(2, 3, 3, { padding: 1, bias: false, rng }),
    bn: new BatchNorm2d(3),
    relu: new ReLU(),
  });
  const mlp = new Sequential({ fc: new Linear(4, 3, { rng }), bn: new BatchNorm1d(3) });
  for (const [m, x] of [[model, randn([2, 2, 5, 5], rng)], [mlp, randn([5, 4], rng)]] as const) {
    randomiseBatchNorms(m, rng);
    const before = evalOutput(m, x);
    foldBatchNorm(m);
    assert.ok(relativeError(before, evalOutput(m, x)) <= 1e-5);
  }
  const conv = model.childNamed('conv') as Conv2d;
  assert.ok(conv.bias, 'the rebuilt conv has a bias');
  assert.deepEqual([...model.stateDict().keys()], ['conv.weight', 'conv.bias']);
  assert.equal(conv.weight.name, 'conv.weight');
});

test('foldBatchNormParams follows the definition: w·γ/√(σ²+ε), (b − μ)·γ/√(σ²+ε) + β', () => {
  // Two channels of two weights; channel 1 has no affine part of its own (γ = 1, β = 0 without affine).
  const got = foldBatchNormParams([1, 2, 3, 4], [0.5, -1], { mean: [1, 2], variance: [3, 0], gamma: [2, 1], beta: [0.25, 0], eps: 1 });
  const s0 = 2 / Math.sqrt(4);
  const s1 = 1 / Math.sqrt(1);
  assert.deepEqual(Array.from(got.weight), [1 * s0, 2 * s0, 3 * s1, 4 * s1].map(Math.fround));
  assert.deepEqual(Array.from(got.bias), [(0.5 - 1) * s0 + 0.25, (-1 - 2) * s1].map(Math.fround));
  const plain = foldBatchNormParams([2], null, { mean: [1], variance: [0], gamma: null, beta: null, eps: 0.25 });
  assert.deepEqual([plain.weight[0], plain.bias[0]], [4, -2]);
});

test('a channel mismatch is reported before anything is folded', () => {
  const model = new Sequential({
    a: new Linear(2, 3),
    bnA: new BatchNorm1d(3),
    b: new Linear(3, 4),
    bnB: new BatchNorm1d(5),
  });
  assert.throws(() => foldBatchNorm(model), /Linear "b" has 4 output channels but the BatchNorm1d after it, "bnB", normalises 5/);
  assert.ok(model.childNamed('bnA') instanceof BatchNorm1d, 'the first pair was left unfolded');
});
