/**
 * chooseThresholdFactor on hand-built score series (pure): detections are
 * scoreDetections' at each factor, the criterion is Σ detected − Σ false
 * alarms over the streams, ties go to the lowest factor, and the argument
 * checks. selectNabThresholdFactor end to end on the synthetic NAB stream,
 * one epoch: its sweep is chooseThresholdFactor's on the runs it returns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseThresholdFactor, NAB_THRESHOLD_CRITERION, NAB_THRESHOLD_FACTORS, selectNabThresholdFactor, type DevelopmentScores } from '../../../src/generative/tasks/nab-threshold-selection.js';
import { syntheticNabStream } from '../helpers.js';

/** A series of `n` zeros with the given peaks (index → score). */
function series(n: number, peaks: Record<number, number>): Float32Array {
  const s = new Float32Array(n);
  for (const [i, v] of Object.entries(peaks)) s[Number(i)] = v;
  return s;
}

// Stream A: a window 40..49 peaking at 2.2; false alarms at 1.2 (index 10) and 1.8 (index 70).
const a: DevelopmentScores = { key: 'a', score: series(100, { 10: 1.2, 45: 2.2, 70: 1.8 }), windows: [{ firstIndex: 40, lastIndex: 49 }], detectionOptions: {} };
// Stream B: windows 20..29 (peak 1.4) and 60..69 (peak 3.5); a false alarm at 1.1 (index 90).
const b: DevelopmentScores = { key: 'b', score: series(100, { 25: 1.4, 65: 3.5, 90: 1.1 }), windows: [{ firstIndex: 20, lastIndex: 29 }, { firstIndex: 60, lastIndex: 69 }], detectionOptions: {} };

test('the sweep counts detections per factor and stream; the criterion picks the best net', () => {
  const c = chooseThresholdFactor([a, b], [1, 1.5, 2, 3]);
  assert.equal(c.criterion, NAB_THRESHOLD_CRITERION);
  assert.deepEqual(c.sweep.map((o) => [o.factor, o.windowsDetected, o.windowsTotal, o.falseAlarms, o.net]), [
    [1, 3, 3, 3, 0], // A: 1 window, FAs at 10 and 70; B: 2 windows, FA at 90
    [1.5, 2, 3, 1, 1], // B's 1.4 peak lost; A's 1.2 and B's 1.1 alarms gone
    [2, 2, 3, 0, 2], // A's 1.8 alarm gone
    [3, 1, 3, 0, 1], // A's 2.2 peak lost
  ]);
  assert.equal(c.factor, 2);
  assert.deepEqual(c.sweep[2]!.streams, [{ key: 'a', windowsDetected: 1, windowsTotal: 1, falseAlarms: 0 }, { key: 'b', windowsDetected: 1, windowsTotal: 2, falseAlarms: 0 }]);
});

test('ties go to the lowest factor; the default grid is 1 to 3 by 0.25', () => {
  // Only stream B: 1.5, 2, 2.5 and 3 all give 1 window and no alarm (net 1); 1 gives 2 windows and 1 alarm (net 1 too).
  const c = chooseThresholdFactor([b], [1, 1.5, 2, 2.5, 3]);
  assert.deepEqual(c.sweep.map((o) => o.net), [1, 1, 1, 1, 1]);
  assert.equal(c.factor, 1);
  assert.equal(chooseThresholdFactor([b], [1.5, 2, 2.5]).factor, 1.5);
  assert.deepEqual(NAB_THRESHOLD_FACTORS, [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3]);
  assert.deepEqual(chooseThresholdFactor([a, b]).sweep.map((o) => o.factor), NAB_THRESHOLD_FACTORS);
});

test('the debounce and probation of each stream are applied', () => {
  // Two crossings 3 readings apart inside no window: 2 alarms, or 1 with a debounce of 5; a probation of 20 hides both.
  const s = series(60, { 10: 2, 13: 2 });
  const windows = [{ firstIndex: 40, lastIndex: 45 }];
  assert.equal(chooseThresholdFactor([{ key: 's', score: s, windows, detectionOptions: {} }], [1]).sweep[0]!.falseAlarms, 2);
  assert.equal(chooseThresholdFactor([{ key: 's', score: s, windows, detectionOptions: { minGap: 5 } }], [1]).sweep[0]!.falseAlarms, 1);
  assert.equal(chooseThresholdFactor([{ key: 's', score: s, windows, detectionOptions: { probation: 20 } }], [1]).sweep[0]!.falseAlarms, 0);
});

test('argument errors', () => {
  assert.throws(() => chooseThresholdFactor([]), (e: unknown) => e instanceof RangeError && /chooseThresholdFactor: streams must list at least one development stream/.test(e.message));
  assert.throws(() => chooseThresholdFactor([a], []), /chooseThresholdFactor: grid is empty/);
  assert.throws(() => chooseThresholdFactor([a], [1, 0]), /grid\[1\] must be a factor > 0, got 0/);
  assert.throws(() => chooseThresholdFactor([a], [1, 2, 2]), /grid must be strictly ascending; grid\[2\] = 2 follows 2/);
  assert.throws(() => chooseThresholdFactor([a], [1, Infinity]), /grid\[1\] must be a finite number/);
  assert.throws(() => chooseThresholdFactor([{ ...a, windows: [] }]), /streams\[0\] \(a\) has no labelled window/);
});

test('selectNabThresholdFactor: runs the task at factor 1 and chooses on its scores', async () => {
  const { stream } = syntheticNabStream({ samples: 1600 });
  const s = await selectNabThresholdFactor([{ stream, options: { windowLength: 32, epochs: 1 } }], { grid: [1, 2] });
  assert.equal(s.precision, 'fp32');
  assert.equal(s.runs.length, 1);
  const run = s.runs[0]!;
  assert.equal(run.thresholdFactor, 1);
  assert.deepEqual(run.results.map((x) => x.precision), ['fp32']);
  assert.deepEqual(run.detectionOptions, { minGap: 72, probation: 31 }); // one day at 20 min; the first window unscored
  const again = chooseThresholdFactor([{ key: run.key, score: run.results[0]!.score, windows: run.windows, detectionOptions: run.detectionOptions }], [1, 2]);
  assert.deepEqual({ factor: s.factor, sweep: s.sweep }, { factor: again.factor, sweep: again.sweep });
  await assert.rejects(selectNabThresholdFactor([]), /selectNabThresholdFactor: streams must list at least one development stream/);
});
