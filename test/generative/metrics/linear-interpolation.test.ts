/** Linear interpolation over missing runs of a [channels, length] window. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropoutMask, linearInterpolate, maskedErrors } from '../../../src/generative/metrics/index.js';

test('exact on a linear ramp, each channel on its own, missing values never read', () => {
  // Channel 0: 2t + 1; channel 1: 3 − 0.5t; length 8. Different gaps per channel.
  const length = 8;
  const truth = new Float64Array(2 * length);
  for (let t = 0; t < length; t++) {
    truth[t] = 2 * t + 1;
    truth[length + t] = 3 - 0.5 * t;
  }
  const mask = new Uint8Array(2 * length);
  for (const i of [2, 3, 4, length + 1, length + 5, length + 6]) mask[i] = 1;
  const holed = truth.map((v, i) => (mask[i] === 1 ? NaN : v));
  const filled = linearInterpolate(holed, 2, mask);
  assert.ok(filled instanceof Float64Array);
  for (let i = 0; i < truth.length; i++) assert.ok(Math.abs(filled[i]! - truth[i]!) < 1e-12, `entry ${i}: ${filled[i]} vs ${truth[i]}`);
  assert.ok(Number.isNaN(holed[2]!), 'the input is not modified');
});

test('runs at the edges hold the one observed neighbour; Float32Array in, Float32Array out', () => {
  const values = new Float32Array([NaN, NaN, 4, 6, NaN, 10, NaN]);
  const filled = linearInterpolate(values, 1, [1, 1, 0, 0, 1, 0, 1]);
  assert.ok(filled instanceof Float32Array);
  assert.deepEqual(Array.from(filled), [4, 4, 4, 6, 8, 10, 10]);
});

test('dropout gaps on a ramp interpolate with zero masked error', () => {
  const length = 120;
  const channels = 3;
  const truth = Float64Array.from({ length: channels * length }, (_, i) => (Math.floor(i / length) + 1) * 0.25 * (i % length) - 7);
  const { mask } = dropoutMask(length, channels, { gapLengths: [2, 15], missingFraction: 0.25, seed: 9 });
  const errors = maskedErrors(truth, linearInterpolate(truth, channels, mask), mask);
  assert.ok(errors.count >= 0.25 * length * channels - 2 * channels && errors.count <= 0.25 * length * channels);
  assert.ok(errors.mae < 1e-12 && errors.rmse < 1e-12, `${errors.mae}, ${errors.rmse}`);
});

test('a sine is not linear: the interpolation error is the chord error, checked by hand', () => {
  // Samples of sin(πt/2): 0, 1, 0, −1, 0. Dropping sample 1 fills it with (0 + 0)/2 = 0: error 1.
  const filled = linearInterpolate(new Float64Array([0, 1, 0, -1, 0]), 1, [0, 1, 0, 0, 0]);
  assert.deepEqual(maskedErrors([0, 1, 0, -1, 0], filled, [0, 1, 0, 0, 0]), { mae: 1, rmse: 1, count: 1 });
});

test('linearInterpolate refuses a channel with nothing observed, bad shapes and non-finite observed values', () => {
  assert.throws(() => linearInterpolate(new Float64Array([1, 2, 3, 4]), 2, [0, 0, 1, 1]), /channel 1 has no observed sample/);
  assert.throws(() => linearInterpolate(new Float64Array([1, 2, 3]), 2, [0, 0, 0]), /values has 3 entries; expected a non-empty multiple of channels = 2/);
  assert.throws(() => linearInterpolate(new Float64Array([1, 2]), 1, [0]), /mask has 1 entries but values has 2/);
  assert.throws(() => linearInterpolate(new Float64Array([1, NaN, 3]), 1, [0, 0, 1]), /values\[1\] \(channel 0, sample 1\) is observed but not finite/);
  assert.throws(() => linearInterpolate([1, 2] as unknown as Float64Array, 1, [0, 0]), /values must be a Float32Array or Float64Array/);
});
