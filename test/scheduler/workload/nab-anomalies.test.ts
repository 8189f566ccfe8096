/**
 * Critical tasks from NAB anomaly windows: a hand-made stream for the two
 * modes, and the real machine_temperature_system_failure stream
 * (../shared/data/nab; skipped, with the reason, when absent) with its four
 * labelled windows of 567 five-minute samples each.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readNabStream, type NabStream, type NabWindow } from '../../../src/data/nab.js';
import { nabAnomalyTasks } from '../../../src/scheduler/index.js';
import { sharedDataPath, skipUnlessShared } from '../../helpers/shared-data.js';

function window(firstIndex: number, lastIndex: number, t: Float64Array): NabWindow {
  const startS = firstIndex >= 0 ? t[firstIndex]! : 1e12;
  const endS = lastIndex >= 0 ? t[lastIndex]! : 1e12 + 1;
  return { startS, endS, start: '', end: '', firstIndex, lastIndex, endsOnSamples: firstIndex >= 0 };
}

/** 20 samples every 300 s from t = 1,000,000 s; windows over samples 3-7 and 12-16, and one no sample falls in. */
function stream(): Pick<NabStream, 'key' | 'series' | 'windows'> {
  const timeS = Float64Array.from({ length: 20 }, (_, i) => 1_000_000 + 300 * i);
  const series = { source: 'synthetic.csv', timeS, values: new Float32Array(20), columns: ['value'], medianStepS: 300, gaps: [], droppedRows: [] };
  return { key: 'test/synthetic.csv', series, windows: [window(12, 16, timeS), window(3, 7, timeS), window(-1, -1, timeS)] };
}

test("nabAnomalyTasks 'window-start': one critical task at each window's first sample, in time order, relative to the first sample", () => {
  const tasks = nabAnomalyTasks(stream(), { relativeDeadlineS: 600 });
  assert.deepEqual(
    tasks.map((t) => [t.id, t.arrivalS, t.deadlineS, t.criticality, t.source]),
    [
      ['nab-0', 900, 1500, 'critical', 'nab:test/synthetic.csv#window1'],
      ['nab-1', 3600, 4200, 'critical', 'nab:test/synthetic.csv#window0'],
    ],
  );
});

test("nabAnomalyTasks 'samples': a task every stride-th sample inside each window, the first included", () => {
  const all = nabAnomalyTasks(stream(), { relativeDeadlineS: 300, mode: 'samples' });
  assert.deepEqual(all.map((t) => t.arrivalS / 300), [3, 4, 5, 6, 7, 12, 13, 14, 15, 16]);
  const strided = nabAnomalyTasks(stream(), { relativeDeadlineS: 300, mode: 'samples', sampleStride: 2, originS: 0 });
  assert.deepEqual(strided.map((t) => (t.arrivalS - 1_000_000) / 300), [3, 5, 7, 12, 14, 16]);
});

test('nabAnomalyTasks: an empty trace, a bad mode and a stride outside samples mode are refused', () => {
  const empty = { ...stream(), series: { ...stream().series, timeS: new Float64Array(0) } };
  assert.throws(() => nabAnomalyTasks(empty, { relativeDeadlineS: 1 }), /stream\.series must hold at least one sample/);
  assert.throws(() => nabAnomalyTasks(stream(), { relativeDeadlineS: 1, mode: 'all' as never }), /options\.mode must be 'window-start' or 'samples'/);
  assert.throws(() => nabAnomalyTasks(stream(), { relativeDeadlineS: 1, sampleStride: 2 }), /sampleStride applies to mode 'samples' only/);
  assert.throws(() => nabAnomalyTasks(stream(), { relativeDeadlineS: 1, mode: 'samples', sampleStride: 0 }), /options\.sampleStride must be an integer >= 1, got 0/);
});

test('NAB machine_temperature_system_failure: 4 windows → 4 window-start tasks; 4 × 567 per-sample tasks', { skip: skipUnlessShared('nab', 'machine_temperature_system_failure.csv') }, () => {
  const s = readNabStream(sharedDataPath('nab'), 'machine_temperature_system_failure.csv');
  const t0 = s.series.timeS[0]!;
  const starts = nabAnomalyTasks(s, { relativeDeadlineS: 3600 });
  assert.equal(starts.length, 4);
  starts.forEach((task, k) => assert.equal(task.arrivalS, s.windows[k]!.startS - t0));
  // First window: "2013-12-10 06:25:00"; the stream starts at "2013-12-02 21:15:00": 7 d 9 h 10 min later.
  assert.equal(starts[0]!.arrivalS, ((7 * 24 + 9) * 60 + 10) * 60);
  const samples = nabAnomalyTasks(s, { relativeDeadlineS: 300, mode: 'samples', idPrefix: 'nab-sample' });
  const inWindows = s.labels.reduce((a, b) => a + b, 0);
  assert.equal(samples.length, inWindows);
  assert.equal(samples.length, 4 * 567);
});
