/**
 * Scope bookkeeping (scope.ts): each tensor belongs to at most one open scope,
 * leaves it on dispose or keep, and moves to the enclosing scope when it
 * survives a tidy. These cases pin the lifetimes the list-based scopes must
 * give: nested survivors, keep from a nested scope, long scopes that dispose
 * most of what they make (the lists compact), errors and Promises.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../../src/engine/index.js';
import { getBackend, keep, memoryStats, scopeDepth, tensor, tidy, type Tensor } from '../../src/engine/index.js';

const ref = getBackend('reference');
const t32 = (data: number[]) => tensor(new Float32Array(data), [data.length], 'float32', ref);

test('a tensor surviving an inner tidy belongs to the outer one and is disposed when it closes', () => {
  let inner: Tensor | undefined;
  let dropped: Tensor | undefined;
  const out = tidy(() => {
    inner = tidy(() => {
      dropped = t32([1, 2]);
      return dropped.add(1);
    });
    assert.ok(dropped!.disposed, 'the inner scope disposed what it did not return');
    assert.ok(!inner.disposed, 'the survivor is alive inside the outer scope');
    return inner.mul(2);
  });
  assert.ok(inner!.disposed, 'the outer scope disposed the inner survivor');
  assert.deepEqual(Array.from(out.toArray()), [4, 6]);
  out.dispose();
});

test('keep() inside a nested tidy takes the tensor out of every scope', () => {
  let kept: Tensor | undefined;
  tidy(() => {
    tidy(() => {
      kept = keep(t32([7]));
    });
  });
  assert.ok(!kept!.disposed);
  assert.equal(kept!.item(), 7);
  kept!.dispose();
});

test('a scope that disposes most of what it makes still disposes the rest, and frees every byte', () => {
  const before = memoryStats().liveBytes;
  const early: Tensor[] = [];
  let result: Tensor | undefined;
  const returned = tidy(() => {
    // Live tensors made before and after thousands of short-lived ones (enough to compact the list several times).
    for (let i = 0; i < 5; i++) early.push(t32([i]));
    let acc = t32([0]);
    for (let i = 0; i < 3000; i++) {
      const next = acc.add(1);
      acc.dispose();
      acc = next;
    }
    result = acc;
    return { acc, list: [early[4]!] };
  });
  assert.equal(returned.acc, result);
  assert.equal(returned.acc.item(), 3000);
  for (let i = 0; i < 4; i++) assert.ok(early[i]!.disposed, `early tensor ${i} was disposed when the scope closed`);
  assert.ok(!early[4]!.disposed, 'a tensor reachable from the result survives');
  returned.acc.dispose();
  early[4]!.dispose();
  assert.equal(memoryStats().liveBytes, before);
});

test('a throwing function disposes its scope and leaves the stack as it was', () => {
  const depth = scopeDepth();
  let made: Tensor | undefined;
  assert.throws(() => tidy(() => {
    made = t32([1]);
    throw new RangeError('boom');
  }), /boom/);
  assert.ok(made!.disposed);
  assert.equal(scopeDepth(), depth);
});

test('a function returning a Promise is refused and its tensors are left to the caller and the collector', () => {
  let made: Tensor | undefined;
  assert.throws(() => tidy(() => {
    made = t32([1]);
    return Promise.resolve(made);
  }), /tidy only supports synchronous functions/);
  assert.ok(!made!.disposed);
  // Out of every scope now: an enclosing tidy does not dispose it.
  tidy(() => E.keep(made!));
  assert.ok(!made!.disposed);
  made!.dispose();
});

test('disposing a tensor inside its scope, then closing the scope, disposes nothing twice', () => {
  const before = memoryStats().liveBytes;
  tidy(() => {
    const a = t32([1, 2, 3]);
    const v = a.reshape([3, 1]);
    a.dispose();
    v.dispose();
    a.dispose();
  });
  assert.equal(memoryStats().liveBytes, before);
});
