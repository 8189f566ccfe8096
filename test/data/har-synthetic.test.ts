import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Rng } from '../../src/engine/random.js';
import { harClasses, parseHarCsv, readHarRecordings } from '../../src/data/har.js';
import { harStats, loadHarDataset } from '../../src/data/har-dataset.js';
import { formatHarCsv, synthesizeHarRecording, writeSyntheticHar } from '../../src/data/synthetic-har.js';

const root = mkdtempSync(join(tmpdir(), 'edgewatt-har-'));
after(() => rmSync(root, { recursive: true, force: true }));
let nextDir = 0;

/** A fresh synthetic dataset folder: `perClass` recordings of `steps` samples per class. */
function synthetic(perClass = 5, steps = 260, seed = 0): string {
  const dir = join(root, `ds${nextDir++}`);
  writeSyntheticHar(dir, { recordingsPerClass: perClass, samplesPerRecording: steps, rng: new Rng(seed) });
  return dir;
}

test('formatHarCsv writes the dataset text format and parseHarCsv reads it back, CRLF included', () => {
  const row = Float32Array.from([-276, -85, -309]);
  assert.equal(formatHarCsv(row), ' -276,   -85,  -309\n');
  const rec = synthesizeHarRecording('running', 50, new Rng(1));
  assert.deepEqual(parseHarCsv(formatHarCsv(rec), 'mem'), rec);
  assert.deepEqual([...parseHarCsv(' 1874,   532,   774\r\n  933, -1094,  -389\r\n', 'crlf')], [1874, 532, 774, 933, -1094, -389]);
  assert.equal(parseHarCsv('', 'empty').length, 0);
});

test('writeSyntheticHar lays out class folders of CSVs, atomically, reproducibly', () => {
  const dir = synthetic(2, 30);
  for (const c of harClasses) {
    assert.deepEqual(readdirSync(join(dir, c)), [`${c}_01_26Hz_4g_mg.csv`, `${c}_02_26Hz_4g_mg.csv`], 'no temp files left behind');
  }
  const again = synthetic(2, 30);
  assert.deepEqual(readHarRecordings(again), readHarRecordings(dir), 'same seed, same files');
  const other = readHarRecordings(synthetic(2, 30, 1));
  assert.notDeepEqual(other[0]!.samples, readHarRecordings(dir)[0]!.samples);
});

test('readHarRecordings returns recordings in class then file order with labels and [T, 3] samples', () => {
  const dir = synthetic(3, 40);
  const recs = readHarRecordings(dir);
  assert.equal(recs.length, 9);
  assert.deepEqual(recs.map((r) => r.file).slice(0, 4), [
    'running/running_01_26Hz_4g_mg.csv',
    'running/running_02_26Hz_4g_mg.csv',
    'running/running_03_26Hz_4g_mg.csv',
    'stationary/stationary_01_26Hz_4g_mg.csv',
  ]);
  for (const r of recs) {
    assert.equal(r.label, harClasses.indexOf(r.className));
    assert.equal(r.samples.length, 40 * 3);
    assert.equal(r.sampleRateHz, 26);
    assert.ok(r.samples.every((v) => Number.isInteger(v) && Math.abs(v) <= 4000));
  }
});

test('readHarRecordings names the file and line of a malformed row', () => {
  const dir = synthetic(2, 30);
  const bad = join(dir, 'walking', 'walking_02_26Hz_4g_mg.csv');
  writeFileSync(bad, '  1,   2,   3\n12,,4\n');
  assert.throws(() => readHarRecordings(dir), (err: Error) => {
    assert.equal(err.message, `har: ${bad} line 2: expected 3 numeric columns "x, y, z" (milli-g), got "12,,4"`);
    return true;
  });
  writeFileSync(bad, '  1,   2,   3\n  1,   2\n');
  assert.throws(() => readHarRecordings(dir), /line 2: expected 3 numeric columns .* got " {2}1, {3}2"/);
  writeFileSync(bad, '  1,   2,   3\n\n  1,   2,   3\n');
  assert.throws(() => readHarRecordings(dir), /line 2: .*got ""/);
  writeFileSync(bad, 'x,y,z\n');
  assert.throws(() => readHarRecordings(dir), /walking_02_26Hz_4g_mg.csv line 1: .*got "x,y,z"/);
});

test('readHarRecordings reports a missing folder, a missing or empty class folder and a stray folder', () => {
  assert.throws(() => readHarRecordings(join(root, 'nope')), /har: dataset folder .*nope not found \(expected class folders running, stationary, walking\)/);
  const dir = synthetic(1, 30);
  for (const f of readdirSync(join(dir, 'stationary'))) rmSync(join(dir, 'stationary', f));
  writeFileSync(join(dir, 'stationary', 'notes.txt'), 'not a recording');
  assert.throws(() => readHarRecordings(dir), /class folder .*stationary contains no .csv recordings/);
  rmSync(join(dir, 'stationary'), { recursive: true });
  assert.throws(() => readHarRecordings(dir), /class folder .*stationary not found/);
  const stray = synthetic(1, 30);
  mkdirSync(join(stray, 'cycling'));
  assert.throws(() => readHarRecordings(stray), /unexpected folder .*cycling; expected only the class folders/);
});

