/**
 * The per-call path of modules after its costs were moved to construction:
 * a Sequential's cached child list follows replaceChild and append made
 * after a call, hooks added after hook-free calls still run, BatchNorm
 * normalises each accepted rank over the right axes, and Linear keeps the
 * leading axes of a rank-3 input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, tensor, tidy, type Tensor } from '../../src/engine/index.js';
import { BatchNorm1d, BatchNorm2d, Identity, Linear, ReLU, Sequential, type Module } from '../../src/nn/index.js';

function values(m: Module, x: Tensor): number[] {
  return tidy(() => noGrad(() => Array.from(m.call(x).toArray())));
}

test('a Sequential runs a layer swapped in or appended after it has been called', () => {
  const seq = new Sequential({ a: new Identity(), b: new Identity() });
  const x = tensor([[1, -2, 3]]);
  assert.deepEqual(values(seq, x), [1, -2, 3]);
  seq.replaceChild('b', new ReLU());
  assert.deepEqual(values(seq, x), [1, 0, 3], 'the replacement runs');
  seq.append(new Linear(3, 1, { bias: false }), 'fc');
  const fc = seq.at(-1) as Linear;
  fc.weight.view().set([1, 10, 100]);
  assert.equal(seq.length, 3);
  assert.deepEqual(values(seq, x), [301], 'the appended layer runs');
});

test('hooks added after hook-free calls see the next call, and stop when removed', () => {
  const relu = new ReLU();
  const seq = new Sequential([relu]);
  const x = tensor([[-1, 2]]);
  values(seq, x);
  const seen: string[] = [];
  const remove = relu.addHooks({ pre: () => seen.push('pre'), post: (_m, _x, y) => seen.push(`post ${formatValues(y)}`) });
  values(seq, x);
  assert.deepEqual(seen, ['pre', 'post 0,2']);
  remove();
  values(seq, x);
  assert.equal(seen.length, 2);
});

function formatValues(t: Tensor): string {
  return Array.from(t.toArray()).join(',');
}

test('BatchNorm1d takes [N, C] and [N, C, L] in one layer, each normalised per channel over the other axes', () => {
  const bn = new BatchNorm1d(2, { eps: 1e-5, momentum: 0 });
  // [N=2, C=2]: channel 0 holds 1, 3 (mean 2, var 1); channel 1 holds 10, 30 (mean 20, var 100).
  const y2 = values(bn, tensor([[1, 10], [3, 30]]));
  const s = (v: number) => 1 / Math.sqrt(v + 1e-5);
  const close = (got: number[], want: number[]) => got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) < 1e-5, `element ${i}: ${g} vs ${want[i]}`));
  close(y2, [-s(1), -10 * s(100), s(1), 10 * s(100)]);
  // [N=1, C=2, L=2]: the same values laid along L.
  const y3 = values(bn, tensor([[[1, 3], [10, 30]]]));
  close(y3, [-s(1), s(1), -10 * s(100), 10 * s(100)]);
  bn.eval();
  // Running statistics untouched (momentum 0): mean 0, var 1.
  close(values(bn, tensor([[[1, 3], [10, 30]]])), [1, 3, 10, 30].map((v) => v * s(1)));
  assert.throws(() => bn.call(tensor([[[[1]]]])), /BatchNorm1d: input has shape \[1, 1, 1, 1\] \(rank 4\), expected \[N, 2\] or \[N, 2, L\]/);
  assert.throws(() => new BatchNorm2d(2).call(tensor([[1, 2]])), /BatchNorm2d: input has shape \[1, 2\] \(rank 2\), expected \[N, 2, H, W\]/);
});

test('Linear on [N, T, in] gives [N, T, out], each vector mapped alone', () => {
  const fc = new Linear(2, 1);
  fc.weight.view().set([1, 10]);
  fc.bias!.view().set([0.5]);
  const x = tensor([[[1, 2], [3, 4], [5, 6]], [[0, 0], [1, 0], [0, 1]]]);
  const y = tidy(() => noGrad(() => {
    const out = fc.call(x);
    return { shape: [...out.shape], v: Array.from(out.toArray()) };
  }));
  assert.deepEqual(y.shape, [2, 3, 1]);
  assert.deepEqual(y.v, [21.5, 43.5, 65.5, 0.5, 1.5, 10.5]);
});
