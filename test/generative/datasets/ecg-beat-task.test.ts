/**
 * ecgBeatTask on the synthetic two-lead record (a PVC every 7th beat, a
 * 4 s pause after two thirds of the beats): windows rebuilt here from the
 * record's physical signal, the split by R-peak time (no training beat at or
 * after the train fraction, every abnormal beat in test), and the scaling
 * from the training windows alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ecgBeatTask } from '../../../src/generative/datasets/ecg-beat-task.js';
import { syntheticEcg } from '../helpers.js';

const { record, annotations } = syntheticEcg();
const FS = 360;
// Defaults: 1.0 s before the R peak, 0.4222 s after (152 samples), decimated by 4.
const BEFORE = 360;
const AFTER = 152;
const beats = annotations.filter((a) => a.isBeat);
const kept = beats.filter((a) => a.sample - BEFORE >= 0 && a.sample + AFTER <= record.length);
const trainEnd = 0.5 * record.length;
const valEnd = 0.6 * record.length;
const abnormal = (s: string | undefined) => s !== 'N';

/** The decimated window of one beat and lead, in mV, by hand. */
function rawWindow(sample: number, lead: number): number[] {
  const x = record.signals[lead]!.physical;
  return Array.from({ length: (BEFORE + AFTER) / 4 }, (_, k) => {
    let s = 0;
    for (let j = 0; j < 4; j++) s += x[sample - BEFORE + 4 * k + j]!;
    return s / 4;
  });
}

test('the synthetic record has what the split needs: PVCs before and after the training part', () => {
  assert.ok(kept.some((a) => a.symbol === 'V' && a.sample < trainEnd));
  assert.ok(kept.some((a) => a.symbol === 'V' && a.sample >= valEnd));
  assert.ok(beats.length > kept.length, 'the first beat (0.6 s) is too close to the start for 1 s of history');
});

test('split by time: training beats are normal and before the train fraction; every abnormal beat is tested', () => {
  const task = ecgBeatTask(record, annotations, { leads: ['MLII', 'V5'] });
  const train = kept.filter((a) => !abnormal(a.symbol) && a.sample < trainEnd);
  const validation = kept.filter((a) => !abnormal(a.symbol) && a.sample >= trainEnd && a.sample < valEnd);
  const testBeats = kept.filter((a) => abnormal(a.symbol) || a.sample >= valEnd);
  assert.equal(task.sampleRateHz, FS / 4);
  assert.deepEqual(task.leads, ['MLII', 'V5']);
  assert.deepEqual([task.train.channels, task.train.length, task.test.length], [2, 128, 128]);
  assert.deepEqual(task.counts, {
    train: train.length,
    validation: validation.length,
    testNormal: testBeats.filter((a) => !abnormal(a.symbol)).length,
    testAbnormal: testBeats.filter((a) => abnormal(a.symbol)).length,
    skippedAtEdges: beats.length - kept.length,
  });
  assert.deepEqual([task.train.count, task.validation.count, task.test.count], [train.length, validation.length, testBeats.length]);
  assert.deepEqual(Array.from(task.testBeats.sample), testBeats.map((a) => a.sample));
  assert.deepEqual(task.testBeats.symbols, testBeats.map((a) => a.symbol));
  assert.deepEqual(Array.from(task.testLabels), testBeats.map((a) => (abnormal(a.symbol) ? 1 : 0)));
  const pvcs = kept.filter((a) => a.symbol === 'V').map((a) => a.sample);
  assert.ok(pvcs.every((s) => task.testBeats.sample.includes(s)), 'every abnormal beat is in test');
  task.testBeats.sample.forEach((s, i) => assert.ok(task.testLabels[i] === 1 || s >= valEnd, `normal test beat at ${s} before ${valEnd}`));

  // Training windows, in time order, are exactly those beats' decimated windows, scaled by their own statistics.
  const { mean, std } = task.standardisation;
  for (let lead = 0; lead < 2; lead++) {
    const values = train.flatMap((a) => rawWindow(a.sample, lead));
    const m = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
    assert.ok(Math.abs(mean[lead]! - m) < 1e-6 && Math.abs(std[lead]! / sd - 1) < 1e-5, `lead ${lead}: ${mean[lead]} ± ${std[lead]} vs ${m} ± ${sd}`);
  }
  const scaled = (set: typeof task.train, w: number, lead: number) => Array.from(set.data.subarray((w * 2 + lead) * 128, (w * 2 + lead + 1) * 128));
  train.forEach((a, w) => {
    for (let lead = 0; lead < 2; lead++) {
      const want = rawWindow(a.sample, lead).map((v) => (v - mean[lead]!) / std[lead]!);
      scaled(task.train, w, lead).forEach((v, t) => assert.ok(Math.abs(v - want[t]!) < 1e-4, `train window ${w}, lead ${lead}, sample ${t}: ${v} vs ${want[t]}`));
    }
  });
  // Test windows use the same (training) statistics.
  testBeats.forEach((a, w) => {
    const want = rawWindow(a.sample, 1).map((v) => (v - mean[1]!) / std[1]!);
    scaled(task.test, w, 1).forEach((v, t) => assert.ok(Math.abs(v - want[t]!) < 1e-4));
  });
});

test('the training windows are standardised per lead: mean 0, standard deviation 1', () => {
  const task = ecgBeatTask(record, annotations, { leads: ['MLII', 'V5'] });
  for (let lead = 0; lead < 2; lead++) {
    const v: number[] = [];
    for (let w = 0; w < task.train.count; w++) v.push(...task.train.data.subarray((w * 2 + lead) * 128, (w * 2 + lead + 1) * 128));
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
    assert.ok(Math.abs(m) < 1e-5 && Math.abs(sd - 1) < 1e-4, `lead ${lead}: mean ${m}, std ${sd}`);
  }
});

test('options: lead by index, fractions, decimation', () => {
  const task = ecgBeatTask(record, annotations, { leads: [1], decimation: 2, trainFraction: 0.3, validationFraction: 0.3 });
  assert.deepEqual(task.leads, ['V5']);
  assert.equal(task.sampleRateHz, 180);
  assert.equal(task.train.length, 256);
  assert.equal(task.counts.train, kept.filter((a) => !abnormal(a.symbol) && a.sample < 0.3 * record.length).length);
  // 0.4222 s at 360 Hz is 152 samples; decimation by 5 trims the window to 510 samples first.
  assert.equal(ecgBeatTask(record, annotations, { decimation: 5 }).train.length, 102);
});

test('bad fractions and a record too short for them are refused', () => {
  assert.throws(() => ecgBeatTask(record, annotations, { trainFraction: 0.6, validationFraction: 0.4 }), (e: unknown) => e instanceof RangeError && /their sum < 1, got 0\.6 and 0\.4/.test(e.message));
  assert.throws(() => ecgBeatTask(record, annotations, { trainFraction: 0 }), /need trainFraction > 0/);
  // The first kept beat is past 1 s; 2% of the record (~0.7 s) holds none.
  assert.throws(() => ecgBeatTask(record, annotations, { trainFraction: 0.02 }), /left 0 training and \d+ validation beats; the record is too short/);
  assert.throws(() => ecgBeatTask(record, annotations, { leads: ['V1'] }), /no signal "V1"/);
});
