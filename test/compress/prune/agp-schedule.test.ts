/** The AGP cubic schedule (Zhu & Gupta 2017, eq. 1) against its closed form. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agpSparsity, isPruningStep, type AgpSchedule } from '../../../src/compress/prune/index.js';

const schedule: AgpSchedule = { initial: 0.1, final: 0.8, beginStep: 10, endStep: 110, frequency: 10 };
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('closed form at begin, middle and end; held between pruning steps; 0 before t0', () => {
  close(agpSparsity(10, schedule), 0.1);
  // Halfway: s_f + (s_i − s_f)·(1/2)³.
  close(agpSparsity(60, schedule), 0.8 - 0.7 / 8);
  close(agpSparsity(110, schedule), 0.8);
  close(agpSparsity(1000, schedule), 0.8);
  close(agpSparsity(20, schedule), 0.8 - 0.7 * 0.9 ** 3);
  close(agpSparsity(29, schedule), agpSparsity(20, schedule));
  assert.equal(agpSparsity(9, schedule), 0);
  let last = 0;
  for (let t = 0; t <= 120; t++) {
    const s = agpSparsity(t, schedule);
    assert.ok(s >= last, `sparsity fell at step ${t}`);
    last = s;
  }
});

test('pruning steps are t0, t0 + Δt, ..., t0 + nΔt', () => {
  const steps = Array.from({ length: 130 }, (_, t) => t).filter((t) => isPruningStep(t, schedule));
  assert.deepEqual(steps, [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
});

test('bad schedules name the field', () => {
  assert.throws(() => agpSparsity(0, { ...schedule, final: 1 }), /schedule.final must be a number in \[0, 1\)/);
  assert.throws(() => agpSparsity(0, { ...schedule, initial: 0.9 }), /schedule.final \(0.8\) must be >= schedule.initial \(0.9\)/);
  assert.throws(() => agpSparsity(0, { ...schedule, endStep: 10 }), /schedule.endStep must be an integer >= 11/);
  assert.throws(() => agpSparsity(0, { ...schedule, frequency: 0 }), /schedule.frequency must be an integer >= 1/);
  assert.throws(() => agpSparsity(0, { ...schedule, endStep: 105 }), /must be a multiple of schedule.frequency \(10\)/);
  assert.throws(() => agpSparsity(-1, schedule), /step must be an integer >= 0/);
});
