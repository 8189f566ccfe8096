/** Unflatten: [N, F] → [N, ...shape] in row-major order, its gradient, its checks, and its (empty) cost. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, tidy, zeros } from '../../src/engine/index.js';
import { Flatten, Linear, Sequential, summarize, Unflatten, Upsample } from '../../src/nn/index.js';

test('Unflatten splits the feature axis in row-major order, as PyTorch nn.Unflatten(1, shape)', () => {
  const x = tensor(Array.from({ length: 2 * 12 }, (_, i) => i), [2, 12]);
  const y = new Unflatten([3, 4]).call(x);
  assert.deepEqual(y.shape, [2, 3, 4]);
  assert.deepEqual(Array.from(y.toArray()), Array.from(x.toArray()), 'no element moves');
  // Element [n, c, l] is feature c·4 + l of sample n.
  assert.equal(y.toArray()[1 * 12 + 2 * 4 + 1], 12 + 9);
  assert.deepEqual(new Unflatten([2, 3, 2]).call(x).shape, [2, 2, 3, 2]);
  assert.deepEqual(new Flatten().call(new Unflatten([3, 4]).call(x)).toArray(), x.toArray(), 'Flatten undoes it');
});

test('the gradient passes through unchanged', () => {
  const x = tensor(Array.from({ length: 6 }, (_, i) => i / 2), [1, 6]);
  x.requiresGrad = true;
  tidy(() => new Unflatten([2, 3]).call(x).mul(tensor([0, 1, 2, 3, 4, 5], [1, 2, 3])).sum().backward());
  assert.deepEqual(Array.from(x.grad!.toArray()), [0, 1, 2, 3, 4, 5]);
});

test('bad shapes are refused naming the argument; a wrong input names the layer and both shapes', () => {
  for (const bad of [[], [3, 0], [2.5], [-1, 4]]) {
    assert.throws(() => new Unflatten(bad), /Unflatten: shape must be a non-empty list of positive integers \(the sizes after the batch axis\), got \[/);
  }
  assert.throws(() => new Unflatten('3x4' as unknown as number[]), (e: unknown) => e instanceof TypeError && /Unflatten: shape must be an array of sizes after the batch axis, got string/.test(e.message));
  const model = new Sequential({ fc: new Linear(4, 10), unflatten: new Unflatten([3, 4]) });
  assert.throws(() => model.call(zeros([2, 4])), /Unflatten "unflatten": input has shape \[2, 10\], expected \[N, 12\] to unflatten to \[N, 3, 4\]/);
  assert.throws(() => new Unflatten([3, 4]).call(zeros([2, 3, 4])), /Unflatten: input has shape \[2, 3, 4\], expected \[N, 12\]/);
});

test('the summary counts no MACs and no ops for Unflatten, as for Flatten', () => {
  const s = summarize(new Sequential({ fc: new Linear(4, 12), unflatten: new Unflatten([3, 4]), up: new Upsample(2), flatten: new Flatten() }), [4]);
  const row = s.layers.find((l) => l.name === 'unflatten')!;
  assert.deepEqual([row.type, row.inputShape, row.outputShape, row.macs, row.ops, row.params], ['Unflatten', [12], [3, 4], 0, 0, 0]);
  assert.equal(row.activationBytes, 12 * 4);
  assert.equal(s.totalMacs, 4 * 12);
});
