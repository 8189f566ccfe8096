/**
 * TSTR against TRTR (Esteban, Hyland & Rätsch 2017) on a class-conditional
 * generator we control: synthetic windows from the real generator train a
 * classifier as good as real windows do; the same windows with shuffled
 * labels teach nothing, so TSTR falls to chance while TRTR stays.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { trainOnSyntheticTestOnReal, windowSet, type TstrOptions, type WindowSet } from '../../../src/generative/metrics/index.js';

const CHANNELS = 3;
const LENGTH = 26;
const RATE_HZ = 26;
/** One class per frequency, close enough (with the jitter and noise below) that TRTR is about 0.8, not a trivial 1. */
const CLASS_FREQUENCIES_HZ = [1.5, 2, 2.5];
const NUM_CLASSES = CLASS_FREQUENCIES_HZ.length;

interface Labelled {
  set: WindowSet;
  labels: Int32Array;
}

/**
 * `perClass` windows of each class, classes interleaved: 3 channels of a
 * sine at the class frequency ± 10% (shared by the channels), each with a
 * random phase, amplitude 1 ± 0.2, and N(0, 0.5²) noise per sample.
 */
function classWindows(perClass: number, seed: number): Labelled {
  const rng = new Rng(seed);
  const count = perClass * NUM_CLASSES;
  const data = new Float32Array(count * CHANNELS * LENGTH);
  const labels = new Int32Array(count);
  for (let w = 0; w < count; w++) {
    const k = w % NUM_CLASSES;
    labels[w] = k;
    const f = CLASS_FREQUENCIES_HZ[k]! * (1 + 0.1 * rng.normal());
    for (let c = 0; c < CHANNELS; c++) {
      const phase = rng.next() * 2 * Math.PI;
      const amplitude = 1 + 0.2 * rng.normal();
      for (let t = 0; t < LENGTH; t++) data[(w * CHANNELS + c) * LENGTH + t] = amplitude * Math.sin((2 * Math.PI * f * t) / RATE_HZ + phase) + 0.5 * rng.normal();
    }
  }
  return { set: windowSet(data, count, CHANNELS, LENGTH), labels };
}

function tstrOptions(synthetic: Labelled, realTrain: Labelled, realTest: Labelled, seed: number): TstrOptions {
  return {
    synthetic: synthetic.set,
    syntheticLabels: synthetic.labels,
    realTrain: realTrain.set,
    realTrainLabels: realTrain.labels,
    realTest: realTest.set,
    realTestLabels: realTest.labels,
    numClasses: NUM_CLASSES,
    seed,
  };
}

const synthetic = classWindows(300, 11);
const realTrain = classWindows(300, 12);
const realTest = classWindows(300, 13);

test('synthetic windows from the real generator: TSTR within 5 points of TRTR, deterministic for a seed', async () => {
  const r = await trainOnSyntheticTestOnReal(tstrOptions(synthetic, realTrain, realTest, 1));
  assert.ok(r.trtr > 0.65, `TRTR ${r.trtr}: the task must be learnable for the comparison to mean anything`);
  assert.ok(Math.abs(r.gapPts) <= 5, `TSTR ${r.tstr} vs TRTR ${r.trtr}`);
  assert.ok(Math.abs(r.gapPts - (r.trtr - r.tstr) * 100) < 1e-9);
  assert.deepEqual(r.epochs, { synthetic: 10, real: 10 });
  assert.equal(r.stoppedByBudget, false);
  // Per-class recall on 300 test windows per class averages to the accuracy.
  for (const side of ['tstr', 'trtr'] as const) {
    assert.equal(r.perClass[side].length, NUM_CLASSES);
    const mean = r.perClass[side].reduce((a, b) => a + b, 0) / NUM_CLASSES;
    assert.ok(Math.abs(mean - r[side]) < 1e-12, `${side}: mean recall ${mean} vs accuracy ${r[side]}`);
  }
  assert.deepEqual(await trainOnSyntheticTestOnReal(tstrOptions(synthetic, realTrain, realTest, 1)), r);
});

test('synthetic labels shuffled: TSTR near chance (1/3 ± 0.12) and at least 30 points below TRTR', async () => {
  const shuffled = synthetic.labels.slice();
  new Rng(5).shuffle(shuffled);
  const r = await trainOnSyntheticTestOnReal(tstrOptions({ set: synthetic.set, labels: shuffled }, realTrain, realTest, 1));
  assert.ok(Math.abs(r.tstr - 1 / NUM_CLASSES) <= 0.12, `TSTR ${r.tstr}`);
  assert.ok(r.gapPts >= 30, `TSTR ${r.tstr} vs TRTR ${r.trtr}`);
});

test('a time budget is split between the two trainings, each stopping after its first step', async () => {
  const r = await trainOnSyntheticTestOnReal({ ...tstrOptions(synthetic, realTrain, realTest, 1), epochs: 5, timeBudgetS: 1e-9 });
  assert.equal(r.stoppedByBudget, true);
  assert.deepEqual(r.epochs, { synthetic: 1, real: 1 });
});

test('bad arguments are rejected with the argument and the counts', async () => {
  const base = tstrOptions(synthetic, realTrain, realTest, 0);
  await assert.rejects(trainOnSyntheticTestOnReal({ ...base, syntheticLabels: synthetic.labels.subarray(1) }), /options.syntheticLabels has 899 labels but options.synthetic has 900 windows; expected one label per window/);
  const outOfRange = realTrain.labels.slice();
  outOfRange[7] = 3;
  await assert.rejects(trainOnSyntheticTestOnReal({ ...base, realTrainLabels: outOfRange }), /options.realTrainLabels\[7\] is 3; expected a class index in \[0, 3\)/);
  const fewOfClass2 = realTest.labels.map((y, i) => (y === 2 && i > 6 ? 0 : y));
  await assert.rejects(trainOnSyntheticTestOnReal({ ...base, realTestLabels: fewOfClass2 }), /options.realTest has 2 windows of class 2; need at least 3 of every class \(counts per class: 598, 300, 2\)/);
  await assert.rejects(trainOnSyntheticTestOnReal({ ...base, syntheticLabels: Array.from(synthetic.labels) as unknown as Int32Array }), /options.syntheticLabels must be an Int32Array/);
  await assert.rejects(
    trainOnSyntheticTestOnReal({ ...base, synthetic: windowSet(new Float32Array(900 * 2 * LENGTH), 900, 2, LENGTH) }),
    /options.synthetic has windows of 2 channels × 26 samples but options.realTest has 3 × 26/,
  );
  await assert.rejects(trainOnSyntheticTestOnReal({ ...base, numClasses: 1 }), /options.numClasses must be an integer >= 2, got 1/);
  await assert.rejects(trainOnSyntheticTestOnReal({ ...base, seed: 0.5 }), /options.seed must be an integer >= 0, got 0.5/);
});
