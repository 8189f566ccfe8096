/** The ratio and goal conventions every row follows. Run: node --test dist/bench/ */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeGoal, makeRecord, toJsonLine } from './record.js';

const goal = { on: 'value' as const, op: '>=' as const, target: 18, text: '≥ 18' };

test('ratio is value / baseline_value; null when a side is missing or the baseline is not positive', () => {
  assert.equal(makeRecord({ name: 'x', value: 30, unit: 'u', baselineValue: 20 }).ratio, 1.5);
  assert.equal(makeRecord({ name: 'x', value: null, unit: 'u', baselineValue: 20 }).ratio, null);
  assert.equal(makeRecord({ name: 'x', value: 30, unit: 'u', baselineValue: 0 }).ratio, null);
  assert.equal(makeRecord({ name: 'x', value: 30, unit: 'u' }).ratio, null);
});

test('goals judge the value or the ratio, and stay unjudged without the figure', () => {
  assert.equal(judgeGoal(goal, 18, null), true);
  assert.equal(judgeGoal(goal, 17.9, null), false);
  assert.equal(judgeGoal({ ...goal, on: 'ratio', target: 2 }, 100, 1.9), false);
  assert.equal(judgeGoal({ ...goal, op: '<=', target: 2 }, 0.5, null), true);
  assert.equal(judgeGoal(goal, null, null), null);
  assert.equal(judgeGoal(null, 5, 5), null);
});

test('a row without a value is skipped unless told otherwise; the JSON line leads with the issue fields', () => {
  const r = makeRecord({ name: 'x', value: null, unit: 'u', goal, note: 'why' });
  assert.equal(r.status, 'skipped');
  assert.equal(r.meets_goal, null);
  assert.deepEqual(Object.keys(JSON.parse(toJsonLine(r))).slice(0, 8), ['name', 'value', 'unit', 'baseline', 'baseline_value', 'ratio', 'goal', 'meets_goal']);
});

test('memory flatness uses the least-squares slope, which ignores jitter around a flat line', async () => {
  const { leastSquaresSlope } = await import('./suites/memory.js');
  assert.equal(leastSquaresSlope([0, 1, 2, 3], [1, 3, 5, 7]), 2);
  assert.equal(leastSquaresSlope([0, 1, 2, 3], [5, 6, 5, 6]) < 0.5, true);
  assert.throws(() => leastSquaresSlope([1], [1]), /two or more/);
});
