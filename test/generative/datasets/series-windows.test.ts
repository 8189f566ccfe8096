/** windowsAt and decimateSeries on hand-computed arrays. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimateSeries, windowsAt } from '../../../src/generative/datasets/series-windows.js';

test('windowsAt cuts one-channel windows at the given starts, in their order', () => {
  const series = Float32Array.from([0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(windowsAt(series, [4, 0, 1], 3), { data: Float32Array.from([4, 5, 6, 0, 1, 2, 1, 2, 3]), count: 3, channels: 1, length: 3 });
  assert.deepEqual(windowsAt(series, [0], 7).data, series);
});

test('windowsAt refuses a window that leaves the series', () => {
  const series = new Float32Array(7);
  assert.throws(() => windowsAt(series, [0, 5], 3), /a window of 3 at 5 runs outside the series \(7 readings\)/);
  assert.throws(() => windowsAt(series, [-1], 3), /at -1 runs outside/);
  assert.throws(() => windowsAt(series, [1.5], 3), /at 1\.5 runs outside/);
});

test('decimateSeries averages runs of factor readings and drops a trailing partial run', () => {
  assert.deepEqual(decimateSeries([1, 3, 5, 7, 9, 11, 100], 2), Float32Array.from([2, 6, 10]));
  assert.deepEqual(decimateSeries(Float64Array.from([1, 2, 4, 8]), 4), Float32Array.from([3.75]));
  assert.deepEqual(decimateSeries([1, 2, 3], 4), new Float32Array(0));
  assert.deepEqual(decimateSeries([1, 2], 1), Float32Array.from([1, 2]));
  assert.throws(() => decimateSeries([1, 2], 0), /factor must be a positive integer, got 0/);
});