test('loadHarDataset splits by file, stratified, with every class in validation and no file in both', () => {
  const dir = synthetic(5, 260);
  const ds = loadHarDataset(dir, { seed: 3 });
  const train = new Set(ds.trainFiles);
  assert.ok(ds.valFiles.every((f) => !train.has(f)));
  assert.equal(ds.trainFiles.length + ds.valFiles.length, 15);
  for (const c of harClasses) {
    assert.equal(ds.valFiles.filter((f) => f.startsWith(`${c}/`)).length, 1, `round(5 * 0.2) = 1 ${c} file in validation`);
  }
  // 260 steps, 26-sample windows every 13 steps: floor((260 - 26) / 13) + 1 = 19 windows per recording.
  assert.equal(ds.train.length, 12 * 19);
  assert.equal(ds.val.length, 3 * 19);
  assert.deepEqual(ds.train.sampleShape, [3, 26]);
  assert.equal(ds.train.numClasses, 3);
  assert.deepEqual(ds.skippedShort, []);
  assert.deepEqual(loadHarDataset(dir, { seed: 3 }).valFiles, ds.valFiles, 'deterministic from the seed');
  const splits = new Set([0, 1, 2, 4, 5, 6].map((seed) => loadHarDataset(dir, { seed }).valFiles.join()));
  assert.ok(splits.size > 1, 'the seed changes the split');
});

test('loadHarDataset windows come from the right recording, in g, normalised with training statistics only', () => {
  const dir = synthetic(4, 260);
  const raw = loadHarDataset(dir, { seed: 1, normalize: false });
  const norm = loadHarDataset(dir, { seed: 1 });
  const recs = readHarRecordings(dir);
  const byFile = new Map(recs.map((r) => [r.file, r]));
  const trainRecs = raw.trainFiles.map((f) => byFile.get(f)!);
  assert.deepEqual(raw.stats, harStats(trainRecs));
  assert.notDeepEqual(raw.stats, harStats(recs), 'validation files would change the statistics');
  // First validation window: the first 26 steps of the first validation file, transposed and in g.
  const first = byFile.get(raw.valFiles[0]!)!;
  const w = raw.val.get(0);
  assert.equal(w.y, first.label);
  for (let axis = 0; axis < 3; axis++) {
    for (let t = 0; t < 26; t++) {
      const g = first.samples[t * 3 + axis]! / 1000;
      assert.ok(Math.abs(w.x[axis * 26 + t]! - g) < 1e-6);
      const z = (g - raw.stats.meanG[axis]!) / raw.stats.stdG[axis]!;
      assert.ok(Math.abs(norm.val.get(0).x[axis * 26 + t]! - z) < 1e-4);
    }
  }
  assert.equal(norm.normalized, true);
  assert.equal(raw.normalized, false);
});

test('loadHarDataset skips recordings shorter than a window and reports them', () => {
  const dir = synthetic(3, 100);
  const short = join(dir, 'walking', 'walking_09_26Hz_4g_mg.csv');
  writeFileSync(short, formatHarCsv(synthesizeHarRecording('walking', 10, new Rng(5))));
  const ds = loadHarDataset(dir);
  assert.deepEqual(ds.skippedShort, [{ file: 'walking/walking_09_26Hz_4g_mg.csv', samples: 10 }]);
  assert.ok(![...ds.trainFiles, ...ds.valFiles].includes('walking/walking_09_26Hz_4g_mg.csv'));
});

test('loadHarDataset refuses a class too small to appear in both splits, and bad options', () => {
  const dir = synthetic(1, 100);
  assert.throws(() => loadHarDataset(dir), /class "running" has 1 usable recording\(s\); at least 2 are needed/);
  const ok = synthetic(2, 100);
  assert.throws(() => loadHarDataset(ok, { valFraction: 1 }), /options.valFraction must be in \(0, 1\), got 1/);
  assert.throws(() => loadHarDataset(ok, { windowLength: 0 }), /options.windowLength must be a positive integer, got 0/);
  assert.throws(() => loadHarDataset(ok, { windowLength: 200 }), /has 0 usable recording/);
});

test('synthetic classes are separable by window energy (the generator makes a learnable task)', () => {
  const ds = loadHarDataset(synthetic(5, 260), { seed: 2, normalize: false });
  // Feature: mean over axes of the per-axis variance within the window (gravity cancels).
  const energy = (x: Float32Array): number => {
    let total = 0;
    for (let axis = 0; axis < 3; axis++) {
      const row = x.subarray(axis * 26, axis * 26 + 26);
      const mean = row.reduce((a, b) => a + b, 0) / 26;
      total += row.reduce((a, b) => a + (b - mean) ** 2, 0) / 26;
    }
    return Math.log(total / 3);
  };
  const centroid = [0, 0, 0];
  const count = [0, 0, 0];
  for (let i = 0; i < ds.train.length; i++) {
    const s = ds.train.get(i);
    centroid[s.y]! += energy(s.x);
    count[s.y]!++;
  }
  const c = centroid.map((v, k) => v / count[k]!);
  let correct = 0;
  for (let i = 0; i < ds.val.length; i++) {
    const s = ds.val.get(i);
    const e = energy(s.x);
    const guess = c.reduce((best, v, k) => (Math.abs(e - v) < Math.abs(e - c[best]!) ? k : best), 0);
    if (guess === s.y) correct++;
  }
  assert.ok(correct / ds.val.length > 0.9, `nearest-centroid accuracy ${correct / ds.val.length}`);
});
