/**
 * The reference backend as a Backend: memory accounting, typed views at
 * element offsets inside shared buffers, and run() going through views to
 * the kernel table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelTensor } from '../../src/engine/backend.js';
import { createReferenceBackend, ReferenceBackend } from '../../src/engine/backends/reference/backend.js';

test('alloc, free and memoryBytes account for every buffer; double free is an error', () => {
  const b = createReferenceBackend();
  assert.equal(b.name, 'reference');
  assert.deepEqual(b.capabilities, { simd: false, threads: false, int8: true, float64: true });
  const h1 = b.alloc(64), h2 = b.alloc(16);
  assert.equal(b.memoryBytes(), 80);
  b.free(h1);
  assert.equal(b.memoryBytes(), 16);
  assert.throws(() => b.free(h1), /not live here/);
  assert.throws(() => b.free({}), /reference backend: free needs a handle/);
  assert.throws(() => b.alloc(-1), /non-negative integer/);
  b.free(h2);
  assert.equal(b.memoryBytes(), 0);
});

test('view gives the dtype at an element offset and rejects out-of-range views', () => {
  const b = new ReferenceBackend();
  const h = b.alloc(32);
  const f64 = b.view({ handle: h, dtype: 'float64', shape: [2], offset: 2, size: 2 });
  assert.ok(f64 instanceof Float64Array);
  assert.equal(f64.byteOffset, 16);
  f64[0] = 1.5;
  const f32 = b.view({ handle: h, dtype: 'float32', shape: [8], offset: 0, size: 8 });
  assert.equal(f32.length, 8);
  assert.throws(() => b.view({ handle: h, dtype: 'float64', shape: [3], offset: 2, size: 3 }), /exceeds the 32-byte buffer/);
});

test('run reads inputs and writes the output through views at their offsets', () => {
  const b = new ReferenceBackend();
  const h = b.alloc(4 * 8);
  const a: KernelTensor = { handle: h, dtype: 'float32', shape: [2], offset: 1, size: 2 };
  const c: KernelTensor = { handle: h, dtype: 'float32', shape: [2], offset: 3, size: 2 };
  const out: KernelTensor = { handle: h, dtype: 'float32', shape: [2], offset: 6, size: 2 };
  b.view({ handle: h, dtype: 'float32', shape: [8], offset: 0, size: 8 }).set([9, 1, 2, 3, 4, 9, 0, 0]);
  b.run('mul', [a, c], out, {});
  assert.deepEqual([...b.view({ handle: h, dtype: 'float32', shape: [8], offset: 0, size: 8 })], [9, 1, 2, 3, 4, 9, 3, 8]);
});

test('checkShapes re-runs the shape rule and rejects a mis-shaped output', () => {
  const b = new ReferenceBackend({ checkShapes: true });
  const h = b.alloc(64);
  const x: KernelTensor = { handle: h, dtype: 'float32', shape: [2, 3], offset: 0, size: 6 };
  const bad: KernelTensor = { handle: h, dtype: 'float32', shape: [3], offset: 8, size: 3 };
  assert.throws(() => b.run('sum', [x], bad, { axes: [1], keepDims: false }), /^RangeError: sum: output is float32 \[3\] but the shape rule gives float32 \[2\]/);
  assert.throws(() => b.run('add', [x], bad, {}), /^TypeError: add: expected 2 input/);
});
