/**
 * PreciseBN: after re-estimation a BatchNorm's running statistics are the
 * population mean and unbiased variance of its input (computed here
 * independently from the layer before it), so in eval mode it normalises
 * the training inputs to mean β and variance γ²·(n − 1)/n; a BatchNorm
 * outside a Sequential tree is refused by path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad, randn, Rng, tidy } from '../../../src/engine/index.js';
import { BatchNorm1d, Conv1d, ReLU, Residual, Sequential } from '../../../src/nn/index.js';
import { preciseBatchNorm } from '../../../src/scheduler/index.js';

/** Per-channel mean and unbiased variance of [N, C, L] data, in float64. */
function moments(data: Float32Array, n: number, c: number, l: number): { mean: number[]; variance: number[] } {
  const mean: number[] = [];
  const variance: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    const v: number[] = [];
    for (let i = 0; i < n; i++) for (let t = 0; t < l; t++) v.push(data[(i * c + ch) * l + t]!);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    mean.push(m);
    variance.push(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
  }
  return { mean, variance };
}

test('running statistics become the population moments of the input with the final weights', () => {
  const rng = new Rng(5);
  const conv = new Conv1d(1, 2, 3, { rng });
  const bn = new BatchNorm1d(2);
  const model = new Sequential({ block: new Sequential({ conv, bn, relu: new ReLU() }) });
  // Shifted and scaled inputs, so the default statistics (0, 1) are far from the truth.
  const x = noGrad(() => tidy(() => randn([40, 1, 12], rng).mul(3).add(2)));
  const convOut = noGrad(() => tidy(() => conv.call(x).toArray() as Float32Array));
  const want = moments(convOut, 40, 2, 10);
  preciseBatchNorm(model, x);
  assert.equal(model.training, false, 'left in eval mode');
  const mean = bn.runningMean.toArray();
  const variance = bn.runningVar.toArray();
  for (let ch = 0; ch < 2; ch++) {
    assert.ok(Math.abs(mean[ch]! - want.mean[ch]!) <= 1e-5 * (1 + Math.abs(want.mean[ch]!)), `mean ${ch}: ${mean[ch]} vs ${want.mean[ch]}`);
    assert.ok(Math.abs(variance[ch]! - want.variance[ch]!) <= 1e-5 * want.variance[ch]!, `variance ${ch}: ${variance[ch]} vs ${want.variance[ch]}`);
  }
  // In eval mode the BatchNorm now maps the training inputs to mean 0 (β) and variance ≈ 1 (γ²).
  const normalised = noGrad(() => tidy(() => bn.call(conv.call(x)).toArray() as Float32Array));
  const got = moments(normalised, 40, 2, 10);
  for (let ch = 0; ch < 2; ch++) {
    assert.ok(Math.abs(got.mean[ch]!) < 1e-4, `normalised mean ${got.mean[ch]}`);
    assert.ok(Math.abs(got.variance[ch]! - 1) < 1e-3, `normalised variance ${got.variance[ch]}`);
  }
  x.dispose();
});

test('a BatchNorm inside a Residual is refused, naming its path', () => {
  const model = new Sequential({ stem: new Conv1d(1, 2, 3), res: new Residual(new Sequential({ conv: new Conv1d(2, 2, 3, { padding: 1 }), bn: new BatchNorm1d(2) })) });
  const x = randn([4, 1, 8], new Rng(1));
  assert.throws(() => preciseBatchNorm(model, x), /Residual "res" holds a BatchNorm \("main\.bn"\) outside a Sequential/);
  x.dispose();
});
