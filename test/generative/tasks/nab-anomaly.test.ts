/**
 * runNabAnomaly end to end on a synthetic NAB stream (daily sine, level
 * shifts in two labelled windows), two epochs per fold: the decimated time
 * axis, folds that tile the series, a score per reading from the first full
 * window on, a detection report over the labelled windows, the threshold
 * factor (the same models' scores scaled by it), and the argument checks.
 * Detection quality on synthetic data is not asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNabAnomaly } from '../../../src/generative/tasks/nab-anomaly.js';
import { scoreDetections } from '../../../src/generative/metrics/nab-detections.js';
import { syntheticNabStream } from '../helpers.js';

// 1600 five-minute readings → 400 at 20 min; windows at readings 480-560 and 1280-1360.
const { stream, values } = syntheticNabStream({ samples: 1600 });
const L = 32;

test('result shapes: time axis, folds, a score per reading, detections over the windows', async () => {
  const r = await runNabAnomaly(stream, { windowLength: L, epochs: 2, precisions: ['fp32', 'int8'] });
  const n = 400;
  assert.equal(r.key, stream.key);
  assert.equal(r.stepS, 1200);
  assert.deepEqual(Array.from(r.timeS), Array.from({ length: n }, (_, i) => 1200 * i));
  assert.equal(r.values.length, n);
  for (const i of [0, 1, 137, 399]) assert.ok(Math.abs(r.values[i]! - (values[4 * i]! + values[4 * i + 1]! + values[4 * i + 2]! + values[4 * i + 3]!) / 4) < 1e-4, `reading ${i}`);
  assert.deepEqual(r.windows.map((w) => [w.firstIndex, w.lastIndex]), [[120, 140], [320, 340]]);

  // Two folds tiling the readings; each trains on windows outside itself, 20% held out.
  assert.deepEqual(r.folds.map((f) => [f.from, f.to]), [[0, 200], [200, 400]]);
  for (const f of r.folds) {
    assert.ok(f.trainWindows > 0 && f.validationWindows === Math.max(1, Math.floor((f.trainWindows + f.validationWindows) * 0.2)), JSON.stringify(f));
    assert.equal(f.training.epochs.length, 2);
  }
  // Windows of 32 inside the other fold that touch no labelled reading: 200 − 32 + 1 starts, less those touching 21 labelled readings.
  assert.equal(r.folds[0]!.trainWindows + r.folds[0]!.validationWindows, 169 - (21 + L - 1));

  assert.deepEqual(r.results.map((x) => x.precision), ['fp32', 'int8']);
  for (const x of r.results) {
    assert.equal(x.score.length, n);
    assert.ok(x.score.subarray(0, L - 1).every((s) => s === 0), 'no score before the first full window');
    assert.ok(x.score.subarray(L - 1).every((s) => Number.isFinite(s) && s > 0), 'every later reading scored');
    const d = x.detection;
    assert.equal(d.windowsTotal, 2);
    assert.ok(d.windowsDetected >= 0 && d.windowsDetected <= 2);
    assert.equal(d.firstDetectionDelay.length, 2);
    assert.ok(d.detections.every((i, k) => i >= L - 1 && i < n && (k === 0 || i > d.detections[k - 1]!)), `detections ${d.detections}`);
    // Each detection is an upward crossing of 1, the threshold of every fold after scaling.
    assert.ok(d.detections.every((i) => x.score[i]! > 1 && (i === L - 1 || x.score[i - 1]! <= 1)), `detections ${d.detections}`);
    const inside = (i: number) => r.windows.some((w) => i >= w.firstIndex && i <= w.lastIndex);
    assert.equal(d.falseAlarms, d.detections.filter((i) => !inside(i)).length);
    assert.ok(x.rocAuc >= 0 && x.rocAuc <= 1);
  }
  assert.ok(r.results[1]!.weightBytes < r.results[0]!.weightBytes);
  assert.equal(r.thresholdFactor, 1);
  assert.deepEqual(r.detectionOptions, { minGap: 72, probation: L - 1 }); // one day at 20 min
});

test('thresholdFactor: the same models, every score divided by the factor, detections at factor × the held-out maximum', async () => {
  const base = await runNabAnomaly(stream, { windowLength: L, epochs: 1 });
  const twice = await runNabAnomaly(stream, { windowLength: L, epochs: 1, thresholdFactor: 2 });
  assert.equal(twice.thresholdFactor, 2);
  const [s1, s2] = [base.results[0]!.score, twice.results[0]!.score];
  // Halving is exact in binary floating point, so the models must agree to the last bit.
  assert.ok(s1.every((v, i) => s2[i]! * 2 === v), 'score at factor 2 = score at factor 1 / 2');
  assert.deepEqual(twice.results[0]!.detection, scoreDetections(s1, 2, base.windows, base.detectionOptions));
});

test('argument errors: fewer than two folds, a series too short for its folds, a fold with nothing normal to train on, a threshold factor not > 0', async () => {
  await assert.rejects(runNabAnomaly(stream, { windowLength: L, folds: 1 }), (e: unknown) => e instanceof RangeError && /folds must be an integer >= 2 .*got 1/.test(e.message));
  await assert.rejects(runNabAnomaly(stream, { windowLength: L, folds: 2.5 }), /folds must be an integer >= 2/);
  // 400 readings after decimation; 4 folds of windows of 64 need 512.
  await assert.rejects(runNabAnomaly(stream, { windowLength: 64, folds: 4 }), (e: unknown) => e instanceof RangeError && /has 400 readings after decimation by 4; need at least 512 for 4 folds of windows of 64/.test(e.message));
  const short = syntheticNabStream({ samples: 600 }).stream;
  await assert.rejects(runNabAnomaly(short), /has 150 readings after decimation by 4; need at least 256/);
  // The second half labelled: the first fold has no normal window of 64 outside its block to train on, refused before any training.
  const covered = syntheticNabStream({ samples: 1600, windows: [[800, 1590]] }).stream;
  await assert.rejects(runNabAnomaly(covered, { windowLength: 64, epochs: 1 }), (e: unknown) => e instanceof RangeError && /fold 1 of 2 \(decimated readings 0\.\.199\) leaves 0 windows of 64 normal readings outside it to train on; need at least 2/.test(e.message));
  for (const bad of [0, -1, NaN, Infinity]) {
    await assert.rejects(runNabAnomaly(stream, { windowLength: L, thresholdFactor: bad }), (e: unknown) => e instanceof RangeError && /thresholdFactor must be a finite number > 0 .*got/.test(e.message), `factor ${bad}`);
  }
});
