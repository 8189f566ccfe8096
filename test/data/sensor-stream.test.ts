/**
 * readSensorStream: the three stream formats `edgewatt run --stream` takes
 * (headerless CSV with the rate in the file name, CSV with a timestamp
 * column, WFDB), checked on small files written here and, when the shared
 * data is present, on a real HAR recording, a NAB stream and MIT-BIH 100.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseSensorCsv, readSensorStream, sampleRateFromFileName } from '../../src/data/sensor-stream.js';
import { writeSyntheticWfdb } from '../../src/data/wfdb/synthetic.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'ew-sensor-stream-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the rate from a file name: _26Hz_ and _12.5Hz. forms; none gives null', () => {
  assert.equal(sampleRateFromFileName('/a/walking_01_26Hz_4g_mg.csv'), 26);
  assert.equal(sampleRateFromFileName('x_12.5Hz.csv'), 12.5);
  assert.equal(sampleRateFromFileName('/26Hz_dir/plain.csv'), null);
});

test('a headerless CSV: positional columns, the rate from the name or the caller, else an error asking for it', () => {
  const text = ' -276,   -85,  -309\r\n1,2,3\r\n4,5,6\r\n';
  const s = parseSensorCsv(text, 'rec_26Hz_4g_mg.csv');
  assert.equal(s.format, 'csv-headerless');
  assert.equal(s.channels, null);
  assert.equal(s.sampleRateHz, 26);
  assert.equal(s.length, 3);
  assert.deepEqual([...s.values], [-276, -85, -309, 1, 2, 3, 4, 5, 6]);
  assert.equal(s.timeS, null);
  assert.equal(parseSensorCsv(text, 'plain.csv', 50).sampleRateHz, 50);
  assert.throws(() => parseSensorCsv(text, 'plain.csv'), /plain\.csv: .*no reading times.*--rate/);
  assert.throws(() => parseSensorCsv('1,2,3\n4,x,6\n', 'bad_10Hz_.csv'), (e: unknown) => e instanceof FileFormatError && /bad_10Hz_\.csv:3?.*column 2/.test(e.message));
});

test('a CSV with a timestamp column: named channels, the rate from the median step, times from the first reading', () => {
  const text = 'timestamp,value,other\n2014-01-01 00:00:00,1,10\n2014-01-01 00:05:00,2,20\n2014-01-01 00:10:00,3,30\n2014-01-01 00:20:00,4,40\n';
  const s = parseSensorCsv(text, 'nab.csv');
  assert.equal(s.format, 'csv');
  assert.deepEqual(s.channels, ['value', 'other']);
  assert.ok(Math.abs(s.sampleRateHz - 1 / 300) < 1e-15);
  assert.deepEqual([...s.timeS!], [0, 300, 600, 1200]);
  assert.deepEqual([...s.values], [1, 10, 2, 20, 3, 30, 4, 40]);
  assert.throws(() => parseSensorCsv('timestamp,value\n', 'empty.csv'), /empty\.csv: rows: no readings/);
});

test('a WFDB record: signal descriptions as channel names, the header rate, physical units; the .dat is refused naming the .hea', () => {
  const { headerPath, record } = writeSyntheticWfdb(join(dir, 'wfdb'), { beats: 4 });
  const s = readSensorStream(headerPath);
  assert.equal(s.format, 'wfdb');
  assert.equal(s.sampleRateHz, record.header.samplingFrequencyHz);
  assert.equal(s.channels!.length, record.header.signals.length);
  assert.equal(s.values.length, s.length * s.channels!.length);
  assert.deepEqual(readSensorStream(headerPath.slice(0, -4)).channels, s.channels, 'the record name without .hea works too');
  assert.throws(() => readSensorStream(headerPath.replace(/\.hea$/, '.dat')), /give the WFDB record's header \(.*\.hea\)/);
  assert.throws(() => readSensorStream(headerPath, { sampleRateHz: 100 }), /the header says .* Hz/);
});

test('bad paths: missing, a folder, an unknown extension', () => {
  assert.throws(() => readSensorStream(join(dir, 'nope.csv')), /nope\.csv not found/);
  assert.throws(() => readSensorStream(dir), /is a folder/);
  const p = join(dir, 'x.parquet');
  writeFileSync(p, 'x');
  assert.throws(() => readSensorStream(p), /unknown stream format "\.parquet"/);
});

test('real files: a HAR recording (1000 readings at 26 Hz), NAB ambient temperature (hourly), MIT-BIH 100 (2 × 650,000 at 360 Hz)', { skip: skipUnlessShared('har-stm32') || skipUnlessShared('nab') || skipUnlessShared('ecg-mitbih', '100.hea') }, () => {
  const har = readSensorStream(sharedDataPath('har-stm32', 'walking', 'walking_01_26Hz_4g_mg.csv'));
  assert.equal(har.length, 1000);
  assert.equal(har.sampleRateHz, 26);
  const nab = readSensorStream(sharedDataPath('nab', 'ambient_temperature_system_failure.csv'));
  assert.deepEqual(nab.channels, ['value']);
  assert.ok(Math.abs(1 / nab.sampleRateHz - 3600) < 1e-6, `NAB ambient temperature is hourly, got a step of ${1 / nab.sampleRateHz} s`);
  const ecg = readSensorStream(sharedDataPath('ecg-mitbih', '100.hea'));
  assert.deepEqual(ecg.channels, ['MLII', 'V5']);
  assert.equal(ecg.length, 650_000);
  assert.equal(ecg.sampleRateHz, 360);
});
