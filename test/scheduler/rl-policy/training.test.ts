/**
 * The RL scheduler learns on a small scenario and is judged on traces it
 * never saw: trained on seeds 101–103 of an hour of the MCU's sensing loop
 * with critical checks, evaluated through simulateTwin (the runtime itself)
 * on seeds 1–2. The learned policy must spend clearly less per inference
 * than static top, within 1 point of its accuracy, with no more missed
 * deadlines and the critical checks at full quality. Fixed seeds; a couple
 * of seconds of host time.
 *
 * A second test asks more: that the policy spends the accuracy budget as
 * the oracle does, by time-sharing the pruned rung (1.6 points down, half
 * the energy) with int8, and so comes within 10% of the oracle's energy.
 * A per-state policy can do that only through the budget-left feature
 * (quality-credit.ts).
 *
 * The tests can fail, and do when the learning signal is broken (each
 * checked by mutating the built JavaScript): with the energy term's sign
 * flipped the agent runs static top's rung; with the quality term's sign
 * flipped it serves the pruned rung on every request (1.6 points lost);
 * without the deadline term it serves the critical checks at 25 MHz too
 * and misses all 720 of their deadlines; with the budget-left feature held
 * at 0 in observation.js it cannot mix and misses the oracle test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FixedVariantController } from '../../../src/runtime/fixed-variant-controller.js';
import { topAction } from '../../../src/scheduler/eval/policies.js';
import { OracleController } from '../../../src/scheduler/oracle/oracle-controller.js';
import { planOracle } from '../../../src/scheduler/oracle/oracle-plan.js';
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

test('with the budget left in its state the policy time-shares rungs as the oracle does: within 10% of its energy, within the accuracy budget', async () => {
  const reference = topAction(mcuSpace, mcu);
  const trained = trainRlPolicy({ twin: mcuSpace, referenceActionId: reference.id, trainingTasks: TRAINING_SEEDS.map((seed) => sensingLoop(HOUR_S, seed)), totalSteps: 3000, seed: 1 });
  for (const seed of EVALUATION_SEEDS) {
    const tasks = sensingLoop(HOUR_S, seed);
    const fixed = numbers([await simulateTwin({ actions: mcuSpace, tasks, controller: new FixedVariantController(reference.id) })]);
    const plan = planOracle(mcuSpace, tasks, { minAccuracy: fixed.accuracy - 0.01 });
    const oracle = numbers([await simulateTwin({ actions: mcuSpace, tasks, controller: new OracleController(plan) })]);
    const controller = trained.controller.fresh();
    const learned = numbers([await simulateTwin({ actions: mcuSpace, tasks, controller })]);
    const report = JSON.stringify({ seed, fixed, oracle, learned, credit: controller.credit });
    assert.ok(plan.byClass.normal!.dearAction !== null, `the oracle mixes two rungs here, so the test asks for mixing: ${report}`);
    assert.ok(learned.energyPerInferenceJ <= 1.1 * oracle.energyPerInferenceJ, `within 10% of the oracle's energy: ${report}`);
    assert.ok(fixed.accuracy - learned.accuracy <= 0.01, `within the 1-point budget: ${report}`);
    assert.ok(controller.credit >= -0.05, `the budget left at the end is about 0 or more (a few requests' worth at most over): ${report}`);
  }
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
