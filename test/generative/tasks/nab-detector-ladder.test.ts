/**
 * runNabDetectorLadder end to end on a synthetic NAB stream (daily sine,
 * level shifts of 15 in two labelled windows), a few epochs: the ladder is
 * written and reads back through the ladder reader with its ONNX files
 * pinned, every rung's quality is a ROC-AUC on the windows after the
 * training stretch (its sample count and dataset text say which), the
 * served fp32 model's own reconstruction errors give that ROC-AUC, and a
 * level shift of 15 standard deviations of noise is told apart from normal
 * running.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../../src/engine/index.js';
import { readLadder } from '../../../src/compress/index.js';
import { nabLadderSplit } from '../../../src/generative/datasets/nab-ladder-split.js';
import { rocAuc } from '../../../src/generative/metrics/roc.js';
import { reconstructionErrors } from '../../../src/generative/precision/detector-ladder.js';
import { runNabDetectorLadder } from '../../../src/generative/tasks/nab-detector-ladder.js';
import { readOnnxFile } from '../../../src/interop/index.js';
import { syntheticNabStream } from '../helpers.js';

const { stream } = syntheticNabStream({ samples: 1600 });

test('one detector trained on the leading half, saved as fp32/int8/int4/mixed with each rung\'s ROC-AUC on the rest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-nab-ladder-'));
  try {
    const r = await runNabDetectorLadder(stream, { outDir: dir, windowLength: 32, epochs: 8, timeLatency: false, createdAt: '2026-11-22T00:00:00.000Z' });
    assert.equal(r.split.trainReadings, 200);
    assert.equal(r.split.counts.test, 169);
    assert.equal(r.training.epochs.length, 8);
    const { manifest } = readLadder(dir);
    assert.equal(manifest.model.name, 'nab-vae');
    assert.equal(manifest.model.task, 'nab-anomaly');
    assert.deepEqual(manifest.model.inputShape, [1, 32]);
    assert.equal(manifest.model.sensorInput, undefined, 'decimation is no part of the sensor-input schema');
    assert.deepEqual(manifest.variants.map((v) => v.id), ['fp32', 'int8', 'int4', 'mixed']);
    for (const v of manifest.variants) {
      assert.equal(v.quality?.metric, 'roc-auc');
      assert.equal(v.quality?.samples, 169);
      assert.ok(v.quality!.value > 0 && v.quality!.value <= 1, `${v.id}: ${v.quality!.value}`);
      assert.match(v.quality!.dataset, /first 50 % \(200 readings.*169 sliding windows of 32 readings.*52 positive — a window is positive when any of its readings lies in a labelled anomaly window/);
    }
    // The fp32 rung's quality is the ROC-AUC of the saved model's reconstruction errors on the same windows (same seed, same split).
    const split = nabLadderSplit(stream, new Rng(1), { windowLength: 32 });
    const fp32 = await readOnnxFile(join(dir, manifest.variants[0]!.file));
    const auc = rocAuc(reconstructionErrors(fp32, split.test), split.testLabels);
    assert.ok(Math.abs(auc - manifest.variants[0]!.quality!.value) < 1e-6, `${auc} vs ${manifest.variants[0]!.quality!.value}`);
    assert.ok(auc > 0.8, `a level shift of 15 is told apart from the daily cycle: ROC-AUC ${auc}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
