import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slidingWindows, windowCount } from '../../src/data/windows.js';

// T = 5 steps, C = 2 channels, value = 10 t + c, time-major [T, C].
const series = Float32Array.from([0, 1, 10, 11, 20, 21, 30, 31, 40, 41]);

test('slidingWindows transposes each window to channels-first [C, L]', () => {
  const w = slidingWindows(series, 2, 3, 1);
  assert.equal(w.count, 3);
  assert.deepEqual(w.shape, [3, 2, 3]);
  assert.deepEqual(
    [...w.data],
    [0, 10, 20, 1, 11, 21, /* window 1 */ 10, 20, 30, 11, 21, 31, /* window 2 */ 20, 30, 40, 21, 31, 41],
  );
});

test('slidingWindows honours the stride and drops an incomplete tail', () => {
  const w = slidingWindows(series, 2, 2, 2);
  assert.equal(w.count, 2); // starts 0 and 2; a window at 4 would need step 5
  assert.deepEqual([...w.data], [0, 10, 1, 11, 20, 30, 21, 31]);
  assert.equal(slidingWindows(series, 2, 6, 1).count, 0);
  assert.equal(slidingWindows(series, 2, 5, 3).count, 1);
});

test('windowCount matches the closed form', () => {
  assert.equal(windowCount(1000, 26, 13), 75);
  assert.equal(windowCount(26, 26, 13), 1);
  assert.equal(windowCount(25, 26, 13), 0);
  assert.equal(windowCount(0, 1, 1), 0);
});

test('slidingWindows rejects a series that is not [T, C] and non-positive sizes', () => {
  assert.throws(() => slidingWindows(series, 3, 2, 1), /10 values, not a multiple of channels = 3/);
  assert.throws(() => slidingWindows(series, 2, 0, 1), /windowLength must be a positive integer, got 0/);
  assert.throws(() => slidingWindows(series, 2, 2, 1.5), /stride must be a positive integer, got 1.5/);
});
