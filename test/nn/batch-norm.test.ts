/**
 * Batch norm against hand-computed values with PyTorch's conventions
 * (torch/nn/modules/batchnorm.py): biased variance to normalise, unbiased
 * variance into the running estimate, momentum 0.1, eps 1e-5.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, tidy, type Tensor } from '../../src/engine/index.js';
import { BatchNorm1d, BatchNorm2d } from '../../src/nn/index.js';

const arr = (t: Tensor): number[] => Array.from(t.toArray());
const close = (got: number[], want: number[], tol = 1e-5): void => {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) <= tol, `element ${i}: ${g} vs ${want[i]}`));
};
const EPS = 1e-5;

test('BatchNorm1d in training normalises with batch statistics and updates the running ones', () => {
  const bn = new BatchNorm1d(2);
  // Channel 0: 1, 3 (mean 2, biased var 1, unbiased 2); channel 1: 2, 6 (mean 4, var 4, unbiased 8).
  const x = tensor([[1, 2], [3, 6]]);
  const y = tidy(() => bn.call(x));
  const a = 1 / Math.sqrt(1 + EPS);
  const b = 2 / Math.sqrt(4 + EPS);
  close(arr(y), [-a, -b, a, b]);
  close(arr(bn.runningMean), [0.9 * 0 + 0.1 * 2, 0.1 * 4]);
  close(arr(bn.runningVar), [0.9 * 1 + 0.1 * 2, 0.9 * 1 + 0.1 * 8]);
  // A second step moves them again from where they are.
  tidy(() => bn.call(x));
  close(arr(bn.runningMean), [0.9 * 0.2 + 0.1 * 2, 0.9 * 0.4 + 0.1 * 4]);
  // The buffers are still the registered tensors (updated in place).
  assert.equal(bn.stateDict().get('runningMean'), bn.runningMean);
});

test('BatchNorm1d in eval uses the running statistics and the affine parameters', () => {
  const bn = new BatchNorm1d(2);
  bn.runningMean.view().set([1, -2]);
  bn.runningVar.view().set([4, 0.25]);
  bn.weight!.view().set([2, 1]);
  bn.bias!.view().set([0.5, 0]);
  bn.eval();
  const y = tidy(() => bn.call(tensor([[3, 0], [1, -2]])));
  close(arr(y), [(2 * 2) / Math.sqrt(4 + EPS) + 0.5, 2 / Math.sqrt(0.25 + EPS), 0.5, 0]);
  // Eval leaves the running statistics alone.
  close(arr(bn.runningMean), [1, -2]);
});

test('BatchNorm1d accepts sequences [N, C, L], pooling statistics over N and L', () => {
  const bn = new BatchNorm1d(1);
  tidy(() => bn.call(tensor([1, 2, 3, 6], [2, 1, 2])));
  // mean 3, biased var 3.5, unbiased 14/3
  close(arr(bn.runningMean), [0.3]);
  close(arr(bn.runningVar), [0.9 + 0.1 * (14 / 3)]);
});

test('BatchNorm2d pools statistics over N, H and W', () => {
  const bn = new BatchNorm2d(2);
  // [N=2, C=2, H=1, W=2]; channel 0 holds 1, 3, 5, 7; channel 1 holds 0, 0, 4, 4.
  const x = tensor([1, 3, 0, 0, 5, 7, 4, 4], [2, 2, 1, 2]);
  const y = tidy(() => bn.call(x));
  const s0 = Math.sqrt(5 + EPS); // values 1,3,5,7: mean 4, var 5
  const s1 = Math.sqrt(4 + EPS); // values 0,0,4,4: mean 2, var 4
  close(arr(y), [-3 / s0, -1 / s0, -2 / s1, -2 / s1, 1 / s0, 3 / s0, 2 / s1, 2 / s1]);
  close(arr(bn.runningMean), [0.4, 0.2]);
  close(arr(bn.runningVar), [0.9 + 0.1 * (20 / 3), 0.9 + 0.1 * (16 / 3)]);
});

test('batch-norm gradients reach weight and bias; bad inputs are named', () => {
  const bn = new BatchNorm1d(2);
  tidy(() => bn.call(tensor([[1, 2], [3, 6], [0, 1]])).mul(tensor([[1, 0], [2, 0], [0, 1]])).sum().backward());
  assert.ok(bn.weight!.grad && bn.bias!.grad);
  // d/dβ of Σ y·g = Σ over the batch of g: [3, 1].
  close(arr(bn.bias!.grad), [3, 1]);
  assert.throws(() => bn.call(tensor([[1, 2]])), /BatchNorm1d: training needs more than one value per channel/);
  assert.throws(() => bn.call(tensor([[1, 2, 3], [1, 2, 3]])), /BatchNorm1d: input has 3 channels, expected 2/);
  assert.throws(() => new BatchNorm2d(2).call(tensor([[1, 2]])), /BatchNorm2d: input has shape \[1, 2\] \(rank 2\), expected \[N, 2, H, W\]/);
});
