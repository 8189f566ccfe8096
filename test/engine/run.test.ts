/**
 * The contract of runPrimitive's fast paths (run.ts, tensor.ts, shape-checks.ts):
 * results do not depend on whether gradients are recorded; shapes are frozen,
 * shared only when frozen, and never taken from a caller's parameters; tensors
 * are their own kernel descriptors; the profile and trace hooks still see
 * every primitive; and the list checks still name the entry at fault.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../../src/engine/index.js';
import { getBackend, noGrad, Rng, runPrimitive, tensor, tidy, type Tensor } from '../../src/engine/index.js';
import { inferOutput } from '../../src/engine/shape-rules.js';

const ref = getBackend('reference');

/** A small conv -> bias -> relu -> pool -> dense chain touching views, broadcasts and reductions. */
function forward(x: Tensor, w: Tensor, b: Tensor, d: Tensor): Tensor {
  const y = E.relu(E.add(E.conv1d(x, w, { pad: 'same' }), E.reshape(b, [1, -1, 1])));
  return E.matmul(E.mean(y, 2), d);
}

function params(backend: E.Backend): Tensor[] {
  const rng = new Rng(7);
  return [[2, 3, 9], [4, 3, 3], [4], [4, 2]].map((shape) => E.randn(shape, rng, 1, 0, 'float32', backend));
}

for (const name of ['reference', 'wasm']) {
  test(`${name}: a forward pass gives the same values with gradients on, off and under noGrad`, (t) => {
    let backend: E.Backend;
    try {
      backend = getBackend(name);
    } catch {
      t.skip(`no ${name} backend here`);
      return;
    }
    const [x, w, b, d] = params(backend) as [Tensor, Tensor, Tensor, Tensor];
    const plain = tidy(() => forward(x, w, b, d).toArray());
    const silent = tidy(() => noGrad(() => forward(x, w, b, d)).toArray());
    for (const p of [w, b, d]) p.requiresGrad = true;
    let recorded: Tensor | undefined;
    const tracked = tidy(() => {
      const out = forward(x, w, b, d);
      recorded = out;
      assert.ok(out.requiresGrad && out.node !== null, 'an input requiring grad records the node');
      const ungraded = noGrad(() => forward(x, w, b, d));
      assert.ok(!ungraded.requiresGrad && ungraded.node === null, 'noGrad records nothing');
      assert.deepEqual(ungraded.toArray(), out.toArray());
      return out.toArray();
    });
    assert.ok(recorded!.disposed);
    assert.deepEqual(tracked, plain);
    assert.deepEqual(silent, plain);
    const bare = tidy(() => E.add(x, 1));
    assert.ok(!bare.requiresGrad && bare.node === null, 'no input requiring grad: no node');
  });
}

test('shapes are frozen; frozen shapes are shared, others copied', () => {
  const dims = [2, 3];
  const a = tensor(new Float32Array(6), dims, 'float32', ref);
  dims[0] = 99;
  assert.deepEqual(a.shape, [2, 3], 'the caller may reuse its array');
  assert.ok(Object.isFrozen(a.shape));
  assert.throws(() => {
    (a.shape as number[])[0] = 5;
  }, TypeError);
  const v = a.viewAs(a.shape);
  assert.equal(v.shape, a.shape, 'a frozen shape is shared, not copied');
  const sum = E.add(a, a);
  assert.ok(Object.isFrozen(sum.shape));
  assert.notEqual(sum.shape, a.shape);
});

test('a primitive never freezes or keeps the arrays in its parameters', () => {
  const x = tensor(new Float32Array(6), [2, 3], 'float32', ref);
  const target = [3, 2];
  const r = runPrimitive('reshape', [x], { shape: target });
  assert.ok(!Object.isFrozen(target));
  assert.notEqual(r.shape, target);
  target[0] = 6;
  assert.deepEqual(r.shape, [3, 2]);
  const big = [4, 2, 3];
  const e = runPrimitive('expand', [x], { shape: big });
  assert.ok(!Object.isFrozen(big));
  assert.notEqual(e.shape, big);
  // A rule's output stays the caller's to change when the rule is called directly.
  const spec = inferOutput('add', [x, x], {});
  spec.shape[0] = 7;
  assert.deepEqual(x.shape, [2, 3]);
});

