/**
 * Sampling windows from a codec: the decoder's mean when no noise is asked
 * for, codes from the sampler given (the prior by default), the class
 * counts asked for in class order, the same windows for the same seed, the
 * residual noise added per class, and arguments refused by name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { priorSampler, type LatentSampler } from '../../../src/generative/synthesis/latent-density.js';
import { sampleWindows } from '../../../src/generative/synthesis/sample-windows.js';
import { fakeCodec } from './fake-codec.js';

const SHAPE = [2, 8] as const;

/** A sampler whose code for the j-th window drawn (class k) is k + j/1000 in every dimension, so a window shows which code it got. */
function labelSampler(latent: number): LatentSampler & { calls: number } {
  let drawn = 0;
  const s = {
    latent,
    calls: 0,
    sample(count: number, labels: readonly number[] | undefined): Float32Array {
      s.calls++;
      const z = Float32Array.from({ length: count * latent }, (_, i) => (labels?.[Math.floor(i / latent)] ?? 0) + (drawn + Math.floor(i / latent)) / 1000);
      drawn += count;
      return z;
    },
  };
  return s;
}

test('without noise the windows are the decoder\'s mean of the sampler\'s codes, in class order with the counts asked for', () => {
  const codec = fakeCodec(2, 3, SHAPE);
  const latents = labelSampler(2);
  const r = sampleWindows(codec, [2, 0, 3], SHAPE, 1, { latents, batchSize: 2 });
  assert.deepEqual([...r.labels], [0, 0, 2, 2, 2]);
  assert.equal(r.windows.count, 5);
  assert.equal(latents.calls, 3);
  for (let w = 0; w < 5; w++) {
    const k = r.labels[w]!;
    // Code value k + w/1000, decoded to that value + 10k in every reading.
    for (let i = 0; i < 16; i++) assert.ok(Math.abs(r.windows.data[w * 16 + i]! - (11 * k + w / 1000)) < 1e-5, `window ${w} reading ${i}: ${r.windows.data[w * 16 + i]}`);
  }
});

test('the prior is the default sampler, and the same seed draws the same windows', () => {
  const codec = fakeCodec(3, 2, SHAPE);
  const a = sampleWindows(codec, 50, SHAPE, 7);
  const b = sampleWindows(codec, 50, SHAPE, 7, { latents: priorSampler(3) });
  assert.deepEqual(a, b);
  assert.notDeepEqual(sampleWindows(codec, 50, SHAPE, 8).windows.data, a.windows.data);
  assert.deepEqual([...a.labels.subarray(48, 52)], [0, 0, 1, 1]);
});

test('noise is added per class on top of the mean, with that class\'s σ', () => {
  const codec = fakeCodec(1, 2, SHAPE);
  const latents: LatentSampler = { latent: 1, sample: (n) => new Float32Array(n) };
  const noise = { std: [[0, 0], [0.5, 2]], lag1: [[0, 0], [0.9, 0]] };
  const r = sampleWindows(codec, 2000, SHAPE, 3, { latents, noise });
  const rms = (k: number, c: number) => {
    let s = 0;
    for (let w = k * 2000; w < (k + 1) * 2000; w++) for (let t = 0; t < 8; t++) s += (r.windows.data[w * 16 + c * 8 + t]! - 10 * k) ** 2;
    return Math.sqrt(s / (2000 * 8));
  };
  assert.equal(rms(0, 0), 0);
  assert.equal(rms(0, 1), 0);
  assert.ok(Math.abs(rms(1, 0) - 0.5) < 0.02 && Math.abs(rms(1, 1) - 2) < 0.06, `σ ${rms(1, 0)}, ${rms(1, 1)}`);
  assert.deepEqual(sampleWindows(codec, 2000, SHAPE, 3, { latents, noise }), r);
});

test('arguments that do not fit are refused by name', () => {
  const codec = fakeCodec(2, 3, SHAPE);
  assert.throws(() => sampleWindows(codec, [1, 2], SHAPE, 1), /sampleWindows: perClass must hold one count per class \(3\), got 2/);
  assert.throws(() => sampleWindows(codec, 0, SHAPE, 1), /perClass must be integers >= 0, not all 0; got 0/);
  assert.throws(() => sampleWindows(codec, [1, -1, 1], SHAPE, 1), /perClass must be integers >= 0/);
  assert.throws(() => sampleWindows(codec, 1, SHAPE, 1, { latents: priorSampler(3) }), /options.latents draws 3-dimensional codes but the codec's latent has 2/);
  assert.throws(() => sampleWindows(codec, 1, SHAPE, 1, { noise: { std: [[1, 1]], lag1: [[0, 2]] } }), /options.noise does not fit 3 class\(es\) of 2 channel\(s\): every lag1 must lie in \[-1, 1\]/);
  assert.throws(() => sampleWindows(codec, 1, SHAPE, 1, { batchSize: 0 }), /options.batchSize must be a positive integer, got 0/);
  assert.throws(() => sampleWindows(fakeCodec(2, 3, [2, 4]), 1, SHAPE, 1), /the decoder returned 8 values per window; expected 16/);
});
