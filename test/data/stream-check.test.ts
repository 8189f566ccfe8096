/**
 * checkStream: every check on small in-memory streams (ramps, so repaired
 * values are known exactly), each error by what its message names, the
 * input arrays compared with copies taken before the call; and, when the
 * shared data is present, the two real NAB streams: machine_temperature
 * (5-min steps, no gaps once its repeated hour is dropped) and
 * ambient_temperature (hourly, 10 gaps).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DroppedRow } from '../../src/data/csv-timeseries.js';
import { parseSensorCsv, readSensorStream, type SensorStream } from '../../src/data/sensor-stream.js';
import { checkStream } from '../../src/data/stream-check.js';
import { StreamCheckError, type StreamCheckKind } from '../../src/data/stream-check-error.js';
import { formatDurationS, formatRepairReport, formatStreamTime } from '../../src/data/stream-check-report.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const jan7 = Date.UTC(2014, 0, 7, 2, 0) / 1000;

/** A stream of `rows` (one array per reading), named channels or null. */
function stream(rows: number[][], channels: string[] | null, extra: { rateHz?: number; timeS?: number[]; startUtcS?: number; droppedRows?: DroppedRow[] } = {}): SensorStream {
  const c = rows[0]!.length;
  return {
    source: 'rec.csv', format: 'csv', channels, units: Array(c).fill(null), sampleRateHz: extra.rateHz ?? 1,
    values: Float32Array.from(rows.flat()), length: rows.length,
    timeS: extra.timeS === undefined ? null : Float64Array.from(extra.timeS),
    ...(extra.startUtcS === undefined ? {} : { startUtcS: extra.startUtcS }),
    ...(extra.droppedRows === undefined ? {} : { droppedRows: extra.droppedRows }),
  };
}

function throwsCheck(fn: () => unknown, kind: StreamCheckKind, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StreamCheckError, `expected a StreamCheckError, got ${String(e)}`);
    assert.ok(e instanceof FileFormatError);
    assert.equal(e.check, kind);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

const strict = { gaps: 'error', nans: 'error' } as const;
const repair = { gaps: 'fill', nans: 'interpolate' } as const;