test('a tensor is its own kernel descriptor until it is disposed', () => {
  const a = tensor(new Float32Array([1, 2, 3, 4]), [2, 2], 'float32', ref);
  const k = a.kernel;
  assert.equal(k.handle, a.storage.handle);
  assert.deepEqual([k.dtype, k.shape, k.offset, k.size], ['float32', [2, 2], 0, 4]);
  const row = E.slice(a, [1]);
  assert.equal(row.kernel.offset, 2);
  assert.deepEqual(Array.from(ref.view(row.kernel)), [3, 4]);
  a.dispose();
  assert.throws(() => a.kernel, /was used after dispose\(\)/);
});

test('profile and trace hooks see every primitive, views included', () => {
  const x = tensor(new Float32Array([1, -2, 3, -4]), [2, 2], 'float32', ref);
  const seen: string[] = [];
  const { profile } = E.profilePrimitives(() => E.tracePrimitives((prim) => seen.push(prim), () => tidy(() => {
    E.relu(E.add(x, x)).reshape([4]).sum();
  })));
  assert.deepEqual(seen, ['add', 'relu', 'reshape', 'sum']);
  // The view runs no kernel, so the profile counts the other three.
  assert.deepEqual([...profile.byPrimitive.keys()].sort(), ['add', 'relu', 'sum']);
  for (const e of profile.byPrimitive.values()) assert.equal(e.calls, 1);
});

test('list parameters are checked entry by entry, naming the entry at fault', () => {
  const x = { shape: [1, 2, 5, 5], dtype: 'float32' as const };
  const w = { shape: [3, 2, 3, 3], dtype: 'float32' as const };
  const conv = { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 } as const;
  assert.throws(() => inferOutput('conv2d', [x, w], { ...conv, stride: [1, 0] }), /^RangeError: conv2d: stride\[1\] must be >= 1, got 0$/);
  assert.throws(() => inferOutput('conv2d', [x, w], { ...conv, pad: [0, 0, 1.5, 0] }), /^TypeError: conv2d: pad\[2\] must be an integer, got 1\.5$/);
  assert.throws(() => inferOutput('conv2d', [x, w], { ...conv, dilation: [1] as unknown as [number, number] }), /conv2d: dilation must have 2 entries, got 1 \(\[1\]\)/);
  assert.throws(() => inferOutput('pad', [x], { pads: [[0, 0], [0, 0], [0, -1], [0, 0]], value: 0 }), /pad: pads\[2\]\[1\] must be >= 0, got -1/);
  assert.throws(() => inferOutput('permute', [x], { perm: [0, 1, 1, 3] }), /permute: perm \[0, 1, 1, 3\] is not a permutation/);
  assert.throws(() => inferOutput('permute', [x], { perm: [0, 1, 2, 4] }), /permute: perm \[0, 1, 2, 4\] is not a permutation/);
  assert.deepEqual(inferOutput('permute', [x], { perm: [3, 2, 0, 1] }).shape, [5, 5, 1, 2]);
  const acc = { shape: [1, 3], dtype: 'int32' as const };
  const rq = { multiplier: [1, 2, 3], shift: [0], zeroPoint: 0, min: -128, max: 127, outDtype: 'int8' as const, axis: 1, rounding: 'double' as const };
  assert.throws(() => inferOutput('requantize', [acc], { ...rq, multiplier: [1, -2, 3] }), /requantize: multiplier\[1\] must be in \[0, 2147483647\], got -2/);
  assert.throws(() => inferOutput('requantize', [acc], { ...rq, shift: [0, 0.5, 0] }), /requantize: shift\[1\] must be an integer, got 0\.5/);
});

test('reductions accept axes in any order, with repeats and negatives, as a sorted set', () => {
  const x = tensor(new Float32Array(24).map((_, i) => i), [2, 3, 4], 'float32', ref);
  const want = E.sum(x, [0, 2]).toArray();
  assert.deepEqual(E.sum(x, [2, 0]).toArray(), want);
  assert.deepEqual(E.sum(x, [-1, 0, 2]).toArray(), want);
  assert.deepEqual(E.sum(x, [0, 1, 2]).shape, []);
  assert.deepEqual(E.normalizeAxes([2, -3, 2], 3, 'test'), [0, 2]);
  assert.throws(() => E.normalizeAxes([3], 3, 'test'), /test: axis 3 is out of range for a tensor of rank 3/);
});
