/**
 * NAB reader on a synthetic stream (always) and on the two realKnownCause
 * streams in the shared data folder (skipped when absent). Real counts were
 * read off the files: machine_temperature_system_failure.csv has 22,695 data
 * rows and 4 windows; ambient_temperature_system_failure.csv 7,267 rows and 2.
 */
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { parseNabStream, parseNabWindows, readNabStream } from '../../src/data/nab.js';
import { writeSyntheticNab } from '../../src/data/nab-synthetic.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const root = mkdtempSync(join(tmpdir(), 'edgewatt-nab-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('synthetic NAB stream: labels are 1 exactly inside the windows, ends matched to samples', () => {
  const truth = writeSyntheticNab(root, { samples: 400, windows: [[100, 119], [300, 300]] });
  const s = readNabStream(root, truth.key);
  assert.equal(s.key, truth.key);
  assert.equal(s.series.timeS.length, 400);
  assert.deepEqual([...s.series.timeS], [...truth.timeS]);
  assert.equal(s.series.medianStepS, 300);
  const expected = Array.from({ length: 400 }, (_, i) => ((i >= 100 && i <= 119) || i === 300 ? 1 : 0));
  assert.deepEqual([...s.labels], expected);
  assert.deepEqual(s.windows.map((w) => [w.firstIndex, w.lastIndex, w.endsOnSamples]), [[100, 119, true], [300, 300, true]]);
  assert.ok(Math.abs(s.series.values[5]! - truth.values[5]!) < 1e-4);
});

test('windows between samples still label the samples inside; empty windows say so', () => {
  const labels = parseNabWindows(JSON.stringify({ 'x/s.csv': [['1970-01-01 00:00:05.000000', '1970-01-01 00:00:25.000000'], ['1970-01-01 00:01:05', '1970-01-01 00:01:06']] }), 'w.json');
  const s = parseNabStream('timestamp,value\n0,1\n10,2\n20,3\n30,4\n', 's.csv', labels, 's.csv');
  assert.deepEqual([...s.labels], [0, 1, 1, 0]);
  assert.deepEqual(s.windows.map((w) => [w.firstIndex, w.lastIndex, w.endsOnSamples]), [[1, 2, false], [-1, -1, false]]);
});

test('label file errors name the key and what was expected', () => {
  const err = (text: string) => {
    try { parseNabWindows(text, 'w.json'); } catch (e) { assert.ok(e instanceof FileFormatError); return e.message; }
    assert.fail('expected an error');
  };
  assert.match(err('{'), /not valid JSON/);
  assert.match(err('{"a.csv": [["2014-01-01 00:00:00", 5]]}'), /a\.csv\[0\]: expected \[/);
  assert.match(err('{"a.csv": [["2014-01-02 00:00:00", "2014-01-01 00:00:00"]]}'), /ends .* before it starts/);
  assert.match(err('{"a.csv": [["2014-01-32 00:00:00", "2014-01-01 00:00:00"]]}'), /a\.csv\[0\]\[0\]/);
  const labels = parseNabWindows('{"a/s.csv": [], "b/s.csv": []}', 'w.json');
  assert.throws(() => parseNabStream('timestamp,value\n0,1\n', 's.csv', labels, 's.csv'), /ambiguous/);
});

const skip = skipUnlessShared('nab', 'combined_windows.json');
const nabDir = sharedDataPath('nab');

test('real NAB: machine_temperature_system_failure, 22,695 rows (12 out of order, reported), 4 windows', { skip }, () => {
  const s = readNabStream(nabDir, 'machine_temperature_system_failure.csv');
  assert.equal(s.key, 'realKnownCause/machine_temperature_system_failure.csv');
  // The file repeats 2014-01-07 02:00-02:55 right after 02:55 (lines 10151-10162).
  assert.deepEqual(s.series.droppedRows.map((r) => r.line), Array.from({ length: 12 }, (_, k) => 10151 + k));
  assert.equal(s.series.droppedRows[0]!.timeS, Date.UTC(2014, 0, 7, 2, 0) / 1000);
  assert.equal(s.series.timeS.length + s.series.droppedRows.length, 22_695);
  assert.throws(() => readNabStream(nabDir, 'machine_temperature_system_failure.csv', undefined, { outOfOrder: 'error' }), (e: unknown) => e instanceof FileFormatError && e.offset === 10151);
  assert.equal(s.windows.length, 4);
  assert.ok(s.windows.every((w) => w.endsOnSamples), 'NAB windows start and end on sample timestamps');
  assert.equal(s.windows[0]!.start, '2013-12-10 06:25:00.000000');
  assert.equal(s.series.timeS[s.windows[0]!.firstIndex], Date.UTC(2013, 11, 10, 6, 25) / 1000);
  const inWindows = s.windows.reduce((n, w) => n + w.lastIndex - w.firstIndex + 1, 0);
  assert.equal(s.labels.reduce((a, b) => a + b, 0), inWindows, 'windows do not overlap');
  assert.equal(s.series.medianStepS, 300, '5-minute steps');
  // The first data row, read straight from the file.
  const firstRow = readFileSync(join(nabDir, 'machine_temperature_system_failure.csv'), 'utf8').split('\n')[1]!.split(',');
  assert.ok(Math.abs(s.series.values[0]! - Number(firstRow[1])) < 1e-4);
  assert.deepEqual(s.series.gaps, [], 'no step longer than 1.5 x 5 min once the repeated hour is dropped');
});

test('real NAB: ambient_temperature_system_failure, 7,267 rows, 2 windows', { skip }, () => {
  const s = readNabStream(nabDir, 'ambient_temperature_system_failure.csv');
  assert.equal(s.series.timeS.length, 7267);
  assert.deepEqual(s.series.droppedRows, []);
  assert.equal(s.windows.length, 2);
  assert.equal(s.series.medianStepS, 3600, 'hourly steps');
  assert.ok(s.windows.every((w) => w.firstIndex >= 0 && w.lastIndex > w.firstIndex));
});
