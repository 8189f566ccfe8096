/** Engine behaviour: scopes, views, buffer reuse, autograd plumbing and error messages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../../src/engine/index.js';
import { getBackend, memoryStats, Rng, tensor, tidy } from '../../src/engine/index.js';

const ref = getBackend('reference');
const t32 = (data: number[], shape: number[]) => tensor(new Float32Array(data), shape, 'float32', ref);

test('tidy disposes intermediates and keeps what it returns', () => {
  let inner: E.Tensor | undefined;
  const out = tidy(() => {
    const a = t32([1, 2, 3], [3]);
    inner = a.mul(2);
    return inner.add(1);
  });
  assert.ok(inner!.disposed, 'intermediate was disposed');
  assert.ok(!out.disposed);
  assert.deepEqual(Array.from(out.toArray()), [3, 5, 7]);
  out.dispose();
});

test('tidy returns tensors nested in arrays and objects', () => {
  const r = tidy(() => ({ a: t32([1], [1]), list: [t32([2], [1])] }));
  assert.equal(r.a.item(), 1);
  assert.equal(r.list[0]!.item(), 2);
});

test('keep() lets a tensor outlive its scope', () => {
  let kept: E.Tensor | undefined;
  tidy(() => {
    kept = E.keep(t32([4], [1]));
  });
  assert.equal(kept!.item(), 4);
});

test('reshape is a view sharing storage; a leading-axis slice of a constant is a view', () => {
  const a = t32([1, 2, 3, 4, 5, 6], [2, 3]);
  const r = a.reshape([3, 2]);
  assert.equal(r.storage, a.storage);
  const s = E.slice(a, [1]);
  assert.equal(s.storage, a.storage);
  assert.deepEqual(Array.from(s.toArray()), [4, 5, 6]);
  a.dispose();
  assert.deepEqual(Array.from(r.toArray()), [1, 2, 3, 4, 5, 6], 'the view keeps the storage alive');
});

test('using a disposed tensor names the op and the input', () => {
  const a = t32([1], [1]);
  a.dispose();
  assert.throws(() => E.add(a, 1), /add: input 0 was disposed/);
});

test('shape errors name the primitive and the shapes', () => {
  const a = t32([1, 2, 3], [3]);
  const b = t32([1, 2], [2]);
  assert.throws(() => E.add(a, b), /^.*add.*\[3\].*\[2\]/s);
  assert.throws(() => E.matmul(t32([1, 2, 3, 4], [2, 2]), t32([1, 2, 3], [3, 1])), /matmul/);
});

test('the buffer pool serves a repeated computation without new allocations', () => {
  const rng = new Rng(1);
  const w = E.randn([16, 16], rng, 1, 0, 'float32', ref);
  w.requiresGrad = true;
  const step = () =>
    tidy(() => {
      const x = E.randn([8, 16], rng, 1, 0, 'float32', ref);
      const loss = E.relu(x.matmul(w)).sum();
      loss.backward();
      const g = w.grad!;
      w.grad = null;
      g.dispose();
    });
  step();
  step();
  const before = memoryStats().fresh;
  for (let i = 0; i < 50; i++) step();
  assert.equal(memoryStats().fresh, before, 'no block was requested from the backend after warm-up');
});

test('backward accumulates into leaves and its gradients survive tidy', () => {
  const x = t32([1, 2, 3], [3]);
  x.requiresGrad = true;
  tidy(() => x.mul(x).sum().backward());
  assert.deepEqual(Array.from(x.grad!.toArray()), [2, 4, 6]);
  tidy(() => x.sum().backward());
  assert.deepEqual(Array.from(x.grad!.toArray()), [3, 5, 7], 'accumulated');
});

test('the same input used twice gets both contributions (a + a)', () => {
  const x = t32([1, 2], [2]);
  x.requiresGrad = true;
  tidy(() => E.add(x, x).sum().backward());
  assert.deepEqual(Array.from(x.grad!.toArray()), [2, 2]);
});

test('noGrad records nothing', () => {
  const x = t32([1], [1]);
  x.requiresGrad = true;
  const y = E.noGrad(() => x.mul(3));
  assert.equal(y.requiresGrad, false);
  assert.equal(y.node, null);
  assert.throws(() => y.backward(), /does not require grad/);
});

test('backward on a non-scalar without a gradient says what to do', () => {
  const x = t32([1, 2], [2]);
  x.requiresGrad = true;
  assert.throws(() => x.mul(2).backward(), /give an output gradient or reduce it to a scalar/);
});

test('checkNumerics names the first primitive that produced NaN/Inf', () => {
  E.setCheckNumerics(true);
  try {
    assert.throws(() => E.log(t32([-1], [1])), (e: unknown) => e instanceof E.NumericsError && e.prim === 'log');
  } finally {
    E.setCheckNumerics(false);
  }
});

test('tensor() validates data against the shape', () => {
  assert.throws(() => tensor([1, 2, 3], [2, 2]), /3 values cannot fill shape \[2, 2\]/);
  assert.throws(() => tensor([[1, 2], [3]]), /ragged/);
});

test('assign swaps storage in place and checks the shape', () => {
  const p = t32([1, 2], [2]);
  const q = t32([5, 6], [2]);
  p.assign(q);
  assert.deepEqual(Array.from(p.toArray()), [5, 6]);
  assert.throws(() => p.assign(t32([1], [1])), /assign/);
});

test('ops mixing backends are refused with a hint', () => {
  let wasm: E.Backend | undefined;
  try {
    wasm = getBackend('wasm');
  } catch {
    return; // no WASM backend on this machine: nothing to mix
  }
  const a = t32([1], [1]);
  const b = tensor(new Float32Array([1]), [1], 'float32', wasm);
  assert.throws(() => E.add(a, b), /lives on backend/);
});
