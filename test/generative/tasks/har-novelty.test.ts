/**
 * runHarNovelty end to end on the real STM32 HAR recordings (skipped when
 * ../shared/data/har-stm32 is absent), one epoch per model: one fold per
 * held-out activity, sets that never mix the held-out activity into
 * training or calibration nor a recording into two sets, test labels that
 * mark exactly the held-out activity's validation windows, and per
 * precision metrics that are finite, in range and consistent with the
 * returned scores and threshold. Novelty quality after one epoch is not
 * asserted; the argument checks are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHarDataset } from '../../../src/data/index.js';
import { operatingPoint } from '../../../src/generative/anomaly/operating-point.js';
import { runHarNovelty } from '../../../src/generative/tasks/har-novelty.js';
import { sharedDataPath, skipUnlessShared } from '../../helpers/shared-data.js';

const dir = sharedDataPath('har-stm32');
const skip = skipUnlessShared('har-stm32');

test('real HAR: one fold per held-out activity, disjoint sets, finite metrics in range', { skip }, async () => {
  const r = await runHarNovelty(dir, { epochs: 1, precisions: ['fp32', 'int8'] });
  const har = loadHarDataset(dir, { windowLength: 32, stride: 16 });
  const valLabels = Array.from({ length: har.val.length }, (_, i) => har.val.get(i).y);
  const trainLabels = Array.from({ length: har.train.length }, (_, i) => har.train.get(i).y);
  assert.deepEqual(r.classes, ['running', 'stationary', 'walking']);
  assert.equal(r.windowLength, 32);
  assert.equal(r.stride, 16);
  assert.equal(r.sampleRateHz, 26);
  assert.equal(r.thresholdQuantile, 0.99);
  assert.deepEqual(r.testFiles, har.valFiles);
  assert.deepEqual(r.folds.map((f) => f.heldOut), r.classes);
  r.folds.forEach((f, k) => {
    const name = r.classes[k]!;
    assert.deepEqual(f.known, r.classes.filter((c) => c !== name));
    const used = [...f.fitFiles, ...f.calibrationFiles];
    assert.equal(new Set(used).size, used.length, 'no recording in both fitting and calibration');
    assert.deepEqual([...used].sort(), har.trainFiles.filter((file) => !file.startsWith(`${name}/`)), `every known training recording used once, none of ${name}`);
    assert.ok(f.calibrationFiles.length > 0 && f.fitFiles.length > 0);
    assert.equal(f.counts.fit + f.counts.calibration, trainLabels.filter((y) => y !== k).length);
    assert.deepEqual(Array.from(f.testLabels), valLabels.map((y) => (y === k ? 1 : 0)));
    assert.equal(f.counts.testNovel, valLabels.filter((y) => y === k).length);
    assert.equal(f.counts.testKnown + f.counts.testNovel, har.val.length);
    assert.ok(f.counts.testNovel > 0 && f.counts.testKnown > 0);
    assert.equal(f.standardisation.mean.length, 3);
    assert.ok(f.standardisation.mean.every(Number.isFinite) && f.standardisation.std.every((s) => Number.isFinite(s) && s > 0), JSON.stringify(f.standardisation));
    assert.equal(f.training.epochs.length, 1);
    assert.deepEqual(f.results.map((x) => x.precision), ['fp32', 'int8']);
    for (const x of f.results) {
      const at = `${name} ${x.precision}`;
      for (const [metric, v] of [['rocAuc', x.rocAuc], ['prAuc', x.prAuc], ['detectionRate', x.detectionRate], ['falseAlarmRate', x.falseAlarmRate]] as const) {
        assert.ok(Number.isFinite(v) && v >= 0 && v <= 1, `${at}: ${metric} ${v}`);
      }
      assert.ok(Number.isFinite(x.threshold) && x.threshold > 0, `${at}: threshold ${x.threshold}`);
      assert.equal(x.scores.length, har.val.length);
      assert.ok(x.scores.every((s) => Number.isFinite(s) && s >= 0), `${at}: scores`);
      const p = operatingPoint(x.scores, f.testLabels, x.threshold);
      assert.equal(x.detectionRate, p.detectionRate, at);
      assert.equal(x.falseAlarmRate, p.falseAlarmRate, at);
    }
    assert.ok(f.results[1]!.weightBytes < f.results[0]!.weightBytes);
  });
});

test('argument errors, before any training', { skip }, async () => {
  await assert.rejects(runHarNovelty(dir, { windowLength: 30 }), (e: unknown) => e instanceof RangeError && /windowLength must be a positive multiple of 8 .*got 30/.test(e.message));
  await assert.rejects(runHarNovelty(dir, { thresholdQuantile: 1 }), /thresholdQuantile must lie in \(0, 1\), got 1/);
  await assert.rejects(runHarNovelty(dir, { heldOut: ['jumping'] }), /heldOut names an activity "jumping"; the activities are running, stationary, walking/);
});
