import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { parseCsvTimeSeries, timeSeriesWindows } from '../../src/data/csv-timeseries.js';
import { parseTimestampS } from '../../src/data/csv-timeseries-table.js';
import { resampleFixedStep } from '../../src/data/resample.js';

function formatError(fn: () => unknown): FileFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FileFormatError) return e;
    throw e;
  }
  assert.fail('expected a FileFormatError');
}

test('timestamps: NAB form, fractions, ISO T/Z, numeric seconds; impossible dates rejected', () => {
  assert.equal(parseTimestampS('1970-01-01 00:00:00'), 0);
  assert.equal(parseTimestampS('2013-12-10 06:25:00.000000'), Date.UTC(2013, 11, 10, 6, 25) / 1000);
  assert.equal(parseTimestampS('2013-12-10T06:25:00.5Z'), Date.UTC(2013, 11, 10, 6, 25) / 1000 + 0.5);
  assert.equal(parseTimestampS('12.5'), 12.5);
  for (const bad of ['2013-02-30 00:00:00', '2013-13-01 00:00:00', '2013-01-01 24:00:00', '2013-01-01', 'NaN', '', '1e999']) {
    assert.equal(parseTimestampS(bad), undefined, bad);
  }
});

test('parseCsvTimeSeries: header detection, columns by name, [T, C] values, median step', () => {
  const s = parseCsvTimeSeries('timestamp,a,b\n2020-01-01 00:00:00,1,10\n2020-01-01 00:05:00,2,20\n2020-01-01 00:10:00,3,30\n', 'x.csv');
  assert.deepEqual(s.columns, ['a', 'b']);
  assert.deepEqual([...s.values], [1, 10, 2, 20, 3, 30]);
  assert.equal(s.timeS[1]! - s.timeS[0]!, 300);
  assert.equal(s.medianStepS, 300);
  assert.deepEqual(s.gaps, []);
  const noHeader = parseCsvTimeSeries('0,5\n1,6\r\n2,7\n', 'n.csv');
  assert.deepEqual(noHeader.columns, ['column 1']);
  assert.deepEqual([...noHeader.timeS], [0, 1, 2]);
  const picked = parseCsvTimeSeries('v,t,w\n1,0,9\n2,1,8\n', 'p.csv', { timeColumn: 't', valueColumns: ['w'] });
  assert.deepEqual([...picked.values], [9, 8]);
});

test('bad input: errors name the file, the column and the line', () => {
  const bad = formatError(() => parseCsvTimeSeries('timestamp,value\n0,1\n1,oops\n', 'b.csv'));
  assert.deepEqual([bad.file, bad.field, bad.offset, bad.offsetUnit], ['b.csv', 'value', 3, 'line']);
  const back = formatError(() => parseCsvTimeSeries('timestamp,value\n0,1\n5,1\n\n5,2\n', 'm.csv'));
  assert.deepEqual([back.field, back.offset], ['timestamp', 5]);
  assert.match(back.message, /strictly increase/);
  assert.equal(formatError(() => parseCsvTimeSeries('timestamp,value\n2020-02-30 00:00:00,1\n', 'd.csv')).offset, 2);
  assert.equal(formatError(() => parseCsvTimeSeries('timestamp,value\n0,1\n1\n', 'c.csv')).offset, 3, 'ragged row from csv-parse');
  assert.match(formatError(() => parseCsvTimeSeries('timestamp,value\n0,1\n', 'k.csv', { valueColumns: ['v'] })).message, /not in the header/);
  assert.equal(formatError(() => parseCsvTimeSeries('timestamp,value\n0,\n', 'e.csv')).field, 'value', 'an empty cell is not silently zero');
});

test('gaps are reported, not filled', () => {
  const s = parseCsvTimeSeries('t,v\n0,0\n10,1\n20,2\n60,6\n70,7\n', 'g.csv');
  assert.equal(s.medianStepS, 10);
  assert.deepEqual(s.gaps, [{ afterIndex: 2, fromS: 20, toS: 60, missingSteps: 3 }]);
});

test('resampleFixedStep: linear interpolation, bin means, filled bins counted', () => {
  const t = Float64Array.from([0, 10, 20, 60, 70]);
  const v = Float32Array.from([0, 1, 2, 6, 7]);
  const up = resampleFixedStep(t, v, 1, 5);
  assert.equal(up.method, 'linear');
  assert.deepEqual([...up.timeS].slice(0, 4), [0, 5, 10, 15]);
  assert.deepEqual([...up.values], Array.from({ length: 15 }, (_, k) => k * 0.5), 'v = t / 10 is linear, so interpolation is exact');
  const down = resampleFixedStep(t, v, 1, 20);
  assert.equal(down.method, 'mean');
  // Bins [0,20): {0,1} -> 0.5; [20,40): {2} -> 2; [40,60): empty, interpolated at its centre 50 -> 5; [60,80): {6,7} -> 6.5.
  assert.deepEqual([...down.values], [0.5, 2, 5, 6.5]);
  assert.equal(down.interpolatedBins, 1);
  const two = resampleFixedStep(Float64Array.from([0, 2]), Float32Array.from([0, 100, 2, 300]), 2, 1, { method: 'linear' });
  assert.deepEqual([...two.values], [0, 100, 1, 200, 2, 300]);
  assert.throws(() => resampleFixedStep(Float64Array.from([1, 1]), Float32Array.from([0, 0]), 1, 1), /strictly increase/);
});

test('timeSeriesWindows reuses slidingWindows and records each window start time', () => {
  const s = parseCsvTimeSeries('t,a,b\n0,1,10\n1,2,20\n2,3,30\n3,4,40\n4,5,50\n', 'w.csv');
  const w = timeSeriesWindows(s, 3, 2);
  assert.deepEqual(w.shape, [2, 2, 3]);
  assert.deepEqual([...w.startS], [0, 2]);
  assert.deepEqual([...w.data], [1, 2, 3, 10, 20, 30, 3, 4, 5, 30, 40, 50]);
});
