/** standardiseWindows: per-channel mean and (population) standard deviation of the reference set, applied to others unchanged. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromParameters, standardiseWindows } from '../../../src/generative/datasets/standardise.js';

// Two windows, two channels, three samples: channel 0 holds 1..6, channel 1 is constant 5.
const reference = { data: Float32Array.from([1, 2, 3, 5, 5, 5, 4, 5, 6, 5, 5, 5]), count: 2, channels: 2, length: 3 };

test('statistics per channel over every window and sample; a constant channel gets std 1', () => {
  const s = standardiseWindows(reference);
  // Channel 0: mean 3.5, population variance (6.25 + 2.25 + 0.25) · 2 / 6 = 17.5 / 6.
  assert.deepEqual(s.parameters.mean, [3.5, 5]);
  assert.ok(Math.abs(s.parameters.std[0]! - Math.sqrt(17.5 / 6)) < 1e-12);
  assert.equal(s.parameters.std[1], 1);
  const z = s.apply(reference);
  const sd = Math.sqrt(17.5 / 6);
  const want = [1, 2, 3, 4, 5, 6].map((v) => (v - 3.5) / sd);
  assert.deepEqual(Array.from(z.data.subarray(0, 3)).map((v) => +v.toFixed(5)), want.slice(0, 3).map((v) => +v.toFixed(5)));
  assert.deepEqual(Array.from(z.data.subarray(6, 9)).map((v) => +v.toFixed(5)), want.slice(3).map((v) => +v.toFixed(5)));
  assert.deepEqual(Array.from(z.data.subarray(3, 6)), [0, 0, 0]);
  assert.deepEqual({ ...z, data: undefined }, { ...reference, data: undefined });
  assert.notEqual(z.data, reference.data, 'a copy');
});

test('other sets use the reference statistics; invert undoes apply', () => {
  const s = standardiseWindows(reference);
  const other = { data: Float32Array.from([3.5, 3.5, 3.5, 6, 7, 4]), count: 1, channels: 2, length: 3 };
  assert.deepEqual(Array.from(s.apply(other).data), [0, 0, 0, 1, 2, -1]);
  const back = s.invert(s.apply(other));
  other.data.forEach((v, i) => assert.ok(Math.abs(back.data[i]! - v) < 1e-5));
  const fixed = fromParameters({ mean: [1, -1], std: [2, 0.5] }, 2, 3);
  assert.deepEqual(Array.from(fixed.apply(other).data), [1.25, 1.25, 1.25, 14, 16, 10]);
});

test('shape mismatches are refused', () => {
  const s = standardiseWindows(reference);
  assert.throws(() => s.apply({ data: new Float32Array(4), count: 1, channels: 2, length: 2 }), /windows are \[2, 2\], the statistics are for \[2, 3\]/);
  assert.throws(() => fromParameters({ mean: [0], std: [1, 1] }, 2, 3), /1 means and 2 deviations for 2 channels/);
});
