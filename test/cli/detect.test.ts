/**
 * `edgewatt detect <stream>` as a user runs it, on synthetic data written to
 * a temporary folder (a NAB-format CSV with its combined_windows.json, a
 * WFDB record with its .atr) and 2 epochs, so each run takes seconds: the
 * table and the --json object per precision, the score charts and
 * result.json in the report folder, argument errors named before any work,
 * and a CSV with a gap or a repeated timestamp refused with --repair named,
 * then accepted with --repair and the repair listed. With --ladder, a NAB
 * stream also gets one detector trained on its first half and saved as a
 * ladder (the cross-fitted figures unchanged), and a first half that cannot
 * train it is refused before training, naming the file.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticNab } from '../../src/data/nab-synthetic.js';
import { writeSyntheticWfdb } from '../../src/data/wfdb/synthetic.js';
import { assertCleanSvg } from './plot/svg-checks.js';
import { byClass, findAll } from './plot/well-formed-xml.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');
const work = mkdtempSync(join(tmpdir(), 'edgewatt-cli-detect-'));
after(() => rmSync(work, { recursive: true, force: true }));
const run = (args: string[], cwd = work) => spawnSync(process.execPath, [cli, 'detect', ...args], { encoding: 'utf8', timeout: 120_000, cwd });

/**
 * 1200 readings at 5 min (300 scored after decimation by 4, the least the
 * task's 2 folds of 64-reading windows allow is 256) with the generator's
 * two windows at readings 360–420 and 960–1020, both after the detector's
 * warm-up of 63 × 4 readings.
 */
const nabDir = join(work, 'nab');
const nab = writeSyntheticNab(nabDir, { samples: 1200 });
const nabCsv = join(nabDir, 'synthetic_stream.csv');
/** 40 beats, every 7th a PVC: 5 abnormal test beats. */
const ecg = writeSyntheticWfdb(join(work, 'ecg'));
const FAST = ['--epochs', '2', '--quiet'];

/** A copy of the NAB stream with its label file, the CSV lines changed by `edit` (line 0 is the header). */
function nabVariant(name: string, edit: (lines: string[]) => string[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'combined_windows.json'), nab.windowsJson);
  const path = join(dir, 'synthetic_stream.csv');
  writeFileSync(path, edit(nab.csv.trimEnd().split('\n')).join('\n') + '\n');
  return path;
}

interface NabJson {
  task: string;
  key: string;
  readings: number;
  scoredReadings: number;
  streamCheck: string[];
  precisions: { precision: string; windowsDetected: number; windowsTotal: number; falseAlarms: number; rocAuc: number; weightBytes: number }[];
  report: string;
}