test('a clean stream: nothing repaired, a copy returned, "no repairs needed"', () => {
  const s = stream([[1, 2], [3, 4], [5, 6]], ['a', 'b'], { rateHz: 2 });
  const { stream: out, report } = checkStream(s, { sampleRateHz: 2, channels: 2, windowLength: 3 }, strict);
  assert.notEqual(out.values, s.values);
  assert.deepEqual([...out.values], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(report.gaps, []);
  assert.deepEqual(report.nanRuns, []);
  assert.equal(report.resampled, null);
  assert.deepEqual(formatRepairReport(report), ['no repairs needed (3 readings)']);
});

test('gaps, fill: the ramp regridded at the 5-min step, values exact, the gap listed with its date; input untouched', () => {
  // Readings at 0, 5, 10, 30, 35 min: 10 → 30 min lacks 15, 20 and 25.
  const t = [0, 300, 600, 1800, 2100];
  const s = stream(t.map((x) => [x / 300, -x]), ['value', 'neg'], { rateHz: 1 / 300, timeS: t, startUtcS: jan7 });
  const valuesBefore = s.values.slice();
  const timeBefore = s.timeS!.slice();
  const { stream: out, report } = checkStream(s, {}, { gaps: 'fill', nans: 'error' });
  assert.deepEqual([...out.timeS!], [0, 300, 600, 900, 1200, 1500, 1800, 2100]);
  assert.deepEqual([...out.values], [0, -0, 1, -300, 2, -600, 3, -900, 4, -1200, 5, -1500, 6, -1800, 7, -2100]);
  assert.equal(out.length, 8);
  assert.deepEqual(report.gaps, [{ afterIndex: 2, startS: 600, endS: 1800, inserted: 3 }]);
  assert.equal(report.readingsIn, 5);
  assert.equal(report.readingsOut, 8);
  assert.equal(report.stepS, 300);
  assert.deepEqual(formatRepairReport(report), ['filled 1 gap (3 readings, longest 20 min at 2014-01-07 02:10 UTC)']);
  assert.deepEqual(s.values, valuesBefore);
  assert.deepEqual(s.timeS, timeBefore);
  assert.equal(s.length, 5);
});

test('gaps, fill: a gap that is not a whole number of steps gets round(gap/step) − 1 readings from its start', () => {
  // 600 → 1650 s is 3.5 steps: 3 readings at 900, 1200, 1500, then the real one 150 s later.
  const t = [0, 300, 600, 1650];
  const { stream: out, report } = checkStream(stream(t.map((x) => [x / 300]), null, { rateHz: 1 / 300, timeS: t }), {}, { gaps: 'fill', nans: 'error' });
  assert.deepEqual([...out.timeS!], [0, 300, 600, 900, 1200, 1500, 1650]);
  assert.deepEqual([...out.values], [0, 1, 2, 3, 4, 5, 5.5]);
  assert.equal(report.gaps[0]!.inserted, 3);
});

test('gaps, error: names the file, the first gap (index, date, length, missing readings), the count, and the option that fills them', () => {
  const t = [0, 300, 600, 1800, 2100, 3000];
  const s = stream(t.map((x) => [x]), ['value'], { rateHz: 1 / 300, timeS: t, startUtcS: jan7 });
  throwsCheck(() => checkStream(s, {}, strict), 'gap', /^rec\.csv: time: /, /index 2 \(2014-01-07 02:10 UTC\)/, /gap of 20 min/, /3 readings missing at the 5 min step/, /2 gaps \(5 readings\) in all/, /gaps: 'fill'/);
  // Without calendar times the position is given in time since the first reading.
  throwsCheck(() => checkStream(stream(t.map((x) => [x]), ['value'], { rateHz: 1 / 300, timeS: t }), {}, strict), 'gap', /\(t = 10 min\)/);
});

test('maxGapS: by default one model window; a gap longer than that is refused even under fill, and the bound is said', () => {
  const t = [0, 300, 600, 1800, 2100];
  const s = stream(t.map((x) => [x / 300]), ['value'], { rateHz: 1 / 300, timeS: t });
  // 3 readings at 5 min = a 15-min window < the 20-min gap; 4 readings = 20 min, which the gap does not exceed.
  throwsCheck(() => checkStream(s, { windowLength: 3 }, repair), 'gap', /gap of 20 min/, /longer than the 15 min a fill may span \(one model window of 3 readings/, /raise policy maxGapS/);
  assert.equal(checkStream(s, { windowLength: 4 }, repair).stream.length, 8);
  throwsCheck(() => checkStream(s, {}, { ...repair, maxGapS: 600 }), 'gap', /longer than the 10 min a fill may span \(policy maxGapS\); 1 gap is too long/);
  assert.equal(checkStream(s, { windowLength: 3 }, { ...repair, maxGapS: 1200 }).report.gaps.length, 1);
});

test('rows the reader dropped are surfaced; a directly built stream whose time does not advance is refused', () => {
  const dropped = [{ line: 5, timeS: jan7 + 300, afterS: jan7 + 600 }, { line: 6, timeS: jan7 + 600, afterS: jan7 + 600 }];
  const s = stream([[1], [2], [3]], ['value'], { rateHz: 1 / 300, timeS: [0, 300, 600], startUtcS: jan7, droppedRows: dropped });
  const { report } = checkStream(s, {}, strict);
  assert.deepEqual(report.droppedRows, dropped);
  assert.deepEqual(formatRepairReport(report), ['left out 2 rows whose time did not advance (lines 5–6)']);
  throwsCheck(() => checkStream(stream([[1], [2], [3]], ['value'], { timeS: [0, 300, 300] }), {}, repair), 'time', /index 2 \(t = 5 min\) does not come after the reading at index 1/, /outOfOrder: 'drop'/);
});

test('parseSensorCsv: outOfOrder drop lists the repeated rows and keeps the calendar start; the default still refuses them', () => {
  const text = 'timestamp,value\n2014-01-07 02:00:00,1\n2014-01-07 02:05:00,2\n2014-01-07 02:00:00,9\n2014-01-07 02:10:00,3\n';
  const s = parseSensorCsv(text, 'nab.csv', undefined, 'drop');
  assert.equal(s.startUtcS, jan7);
  assert.deepEqual(s.droppedRows, [{ line: 4, timeS: jan7, afterS: jan7 + 300 }]);
  assert.deepEqual([...s.values], [1, 2, 3]);
  assert.deepEqual(formatRepairReport(checkStream(s, {}, strict).report), ['left out 1 row whose time did not advance (line 4)']);
  assert.throws(() => parseSensorCsv(text, 'nab.csv'), /nab\.csv: timestamp at line 4: time must strictly increase/);
  assert.equal(parseSensorCsv('time,v\n0,1\n2,2\n', 'num.csv').startUtcS, undefined, 'numeric times have no calendar start');
});

test('NaN runs, interpolate: linear inside, nearest value at the ends, each run listed per channel; input untouched', () => {
  const mlii = [NaN, 1, 2, NaN, NaN, 5, 6, 7, 8, NaN];
  const v5 = [0, 10, 20, 30, 40, 50, NaN, 70, 80, 90];
  const s = stream(mlii.map((x, i) => [x, v5[i]!]), ['MLII', 'V5'], { rateHz: 360 });
  const before = s.values.slice();
  const { stream: out, report } = checkStream(s, {}, { gaps: 'error', nans: 'interpolate' });
  const col = (k: number): number[] => [...out.values].filter((_, i) => i % 2 === k);
  assert.deepEqual(col(0), [1, 1, 2, 3, 4, 5, 6, 7, 8, 8]);
  assert.deepEqual(col(1), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  assert.deepEqual(report.nanRuns, [
    { channel: 0, name: 'MLII', start: 0, length: 1, fill: 'nearest' },
    { channel: 0, name: 'MLII', start: 3, length: 2, fill: 'linear' },
    { channel: 1, name: 'V5', start: 6, length: 1, fill: 'linear' },
    { channel: 0, name: 'MLII', start: 9, length: 1, fill: 'nearest' },
  ]);
  assert.deepEqual(formatRepairReport(report), ['interpolated 3 NaN runs in MLII (4 samples), 1 in V5 (1 sample)']);
  assert.deepEqual([...s.values].map(String), [...before].map(String), 'the NaNs are still in the input');
});

test('NaN runs are interpolated in time, not by index, when the readings are time-stamped', () => {
  const s = stream([[0], [NaN], [3]], ['value'], { timeS: [0, 1, 3] });
  // By index the middle would be 1.5; at t = 1 s of a 0 → 3 s span it is 1.
  assert.deepEqual([...checkStream(s, {}, repair).stream.values], [0, 1, 3]);
});

test('NaN runs, error: names the file, the channel, the sample index and time, the totals and the option; a dead channel is always refused', () => {
  const s = stream([[1, 0], [2, 0], [NaN, 0], [NaN, NaN], [5, 0]], ['MLII', 'V5'], { rateHz: 2 });
  throwsCheck(() => checkStream(s, {}, strict), 'nan', /^rec\.csv: MLII: sample index 2 \(t = 1 s\) is invalid \(NaN\), a run of 2; 2 runs \(3 samples\) in all/, /nans: 'interpolate'/);
  const dead = stream([[1, NaN], [2, NaN], [3, NaN]], null, { rateHz: 2 });
  throwsCheck(() => checkStream(dead, {}, repair), 'nan', /^rec\.csv: column 2: all 3 readings are invalid \(NaN\)/);
});

test('rate: a mismatch is refused naming both rates and the resample option; within tolerance passes untouched', () => {
  const s = stream([[1], [2], [3]], ['x'], { rateHz: 50 });
  throwsCheck(() => checkStream(s, { sampleRateHz: 26 }, strict), 'rate', /^rec\.csv: sample rate: the stream is sampled at 50 Hz but 26 Hz is expected \(tolerance 1%\)/, /rate: 'resample'/);
  const near = stream([[1], [2], [3]], ['x'], { rateHz: 26.2 });
  assert.equal(checkStream(near, { sampleRateHz: 26 }, strict).report.resampled, null, '0.8% off is inside the default 1%');
  throwsCheck(() => checkStream(near, { sampleRateHz: 26, rateTolerance: 0.005 }, strict), 'rate', /26\.2 Hz/);
});

test('rate, resample: 4 → 2 Hz by bin means, 2 → 4 Hz by linear interpolation, reported', () => {
  const down = checkStream(stream([0, 1, 2, 3, 4, 5, 6, 7].map((x) => [x]), ['x'], { rateHz: 4 }), { sampleRateHz: 2 }, { ...strict, rate: 'resample' });
  assert.deepEqual([...down.stream.values], [0.5, 2.5, 4.5, 6.5]);
  assert.equal(down.stream.sampleRateHz, 2);
  assert.equal(down.stream.timeS, null);
  assert.deepEqual(down.report.resampled, { fromHz: 4, toHz: 2, method: 'mean', readingsBefore: 8, readingsAfter: 4, interpolatedBins: 0 });
  assert.deepEqual(formatRepairReport(down.report), ['resampled 4 Hz → 2 Hz (mean of each bin; 8 → 4 readings)']);
  const up = checkStream(stream([0, 1, 2, 3].map((x) => [x]), ['x'], { rateHz: 2, timeS: [0, 0.5, 1, 1.5] }), { sampleRateHz: 4 }, { ...strict, rate: 'resample' });
  assert.deepEqual([...up.stream.values], [0, 0.5, 1, 1.5, 2, 2.5, 3]);
  assert.deepEqual([...up.stream.timeS!], [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5]);
  assert.equal(up.report.resampled!.method, 'linear');
});

test('too few readings for a window: the counts, the window and its duration; after a repair, both counts', () => {
  throwsCheck(() => checkStream(stream([[1], [2], [3], [4], [5]], ['x'], { rateHz: 2 }), { windowLength: 8 }, strict), 'length', /^rec\.csv: length: 5 readings are fewer than the 8 one model window needs \(4 s at 2 Hz\)/);
  const eight = stream([0, 1, 2, 3, 4, 5, 6, 7].map((x) => [x]), ['x'], { rateHz: 4 });
  throwsCheck(() => checkStream(eight, { sampleRateHz: 2, windowLength: 6 }, { ...strict, rate: 'resample' }), 'length', /4 readings after repair \(8 as read\) are fewer than the 6/);
  // Gap filling can make a short stream long enough.
  assert.equal(checkStream(stream([[0], [1], [2], [6]], ['x'], { timeS: [0, 1, 2, 6] }), { windowLength: 7 }, repair).stream.length, 7);
});

test('channels: a mismatch names both counts and the stream\'s columns', () => {
  throwsCheck(() => checkStream(stream([[1, 2, 3]], ['x', 'y', 'z']), { channels: 2 }, strict), 'channels', /^rec\.csv: channels: the stream has 3 channels \(x, y, z\) but 2 are expected/);
  throwsCheck(() => checkStream(stream([[1, 2]], null), { channels: 1 }, strict), 'channels', /2 channels \(column 1, column 2\) but 1 is expected/);
});

test('bad arguments are RangeErrors naming the field', () => {
  const s = stream([[1]], ['x']);
  assert.throws(() => checkStream(s, { windowLength: 0 }, strict), /expect\.windowLength must be a positive integer, got 0/);
  assert.throws(() => checkStream(s, { sampleRateHz: -1 }, strict), /expect\.sampleRateHz must be a positive finite number/);
  assert.throws(() => checkStream(s, {}, { gaps: 'skip' as 'fill', nans: 'error' }), /policy\.gaps must be 'error' or 'fill', got "skip"/);
  assert.throws(() => checkStream({ ...s, length: 2 }, {}, strict), /values hold 1 numbers, not length 2 × 1 channels/);
});

test('durations and times as a reader of the file writes them', () => {
  assert.equal(formatDurationS(0.25), '0.25 s');
  assert.equal(formatDurationS(1500), '25 min');
  assert.equal(formatDurationS(174 * 3600), '7.25 d');
  assert.equal(formatStreamTime(90, jan7), '2014-01-07 02:01:30 UTC');
  assert.equal(formatStreamTime(5400, null), 't = 1.5 h');
});

test('real NAB machine_temperature: 5-min steps, no gaps once the repeated hour (12 rows) is dropped', { skip: skipUnlessShared('nab', 'machine_temperature_system_failure.csv') }, () => {
  const path = sharedDataPath('nab', 'machine_temperature_system_failure.csv');
  assert.throws(() => readSensorStream(path), /line 10151: time must strictly increase/, 'the reader still refuses it by default');
  const s = readSensorStream(path, { outOfOrder: 'drop' });
  const { stream: out, report } = checkStream(s, { sampleRateHz: 1 / 300, windowLength: 64 }, strict);
  assert.equal(report.stepS, 300);
  assert.equal(report.gaps.length, 0);
  assert.equal(out.length, 22_683);
  assert.deepEqual(report.droppedRows.map((r) => r.line), [...Array(12).keys()].map((k) => 10_151 + k));
  assert.deepEqual(formatRepairReport(report), ['left out 12 rows whose time did not advance (lines 10151–10162)']);
});

test('real NAB ambient_temperature: hourly with 10 gaps (621 readings missing, the longest 174 h); a 24-reading window refuses 7 of them', { skip: skipUnlessShared('nab', 'ambient_temperature_system_failure.csv') }, () => {
  const s = readSensorStream(sharedDataPath('nab', 'ambient_temperature_system_failure.csv'));
  throwsCheck(() => checkStream(s, {}, strict), 'gap', /ambient_temperature_system_failure\.csv: time: a gap of 2 h after the reading at index 577 \(2013-07-28 01:00 UTC\), 1 reading missing at the 1 h step; 10 gaps \(621 readings\) in all/);
  throwsCheck(() => checkStream(s, { windowLength: 24 }, repair), 'gap', /a gap of 32 h .*2013-07-28 04:00 UTC.* longer than the 24 h a fill may span .* 7 gaps are too long/);
  const { stream: out, report } = checkStream(s, {}, repair);
  assert.equal(report.gaps.length, 10);
  assert.equal(report.gaps.reduce((sum, g) => sum + g.inserted, 0), 621);
  assert.equal(out.length, 7267 + 621);
  for (let i = 1; i < out.length; i++) assert.equal(out.timeS![i]! - out.timeS![i - 1]!, 3600, `step ${i}`);
  assert.deepEqual(formatRepairReport(report), ['filled 10 gaps (621 readings, longest 7.25 d at 2014-04-03 09:00 UTC)']);
});
