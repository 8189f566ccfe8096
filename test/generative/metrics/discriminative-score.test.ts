/**
 * The TimeGAN discriminative score (Yoon et al. 2019) on windows from known
 * generators: two samples of one generator cannot be told apart (accuracy
 * near 0.5), a shifted mean or another frequency can (accuracy > 0.9); the
 * score is deterministic for a seed, balances the sets, and rejects bad
 * arguments with the counts that made them bad.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { discriminativeScore, windowSet, type WindowSet } from '../../../src/generative/metrics/index.js';

const CHANNELS = 3;
const LENGTH = 26;
/** Sample rate of the HAR windows [3, 26] these stand in for. */
const RATE_HZ = 26;

/**
 * `count` windows of 3 noisy sines: each channel has a random phase, an
 * amplitude of 1 ± 0.2, a frequency of `frequencyHz` ± 10%, a mean of
 * `meanShift`, and N(0, 0.3²) noise per sample.
 */
function sineWindows(count: number, seed: number, frequencyHz = 2, meanShift = 0): WindowSet {
  const rng = new Rng(seed);
  const data = new Float32Array(count * CHANNELS * LENGTH);
  for (let w = 0; w < count; w++) {
    for (let c = 0; c < CHANNELS; c++) {
      const phase = rng.next() * 2 * Math.PI;
      const amplitude = 1 + 0.2 * rng.normal();
      const f = frequencyHz * (1 + 0.1 * rng.normal());
      for (let t = 0; t < LENGTH; t++) {
        data[(w * CHANNELS + c) * LENGTH + t] = meanShift + amplitude * Math.sin((2 * Math.PI * f * t) / RATE_HZ + phase) + 0.3 * rng.normal();
      }
    }
  }
  return windowSet(data, count, CHANNELS, LENGTH);
}

test('two samples of one generator: accuracy within 0.5 ± 0.15, deterministic for a seed, silent by default', async () => {
  const real = sineWindows(1000, 1);
  const synthetic = sineWindows(1000, 2);
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  let first;
  try {
    first = await discriminativeScore(real, synthetic, { seed: 3 });
  } finally {
    process.stderr.write = write;
  }
  assert.deepEqual(written, [], 'nothing on stderr unless progress is asked for');
  assert.ok(Math.abs(first.accuracy - 0.5) <= 0.15, `accuracy ${first.accuracy} on indistinguishable sets`);
  assert.equal(first.score, Math.abs(first.accuracy - 0.5));
  // 1000 per set, 30% held out of each: 700 + 700 to train, 300 + 300 to test.
  assert.deepEqual([first.trainCount, first.testCount, first.epochs, first.stoppedByBudget], [1400, 600, 10, false]);
  const again = await discriminativeScore(real, synthetic, { seed: 3 });
  assert.deepEqual(again, first, 'the same seed gives the same result');
});

test('a shifted mean (by 0.5, under the ±1 sine) is told apart: accuracy > 0.9', async () => {
  const r = await discriminativeScore(sineWindows(1000, 1), sineWindows(1000, 4, 2, 0.5), { seed: 3 });
  assert.ok(r.accuracy > 0.9, `accuracy ${r.accuracy}`);
  assert.ok(r.score > 0.4);
});

test('another frequency (3 Hz against 2 Hz) is told apart: accuracy > 0.9', async () => {
  const r = await discriminativeScore(sineWindows(1000, 1), sineWindows(1000, 5, 3), { seed: 3 });
  assert.ok(r.accuracy > 0.9, `accuracy ${r.accuracy}`);
});

test('the larger set is subsampled to the smaller, then to maxPerSet; testFraction sets the held-out share', async () => {
  const real = sineWindows(400, 1);
  const synthetic = sineWindows(150, 2);
  const balanced = await discriminativeScore(real, synthetic, { seed: 1, epochs: 1 });
  // 150 per set, round(0.3 × 150) = 45 held out of each.
  assert.deepEqual([balanced.trainCount, balanced.testCount], [210, 90]);
  const capped = await discriminativeScore(real, synthetic, { seed: 1, epochs: 1, maxPerSet: 100, testFraction: 0.5 });
  assert.deepEqual([capped.trainCount, capped.testCount], [100, 100]);
});

test('a time budget stops training after the first step and says so', async () => {
  const r = await discriminativeScore(sineWindows(200, 1), sineWindows(200, 2), { seed: 1, epochs: 5, timeBudgetS: 1e-9 });
  assert.equal(r.stoppedByBudget, true);
  assert.equal(r.epochs, 1);
});

test('bad arguments are rejected with the argument and the counts', async () => {
  const real = sineWindows(40, 1);
  await assert.rejects(discriminativeScore(real, windowSet(new Float32Array(40 * 3 * 20), 40, 3, 20), { seed: 0 }), /real has windows of 3 channels × 26 samples but synthetic has 3 × 20/);
  await assert.rejects(
    discriminativeScore(real, sineWindows(12, 2), { seed: 0 }),
    /need at least 5 windows per set in both the training and the test split; real has 40 and synthetic 12 windows, balanced to 12 each, which testFraction 0.3 splits into 8 for training and 4 for testing/,
  );
  await assert.rejects(discriminativeScore(real, real, { seed: 0, maxPerSet: 12 }), /balanced to 12 each \(maxPerSet 12\)/);
  await assert.rejects(discriminativeScore(real, real, { seed: 0, testFraction: 1 }), /options.testFraction must be a number strictly between 0 and 1, got 1/);
  await assert.rejects(discriminativeScore(real, real, { seed: -1 }), /options.seed must be an integer >= 0, got -1/);
  await assert.rejects(discriminativeScore(real, real, { seed: 0, epochs: 0 }), /options.epochs must be an integer >= 1, got 0/);
  await assert.rejects(discriminativeScore(real, real, { seed: 0, timeBudgetS: 0 }), /options.timeBudgetS must be a finite number > 0/);
  await assert.rejects(discriminativeScore(real, { ...real, count: 41 }, { seed: 0 }), /synthetic.data has 3120 values; expected count × channels × length = 41 × 3 × 26 = 3198/);
});