test('NAB CSV: a table row per precision, and the report folder under reports/detect/<stream> by default', () => {
  const r = run([nabCsv, '--epochs', '2']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const head = lines.findIndex((l) => l.startsWith('precision'));
  assert.ok(head > 0, r.stdout);
  for (const column of ['windows detected', 'false alarms', 'point ROC-AUC', 'weights']) assert.ok(lines[head]!.includes(column), column);
  const rows = lines.slice(head + 2);
  assert.deepEqual(rows.map((l) => l.split(/\s+/)[0]), ['fp32', 'int8', 'int4', 'mixed']);
  for (const row of rows) assert.match(row, /\s\d\/2\s/, 'windows detected out of the 2 labelled');
  assert.match(lines[0]!, /1,200 readings → 300 scored/);
  // Progress on stderr without --quiet, then the report path.
  assert.match(r.stderr, /\[detect\] fold 1\/2: training/);
  const dir = join(work, 'reports', 'detect', 'synthetic_stream');
  assert.match(r.stderr, new RegExp(`report: ${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`));
  assert.deepEqual(readdirSync(dir).sort(), ['result.json', 'score-fp32.svg', 'score-int4.svg', 'score-int8.svg', 'score-mixed.svg']);
});

test('NAB --json: one object with the metrics per precision, matching result.json; charts with the windows, threshold and detections', () => {
  const out = join(work, 'nab-json');
  const r = run([nabCsv, ...FAST, '--json', '--precision', 'fp32,int8', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const j = JSON.parse(lines[0]!) as NabJson;
  assert.equal(j.task, 'nab');
  assert.equal(j.key, 'synthetic/synthetic_stream.csv');
  assert.equal(j.report, out);
  assert.deepEqual([j.readings, j.scoredReadings], [1200, 300]);
  assert.deepEqual(j.streamCheck, ['no repairs needed (1200 readings)']);
  assert.deepEqual(j.precisions.map((p) => p.precision), ['fp32', 'int8']);
  for (const p of j.precisions) {
    assert.equal(p.windowsTotal, 2);
    assert.ok(p.windowsDetected >= 0 && p.windowsDetected <= 2);
    assert.ok(p.rocAuc >= 0 && p.rocAuc <= 1, `ROC-AUC ${p.rocAuc}`);
    assert.ok(Number.isInteger(p.falseAlarms) && p.falseAlarms >= 0);
  }
  assert.ok(j.precisions[1]!.weightBytes < j.precisions[0]!.weightBytes / 2, 'int8 weights well under half of fp32');
  assert.ok(lines[0]!.length < 2000, 'no per-reading arrays in --json');
  type Detailed = NabJson['precisions'][number] & { detections: string[]; firstDetectionDelayS: (number | null)[] };
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { precisions: Detailed[]; windows: unknown[] };
  assert.equal(result.windows.length, 2);
  result.precisions.forEach((p, k) => {
    const { detections, firstDetectionDelayS, ...metrics } = p;
    assert.deepEqual(metrics, j.precisions[k]);
    assert.equal(firstDetectionDelayS.filter((d) => d !== null).length, p.windowsDetected);
    assert.ok(detections.length >= p.windowsDetected + p.falseAlarms, 'every detection is a hit or a false alarm');
  });
  for (const [k, precision] of ['fp32', 'int8'].entries()) {
    const svg = assertCleanSvg(readFileSync(join(out, `score-${precision}.svg`), 'utf8'));
    assert.equal(findAll(svg, byClass('anomaly-window')).length, 2 * 2, 'both windows shaded in the signal and the score panel');
    assert.equal(findAll(svg, byClass('threshold')).length, 1);
    assert.equal(findAll(svg, byClass('detection')).length, result.precisions[k]!.detections.length);
  }
  assert.ok(!existsSync(join(out, 'score-int4.svg')), 'only the precisions asked for');
});

test('ECG record (.hea): ROC-AUC, PR-AUC, sensitivity and false alarms per precision, beats as windows in the chart', () => {
  const out = join(work, 'ecg-out');
  const r = run([ecg.headerPath, ...FAST, '--precision', 'fp32,int4', '--out', out, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { task: string; lead: string; beats: { testAbnormal: number; testNormal: number }; precisions: { precision: string; rocAuc: number; prAuc: number; sensitivity: number; falseAlarms: number; weightBytes: number }[] };
  assert.equal(j.task, 'ecg');
  assert.equal(j.lead, 'MLII');
  assert.equal(j.beats.testAbnormal, 5);
  assert.deepEqual(j.precisions.map((p) => p.precision), ['fp32', 'int4']);
  for (const p of j.precisions) {
    for (const v of [p.rocAuc, p.prAuc, p.sensitivity]) assert.ok(v >= 0 && v <= 1, String(v));
    assert.ok(p.falseAlarms <= j.beats.testNormal);
  }
  const svg = assertCleanSvg(readFileSync(join(out, 'score-int4.svg'), 'utf8'));
  assert.equal(findAll(svg, byClass('anomaly-window')).length, 5, 'one zero-width window per abnormal test beat');
  assert.ok(existsSync(join(out, 'result.json')));

  const table = run([ecg.headerPath, ...FAST, '--precision', 'int8', '--out', join(work, 'ecg-table'), '--ladder']);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /precision\s+ROC-AUC\s+PR-AUC\s+sensitivity\s+false alarms \(normal beats\)\s+weights/);
  assert.match(table.stdout, /\nint8\s+\d\.\d{3}\s+\d\.\d{3}\s+\d+\.\d%\s+\d+\/\d+\s+[\d.]+ KiB/);
  // --ladder: the detector saved under <out>/ladder, every rung with its ROC-AUC, the files the manifest names beside it.
  const ladderDir = join(work, 'ecg-table', 'ladder');
  assert.match(table.stdout, /ladder: .*ladder\.json — ROC-AUC of each rung's reconstruction error: fp32 \d\.\d{3} \([\d.]+ KiB\), int8 \d\.\d{3}/);
  const manifest = JSON.parse(readFileSync(join(ladderDir, 'ladder.json'), 'utf8')) as { model: { task: string }; variants: { id: string; file: string; quality: { metric: string; value: number } }[] };
  assert.equal(manifest.model.task, 'ecg-anomaly');
  assert.deepEqual(manifest.variants.map((v) => v.id), ['fp32', 'int8', 'int4', 'mixed']);
  for (const v of manifest.variants) {
    assert.equal(v.quality.metric, 'roc-auc');
    assert.ok(v.quality.value >= 0 && v.quality.value <= 1);
    assert.ok(existsSync(join(ladderDir, v.file)), v.file);
  }
});

test('NAB --ladder: the cross-fitted result as without it, plus one detector saved as a ladder whose rungs are scored on the stream\'s second half', () => {
  const out = join(work, 'nab-ladder');
  const r = run([nabCsv, ...FAST, '--precision', 'fp32', '--json', '--ladder', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as NabJson & { ladder: { manifest: string; rungs: { id: string; rocAuc: number; weightBytes: number }[]; trainFraction: number; trainReadings: number; testWindows: number; testPositive: number } };
  const plain = JSON.parse(run([nabCsv, ...FAST, '--precision', 'fp32', '--json', '--out', join(work, 'nab-no-ladder')]).stdout) as NabJson;
  assert.deepEqual(j.precisions, plain.precisions, 'the cross-fitted figures do not change with --ladder');
  // 300 scored readings: the first 150 train; windows of 64 wholly after them: 150..236, 60 touching the window at readings 240..255.
  assert.deepEqual([j.ladder.trainFraction, j.ladder.trainReadings, j.ladder.testWindows, j.ladder.testPositive], [0.5, 150, 87, 60]);
  const ladderDir = join(out, 'ladder');
  assert.equal(j.ladder.manifest, join(ladderDir, 'ladder.json'));
  const manifest = JSON.parse(readFileSync(j.ladder.manifest, 'utf8')) as { model: { name: string; task: string; inputShape: number[] }; variants: { id: string; file: string; weightBytes: number; quality: { metric: string; value: number; samples: number } }[] };
  assert.deepEqual([manifest.model.name, manifest.model.task, manifest.model.inputShape], ['nab-vae', 'nab-anomaly', [1, 64]]);
  assert.deepEqual(manifest.variants.map((v) => v.id), ['fp32', 'int8', 'int4', 'mixed']);
  assert.deepEqual(j.ladder.rungs, manifest.variants.map((v) => ({ id: v.id, rocAuc: v.quality.value, weightBytes: v.weightBytes })));
  for (const v of manifest.variants) {
    assert.equal(v.quality.metric, 'roc-auc');
    assert.equal(v.quality.samples, 87);
    assert.ok(v.quality.value > 0 && v.quality.value <= 1, `${v.id}: ${v.quality.value}`);
    assert.ok(existsSync(join(ladderDir, v.file)), v.file);
  }
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { ladderTraining: { trainWindows: number; validationWindows: number; epochs: unknown[] } };
  // Normal windows of 64 in readings 0..149 avoiding the labelled 90..105: starts 0..26, 20% held out.
  assert.deepEqual([result.ladderTraining.trainWindows, result.ladderTraining.validationWindows, result.ladderTraining.epochs.length], [22, 5, 2]);

  const table = run([nabCsv, ...FAST, '--precision', 'int8', '--ladder', join(work, 'nab-ladder-dir'), '--out', join(work, 'nab-ladder-table')]);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /\nladder: .*nab-ladder-dir[\\/]ladder\.json — one detector trained on the first 50 % \(150 scored readings\); ROC-AUC of each rung's reconstruction error on the 87 windows after it \(60 touch a labelled window\): fp32 \d\.\d{3} \([\d.]+ KiB\), int8 /);
});

test('NAB --ladder refuses, naming the CSV and what was expected, a first half too short or without normal windows, before training', () => {
  // 1000 readings → 250 scored; the first half holds 125, fewer than two windows of 64.
  const shortDir = join(work, 'short');
  writeSyntheticNab(shortDir, { samples: 1000 });
  const short = join(shortDir, 'synthetic_stream.csv');
  const r = run([short, '--epochs', '2', '--ladder', '--out', join(work, 'short-out')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /short[\\/]synthetic_stream\.csv: readings: the training stretch \(the first 50 % of 250 readings after decimation by 4\) holds 125 readings; the detector needs at least 128 \(two windows of 64\) \(--ladder trains one detector on the stream's first 50 % and scores it on the rest\)/);
  assert.doesNotMatch(r.stderr, /fold 1/, 'refused before training (progress is on)');
  assert.ok(!existsSync(join(work, 'short-out')));
  // A labelled window over scored readings 64..147 leaves one normal window (start 0) in the first 150.
  const floodDir = join(work, 'flood');
  writeSyntheticNab(floodDir, { samples: 1200, windows: [[256, 590], [960, 1020]] });
  const flood = run([join(floodDir, 'synthetic_stream.csv'), '--epochs', '2', '--ladder', '--quiet']);
  assert.equal(flood.status, 1);
  assert.match(flood.stderr, /flood[\\/]synthetic_stream\.csv: readings: .*holds 1 window of 64 readings outside every labelled anomaly window; training needs at least 2 \(one to train on, one held out\)/);
  assert.doesNotMatch(flood.stderr, /trainVae/, 'refused by the split check, not by training on nothing');
});

test('argument errors are named before any work, and no report folder is made', () => {
  const out = join(work, 'never');
  const cases: [string[], RegExp][] = [
    [[nabCsv, '--precision', 'fp32,int3'], /option --precision: unknown precision "int3"; known: fp32, int8, int4, mixed/],
    [[nabCsv, '--epochs', '0'], /option --epochs: must be >= 1, got 0/],
    [[nabCsv, '--epochs', 'many'], /option --epochs: expected an integer, got "many"/],
    [[join(work, 'missing.csv')], /stream file .*missing\.csv not found/],
    [[join(nabDir, 'combined_windows.json')], /unknown stream format "\.json"; expected a CSV .* or a WFDB header \(\.hea\)/],
    [[nabCsv, '--labels', join(work, 'none.json')], /option --labels: .*none\.json not found/],
    [[ecg.headerPath, '--repair'], /option --repair applies to CSV streams/],
  ];
  for (const [args, message] of cases) {
    const r = run([...args, '--out', out]);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.split('\n').filter((l) => l !== '').length, 1, `one line: ${r.stderr}`);
  }
  assert.ok(!existsSync(out));
});

test('a missing .atr or label file is named, with what it is needed for', () => {
  const lone = join(work, 'lone');
  mkdirSync(lone);
  for (const ext of ['hea', 'dat']) writeFileSync(join(lone, `syn.${ext}`), readFileSync(ecg.headerPath.replace(/hea$/, ext)));
  assert.match(run([join(lone, 'syn.hea')]).stderr, /lone[\\/]syn\.atr not found: the ECG task scores beats against the record's reference annotations/);
  writeFileSync(join(lone, 'stream.csv'), nab.csv);
  const r = run([join(lone, 'stream.csv')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /lone[\\/]combined_windows\.json not found: detections on stream\.csv need labelled anomaly windows to be scored.*--labels <file>/);
});

test('a CSV with a gap is refused naming --repair, and accepted with --repair with the fill listed (even with --quiet)', () => {
  // Readings 598..603 (lines 599..604) left out: a 35-minute gap at the 5-minute step.
  const path = nabVariant('gap', (lines) => lines.filter((_, i) => i < 599 || i > 604));
  const refused = run([path, ...FAST, '--out', join(work, 'gap-refused')]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /synthetic_stream\.csv: time: a gap of 35 min after the reading at index 597 .*--repair/);
  assert.ok(!existsSync(join(work, 'gap-refused')));
  const out = join(work, 'gap-repaired');
  const r = run([path, ...FAST, '--repair', '--precision', 'fp32', '--json', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /\[detect\] stream check: filled 1 gap \(6 readings, longest 35 min at 2014-01-03 01:45 UTC\)/);
  const j = JSON.parse(r.stdout) as NabJson;
  assert.equal(j.readings, 1200, 'the regridded stream has the readings back');
  assert.equal(j.precisions[0]!.windowsTotal, 2, 'both windows mapped onto the repaired times');
  assert.match(j.streamCheck[0]!, /^filled 1 gap/);
});

test('a repeated timestamp is refused naming its line and --repair, and left out with --repair', () => {
  // Line 700 written twice: the second copy does not come after the first.
  const path = nabVariant('dup', (lines) => lines.flatMap((l, i) => (i === 699 ? [l, l] : [l])));
  const refused = run([path, ...FAST]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /synthetic_stream\.csv: time column at line 701: the time does not come after the row before it\. --repair leaves such rows out/);
  const r = run([path, ...FAST, '--repair', '--precision', 'fp32', '--out', join(work, 'dup-repaired')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /stream check: left out 1 row whose time did not advance \(line 701\)/);
  assert.match(r.stdout, /1,200 readings/);
});

test('labels the task could not score are refused before training: no key for the stream, a window in the warm-up', () => {
  const renamed = join(work, 'renamed');
  mkdirSync(renamed);
  writeFileSync(join(renamed, 'other.csv'), nab.csv);
  writeFileSync(join(renamed, 'combined_windows.json'), nab.windowsJson);
  assert.match(run([join(renamed, 'other.csv'), ...FAST]).stderr, /combined_windows\.json: label key: "other\.csv": no label-file key names it; keys: synthetic\/synthetic_stream\.csv/);
  const early = join(work, 'early');
  writeSyntheticNab(early, { samples: 1200, windows: [[100, 150], [900, 950]] });
  const r = run([join(early, 'synthetic_stream.csv'), '--epochs', '2']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /starts within the first 252 readings \(21 h\), before the detector has one window of history/);
  assert.doesNotMatch(r.stderr, /fold 1/, 'refused before training (progress is on)');
});
