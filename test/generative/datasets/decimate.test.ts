/** decimateWindows: the mean of each run of `factor` samples, per row, on hand-computed arrays. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimateWindows } from '../../../src/generative/datasets/decimate.js';

test('each output sample is the mean of factor inputs, row by row', () => {
  const data = Float32Array.from([1, 3, 5, 7, 2, 2, -4, 10, 0, 1, 2, 3]);
  assert.deepEqual(decimateWindows(data, 2, 6, 2), { data: Float32Array.from([2, 6, 2, 3, 0.5, 2.5]), length: 3 });
  assert.deepEqual(decimateWindows(data, 2, 6, 3), { data: Float32Array.from([3, 11 / 3, 2, 2]), length: 2 });
  assert.deepEqual(decimateWindows(data, 3, 4, 4), { data: Float32Array.from([4, 2.5, 1.5]), length: 1 });
});

test('factor 1 is a copy; a sinusoid at the new Nyquist rate is removed, not aliased', () => {
  const data = Float32Array.from([0.5, -1, 2, 8]);
  const same = decimateWindows(data, 1, 4, 1);
  assert.deepEqual(same, { data, length: 4 });
  assert.notEqual(same.data, data, 'a new array');
  // +1, −1, ... decimated by 2 is exactly 0 (a plain pick-every-other would give all +1).
  assert.deepEqual(decimateWindows(Float32Array.from([1, -1, 1, -1, 1, -1]), 1, 6, 2).data, new Float32Array(3));
});

test('bad factors and shapes are refused, naming what was expected', () => {
  const data = new Float32Array(12);
  assert.throws(() => decimateWindows(data, 2, 6, 0), /factor must be a positive integer, got 0/);
  assert.throws(() => decimateWindows(data, 2, 6, 1.5), /factor must be a positive integer, got 1\.5/);
  assert.throws(() => decimateWindows(data, 2, 6, 4), /window length \(6\) must be a multiple of the factor \(4\)/);
  assert.throws(() => decimateWindows(data, 3, 6, 2), /12 values is not 3 rows × 6/);
});
