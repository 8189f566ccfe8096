/**
 * A scenario's `nab-anomalies` stream: the labelled anomaly windows of a real
 * NAB file as critical tasks, placed by `offsetH` on the scenario's clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioTasks } from '../../../src/scheduler/eval/scenario-workload.js';
import { scenarioSchema } from '../../../src/scheduler/eval/scenario.js';
import { readNabStream } from '../../../src/data/nab.js';
import { sharedDataPath, skipUnlessShared } from '../../helpers/shared-data.js';

const skip = skipUnlessShared('nab', 'machine_temperature_system_failure.csv');

test('nab-anomalies: one critical task per reading inside the windows that fall in the scenario, at their stream times', { skip }, () => {
  const stream = readNabStream(sharedDataPath('nab'), 'machine_temperature_system_failure.csv');
  const t0 = stream.series.timeS[0]!;
  const w = stream.windows.find((x) => x.firstIndex >= 0)!;
  // Scenario time 0 one hour before the first window; two days of scenario.
  const offsetH = (stream.series.timeS[w.firstIndex]! - t0) / 3600 - 1;
  const durationS = 2 * 86400;
  const tasks = scenarioTasks([{ kind: 'nab-anomalies', mode: 'samples', offsetH, relativeDeadlineS: 60 }], durationS, 1, sharedDataPath());
  const originS = t0 + offsetH * 3600;
  const expected: number[] = [];
  for (let i = w.firstIndex; i <= w.lastIndex; i++) if (stream.series.timeS[i]! - originS < durationS) expected.push(stream.series.timeS[i]! - originS);
  assert.ok(expected.length > 100, `window has ${expected.length} readings in the scenario`);
  assert.equal(tasks.length, expected.length);
  assert.ok(Math.abs(tasks[0]!.arrivalS - 3600) < 1e-6, `first task at ${tasks[0]!.arrivalS} s, the window opens an hour in`);
  tasks.forEach((t, k) => {
    assert.ok(Math.abs(t.arrivalS - expected[k]!) < 1e-6);
    assert.equal(t.criticality, 'critical');
    assert.ok(Math.abs(t.deadlineS - t.arrivalS - 60) < 1e-9);
  });
  // window-start: one task, the window's first reading.
  const starts = scenarioTasks([{ kind: 'nab-anomalies', offsetH, relativeDeadlineS: 60 }], durationS, 1, sharedDataPath());
  assert.equal(starts.length, 1);
  // Before any window, nothing: the scenario says so rather than run empty.
  assert.throws(() => scenarioTasks([{ kind: 'nab-anomalies', relativeDeadlineS: 60 }], 3600, 1, sharedDataPath()), /produced no task in 3600 s/);
});

test('nab-anomalies in a scenario file: bad mode, stride or offset are refused naming the field', () => {
  const base = { name: 'n', durationH: 1, seeds: [1], gridIntensityGPerKwh: 400, gridIntensitySource: 's', policies: ['static-fp32'], policyUnderTest: 'static-fp32' };
  const device = (w: object) => ({ ...base, devices: [{ name: 'd', device: 'raspberry-pi-4', ladder: 'l.json', store: { kind: 'ideal', capacityJ: 1, soc: 0.5 }, workload: [{ kind: 'nab-anomalies', relativeDeadlineS: 1, ...w }] }] });
  assert.ok(scenarioSchema.safeParse(device({ mode: 'samples', sampleStride: 2, offsetH: 10 })).success);
  for (const [w, field] of [[{ mode: 'every' }, 'mode'], [{ sampleStride: 0 }, 'sampleStride'], [{ offsetH: -1 }, 'offsetH']] as const) {
    const r = scenarioSchema.safeParse(device(w));
    assert.ok(!r.success, JSON.stringify(w));
    assert.equal(r.error.issues[0]!.path.at(-1), field);
  }
});
