/** The window-set shape check every window metric runs at its entry point. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { windowSet } from '../../../src/generative/metrics/index.js';

test('windowSet wraps data of count × channels × length values without copying', () => {
  const data = new Float32Array(2 * 3 * 4);
  const set = windowSet(data, 2, 3, 4);
  assert.equal(set.data, data);
  assert.deepEqual([set.count, set.channels, set.length], [2, 3, 4]);
});

test('windowSet names the field that is wrong and what was expected', () => {
  assert.throws(() => windowSet(new Float32Array(23), 2, 3, 4), /windowSet: data has 23 values; expected count × channels × length = 2 × 3 × 4 = 24/);
  assert.throws(() => windowSet(new Float32Array(0), 0, 3, 4), /windowSet: count must be an integer >= 1, got 0/);
  assert.throws(() => windowSet(new Float64Array(6), 2, 1.5, 2), /windowSet: channels must be an integer >= 1, got 1.5/);
  const bad = new Float64Array(2 * 3 * 4);
  bad[1 * 12 + 2 * 4 + 3] = NaN; // window 1, channel 2, sample 3
  assert.throws(() => windowSet(bad, 2, 3, 4), /not finite at window 1, channel 2, sample 3/);
  const plainArray = [1, 2] as unknown as Float32Array;
  assert.throws(() => windowSet(plainArray, 1, 1, 2), /windowSet: data must be a Float32Array or Float64Array/);
});
