/**
 * The real STM32 HAR recordings in ../shared/data/har-stm32 (beside the repo
 * root). Skipped, with the reason, when that folder is absent. The expected
 * counts were read off the files: 92 CSVs (running 17, stationary 36,
 * walking 39) of exactly 1000 rows each, values within the +/-4000 mg range,
 * three running files with CRLF line ends.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { harClasses, readHarRecordings, type HarRecording } from '../../src/data/har.js';
import { loadHarDataset } from '../../src/data/har-dataset.js';

// Compiled to dist/test/data/, so the repo root is three levels up.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dir = resolve(repoRoot, '../shared/data/har-stm32');
const skip = existsSync(dir) ? false : `shared dataset not found at ${dir}`;

let cached: HarRecording[] | undefined;
const recordings = (): HarRecording[] => (cached ??= readHarRecordings(dir));

test('real HAR: 92 recordings, 3 classes, 92,000 samples of 1000 each', { skip }, () => {
  const recs = recordings();
  assert.equal(recs.length, 92);
  const perClass = harClasses.map((c) => recs.filter((r) => r.className === c).length);
  assert.deepEqual(perClass, [17, 36, 39]);
  assert.equal(recs.reduce((n, r) => n + r.samples.length / 3, 0), 92_000);
  for (const r of recs) {
    assert.equal(r.samples.length, 3000, r.file);
    assert.equal(r.sampleRateHz, 26);
    assert.ok(r.samples.every((v) => Math.abs(v) <= 4000), `${r.file} within the sensor's full scale`);
  }
  const first = recs.find((r) => r.file === 'running/running_01_26Hz_4g_mg.csv')!;
  assert.deepEqual([...first.samples.subarray(0, 3)], [-276, -85, -309]);
  const crlf = recs.find((r) => r.file === 'running/running_10_26Hz_4g_mg.csv')!;
  assert.deepEqual([...crlf.samples.subarray(0, 3)], [1874, 532, 774]);
});

test('real HAR: the default split is by file, stratified, disjoint and complete', { skip }, () => {
  const ds = loadHarDataset(dir, { seed: 0 });
  const train = new Set(ds.trainFiles);
  assert.ok(ds.valFiles.every((f) => !train.has(f)), 'no recording in both sets');
  assert.deepEqual([...ds.trainFiles, ...ds.valFiles].sort(), recordings().map((r) => r.file).sort());
  // round(0.2 * n) validation files per class: 17 -> 3, 36 -> 7, 39 -> 8.
  assert.deepEqual(harClasses.map((c) => ds.valFiles.filter((f) => f.startsWith(`${c}/`)).length), [3, 7, 8]);
  // floor((1000 - 26) / 13) + 1 = 75 windows per recording.
  assert.equal(ds.val.length, 18 * 75);
  assert.equal(ds.train.length, 74 * 75);
  assert.deepEqual(ds.skippedShort, []);
  assert.ok(ds.stats.stdG.every((s) => s > 0.1 && s < 2), `plausible per-axis std in g: ${ds.stats.stdG}`);
  assert.deepEqual(loadHarDataset(dir, { seed: 0 }).valFiles, ds.valFiles, 'reproducible');
});
