/** Periodic sensing: exact ticks without jitter, bounded ordered delays with it, and the entry checks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng, type RandomSource } from '../../../src/engine/random.js';
import { periodicTasks } from '../../../src/scheduler/index.js';

/** A random source that fails the test if drawn from. */
const noDraws: RandomSource = {
  next: () => {
    throw new Error('drew a random number for a jitter-free workload');
  },
};

test('periodicTasks: without jitter, tick k is exactly phase + k·period, for every tick in [0, duration)', () => {
  const tasks = periodicTasks({ periodS: 2.5, durationS: 100, phaseS: 0.7, relativeDeadlineS: 1 }, noDraws);
  // 0.7 + 39·2.5 = 98.2 < 100 <= 0.7 + 40·2.5: ticks 0..39.
  assert.equal(tasks.length, 40);
  tasks.forEach((t, k) => {
    assert.equal(t.arrivalS, 0.7 + k * 2.5);
    assert.equal(t.deadlineS, t.arrivalS + 1);
    assert.equal(t.id, `periodic-${k}`);
    assert.equal(t.criticality, 'normal');
    assert.equal(t.source, 'periodic');
  });
});

test('periodicTasks: 0.1 s period over an hour has no drift (multiplication, not accumulation)', () => {
  const tasks = periodicTasks({ periodS: 0.1, durationS: 3600, relativeDeadlineS: 0.05, idPrefix: 'imu', criticality: 'background' }, noDraws);
  assert.equal(tasks.length, 36_000);
  assert.equal(tasks[35_999]!.arrivalS, 35_999 * 0.1);
  assert.equal(tasks[0]!.id, 'imu-0');
  assert.equal(tasks[0]!.criticality, 'background');
});

test('periodicTasks: jitter delays each tick by [0, jitter), keeps the order, and is reproducible by seed', () => {
  const options = { periodS: 10, durationS: 10_000, jitterS: 2, relativeDeadlineS: 5 };
  const a = periodicTasks(options, new Rng(3));
  const b = periodicTasks(options, new Rng(3));
  const c = periodicTasks(options, new Rng(4));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(a.length, 1000);
  let delaySum = 0;
  a.forEach((t, k) => {
    const delay = t.arrivalS - k * 10;
    assert.ok(delay >= 0 && delay < 2, `tick ${k} delayed by ${delay}`);
    if (k > 0) assert.ok(t.arrivalS > a[k - 1]!.arrivalS);
    delaySum += delay;
  });
  // Uniform on [0, 2): mean 1, sd of the mean over 1000 = 2/√12/√1000 ≈ 0.018; 5 sd bound.
  assert.ok(Math.abs(delaySum / 1000 - 1) < 0.1, `mean delay ${delaySum / 1000}`);
});

test('periodicTasks: bad options are refused naming the option and what was expected', () => {
  const ok = { periodS: 1, durationS: 10, relativeDeadlineS: 1 };
  const rng = new Rng(1);
  assert.throws(() => periodicTasks({ ...ok, periodS: -1 }, rng), /options\.periodS must be a finite number > 0 \(s\), got -1/);
  assert.throws(() => periodicTasks({ ...ok, durationS: 0 }, rng), /options\.durationS must be a finite number > 0/);
  assert.throws(() => periodicTasks({ ...ok, phaseS: 1 }, rng), /options\.phaseS must be < options\.periodS/);
  assert.throws(() => periodicTasks({ ...ok, jitterS: 1.5 }, rng), /options\.jitterS must be < options\.periodS/);
  assert.throws(() => periodicTasks({ ...ok, relativeDeadlineS: -0.1 }, rng), /options\.relativeDeadlineS must be a number of seconds >= 0/);
  assert.throws(() => periodicTasks({ ...ok, criticality: 'urgent' as never }, rng), /options\.criticality must be one of critical, normal, background/);
  assert.throws(() => periodicTasks({ ...ok, idPrefix: '' }, rng), /options\.idPrefix must be a non-empty string/);
});

test('periodicTasks: Infinity is a valid relative deadline (no deadline)', () => {
  const tasks = periodicTasks({ periodS: 1, durationS: 3, relativeDeadlineS: Infinity }, noDraws);
  assert.deepEqual(tasks.map((t) => t.deadlineS), [Infinity, Infinity, Infinity]);
});
