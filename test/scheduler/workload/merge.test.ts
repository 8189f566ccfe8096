/** Merging streams into one workload and summarising it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { mergeWorkloads, periodicTasks, poissonBurstTasks, summarizeWorkload, type Task } from '../../../src/scheduler/index.js';

test('mergeWorkloads: every task once, ordered by arrival then id, whatever the order of the streams', () => {
  const rng = new Rng(9);
  const sensing = periodicTasks({ periodS: 60, durationS: 3600, relativeDeadlineS: 10, idPrefix: 'sense' }, rng);
  const web = poissonBurstTasks({ durationS: 3600, relativeDeadlineS: 30, idPrefix: 'req', diurnal: { meanRatePerS: 0.02, amplitude: 0.5, peakTimeOfDayS: 0 } }, rng);
  const alarms: Task[] = [{ id: 'alarm-0', arrivalS: 600, deadlineS: 601, criticality: 'critical', source: 'manual' }];
  const merged = mergeWorkloads([sensing, web, alarms]);
  assert.equal(merged.length, sensing.length + web.length + 1);
  for (let k = 1; k < merged.length; k++) {
    const a = merged[k - 1]!;
    const b = merged[k]!;
    assert.ok(a.arrivalS < b.arrivalS || (a.arrivalS === b.arrivalS && a.id < b.id), `order at ${k}`);
  }
  assert.deepEqual(mergeWorkloads([alarms, web, sensing]), merged);
  // The sensing tick at 600 s and the alarm tie on arrival: id order.
  const at600 = merged.filter((t) => t.arrivalS === 600).map((t) => t.id);
  assert.deepEqual(at600, ['alarm-0', 'sense-10']);
});

test('mergeWorkloads: a repeated id or a malformed task is refused, naming it', () => {
  const a = periodicTasks({ periodS: 1, durationS: 3, relativeDeadlineS: 1 }, new Rng(1));
  assert.throws(() => mergeWorkloads([a, a]), /id "periodic-0" is in streams\[0\] and streams\[1\]; give each stream its own idPrefix/);
  const bad = [{ id: 'x', arrivalS: 5, deadlineS: 4, criticality: 'normal' } as Task];
  assert.throws(() => mergeWorkloads([bad]), /streams\[0\]\[0\] \("x"\): deadlineS must be >= arrivalS \(5 s\), got 4/);
});

test('summarizeWorkload: counts per criticality and source, mean rate over the given or implied duration', () => {
  const tasks: Task[] = [
    { id: 'a', arrivalS: 1, deadlineS: 3, criticality: 'critical', source: 'ecg' },
    { id: 'b', arrivalS: 2, deadlineS: 6, criticality: 'normal', source: 'periodic' },
    { id: 'c', arrivalS: 4, deadlineS: Infinity, criticality: 'background' },
    { id: 'd', arrivalS: 8, deadlineS: 8, criticality: 'normal', source: 'periodic' },
  ];
  const s = summarizeWorkload(tasks, 16);
  assert.deepEqual(s.byCriticality, { critical: 1, normal: 2, background: 1 });
  assert.deepEqual(s.bySource, { ecg: 1, periodic: 2, '': 1 });
  assert.equal(s.count, 4);
  assert.equal(s.meanRatePerS, 0.25);
  assert.equal(s.firstArrivalS, 1);
  assert.equal(s.lastArrivalS, 8);
  assert.equal(s.meanRelativeDeadlineS, (2 + 4 + 0) / 3);
  assert.equal(summarizeWorkload(tasks).meanRatePerS, 4 / 8);
  assert.throws(() => summarizeWorkload([]), /pass durationS/);
  assert.equal(summarizeWorkload([], 10).meanRatePerS, 0);
  assert.throws(() => summarizeWorkload(tasks, -1), /durationS must be a finite number > 0/);
});
