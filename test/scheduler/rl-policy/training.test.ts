/**
 * The RL scheduler learns on a small scenario and is judged on traces it
 * never saw: trained on seeds 101–103 of an hour of the MCU's sensing loop
 * with critical checks, evaluated through simulateTwin (the runtime itself)
 * on seeds 1–2. The learned policy must spend clearly less per inference
 * than static top, within 1 point of its accuracy, with no more missed
 * deadlines and the critical checks at full quality. Fixed seeds; a couple
 * of seconds of host time.
 *
 * The test can fail, and does when the learning signal is broken (each
 * checked by mutating the built reward.js): with the energy term's sign
 * flipped the agent runs the costliest allowed rung (as much energy as
 * static top, or more); with the quality term's sign flipped it serves the
 * pruned rung (1.6 points lost); without the deadline term it serves the
 * critical checks at 25 MHz too and misses every one of their deadlines.
 * Training seeds 1–14 all learn the optimal policy here (int8 at 25 MHz for
 * the loop, at 110 MHz for the checks).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FixedVariantController } from '../../../src/runtime/fixed-variant-controller.js';
import { topAction } from '../../../src/scheduler/eval/policies.js';
import { trainRlPolicy } from '../../../src/scheduler/rl-policy/train-rl-policy.js';
import { simulateTwin, type TwinResult } from '../../../src/scheduler/sim/device-twin.js';
import { mcu, mcuSpace, sensingLoop } from './fixtures.js';

const HOUR_S = 3600;
const TRAINING_SEEDS = [101, 102, 103];
const EVALUATION_SEEDS = [1, 2];

interface Numbers {
  energyPerInferenceJ: number;
  accuracy: number;
  criticalAccuracy: number;
  missed: number;
}

function numbers(runs: readonly TwinResult[]): Numbers {
  const mean = (f: (r: TwinResult) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  return {
    energyPerInferenceJ: mean((r) => r.energy.requestJ / r.summary.served),
    accuracy: mean((r) => r.meanQuality!),
    criticalAccuracy: mean((r) => r.criticalMeanQuality!),
    missed: runs.reduce((s, r) => s + r.summary.missed, 0),
  };
}

test('trained on seeds 101–103, on held-out seeds 1–2 the policy spends less than static top within 1 point of its accuracy', async () => {
  const reference = topAction(mcuSpace, mcu);
  const training = TRAINING_SEEDS.map((seed) => sensingLoop(HOUR_S, seed));
  const evaluation = EVALUATION_SEEDS.map((seed) => sensingLoop(HOUR_S, seed));
  const trained = trainRlPolicy({ twin: mcuSpace, referenceActionId: reference.id, trainingTasks: training, totalSteps: 3000, seed: 1 });
  assert.equal(trained.steps, 3000);
  assert.ok(trained.curve.length >= 1);

  const run = (controller: () => FixedVariantController | typeof trained.controller) => Promise.all(evaluation.map((tasks) => simulateTwin({ actions: mcuSpace, tasks, controller: controller() })));
  const fixed = numbers(await run(() => new FixedVariantController(reference.id)));
  const learned = numbers(await run(() => trained.controller));
  const report = JSON.stringify({ fixed, learned });
  assert.ok(learned.energyPerInferenceJ < 0.85 * fixed.energyPerInferenceJ, `at least 15 % less energy per inference: ${report}`);
  assert.ok(fixed.accuracy - learned.accuracy <= 0.01, `within 1 point: ${report}`);
  assert.ok(learned.missed <= fixed.missed, `no more missed deadlines: ${report}`);
  assert.ok(learned.criticalAccuracy >= fixed.criticalAccuracy - 1e-12, `critical checks at full quality: ${report}`);
});

test('a time budget stops training at an episode end, and the budget option is checked', () => {
  let t = 0;
  const trained = trainRlPolicy({
    twin: mcuSpace, referenceActionId: topAction(mcuSpace, mcu).id, trainingTasks: [sensingLoop(600, 101)],
    totalSteps: 100_000, maxSeconds: 1, episodeTasks: 100, now: () => (t += 0.3),
  });
  assert.equal(trained.steps, 400, 'each episode end reads the clock once (0.3 s a read): stopped after the 4th episode, at 1.2 s');
  assert.throws(() => trainRlPolicy({ twin: mcuSpace, referenceActionId: 'nope', trainingTasks: [sensingLoop(60, 1)] }), /reference action "nope" is not among the actions/);
  assert.throws(() => trainRlPolicy({ twin: mcuSpace, referenceActionId: topAction(mcuSpace, mcu).id, trainingTasks: [sensingLoop(60, 1)], maxSeconds: -1 }), /maxSeconds must be a finite number > 0/);
});
