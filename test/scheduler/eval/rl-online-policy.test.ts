/**
 * 'rl-online' in the evaluation's registry: a scenario may name it, it is
 * a scheduler (served from the latency-budgeted actions), and every run
 * fine-tunes its own copy of the trained policy — one run's learning
 * reaches neither the trained policy nor another run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPolicy, POLICY_NAMES, SCHEDULERS, topAction } from '../../../src/scheduler/eval/policies.js';
import { scenarioSchema } from '../../../src/scheduler/eval/scenario.js';
import { OnlineRlController } from '../../../src/scheduler/rl-policy/online-rl-controller.js';
import { rlPolicyFor } from '../../../src/scheduler/rl-policy/rl-policy-for.js';
import { simulateTwin } from '../../../src/scheduler/sim/device-twin.js';
import { busyWorkload, mcu, mcuSpace } from '../rl-policy/fixtures.js';

const snapshot = (c: OnlineRlController | { policy: { layers: readonly { weight: Float32Array }[] } }): number[] =>
  ('current' in c ? c.current.policy : c.policy).layers.flatMap((l) => Array.from(l.weight));

test("'rl-online' is a scheduling policy a scenario may name", () => {
  assert.ok(POLICY_NAMES.includes('rl-online'));
  assert.ok(SCHEDULERS.includes('rl-online'), 'offered only the actions within the latency budget, as rl is');
  const s = scenarioSchema.parse({
    name: 't', durationH: 1, seeds: [1], gridIntensityGPerKwh: 400, gridIntensitySource: 'a test figure', policies: ['static-fp32', 'rl', 'rl-online'], policyUnderTest: 'rl-online',
    devices: [{ name: 'mcu', device: 'nucleo-u575zi', ladder: 'ladder.json', store: { kind: 'lg18650', soc: 0.5 }, workload: [{ kind: 'periodic', periodS: 2, relativeDeadlineS: 2 }] }],
  });
  assert.equal(s.policyUnderTest, 'rl-online');
});

test('each rl-online run fine-tunes its own copy of the trained policy', async () => {
  const tasks = busyWorkload(900, 41);
  const rl = rlPolicyFor(mcuSpace, mcu, [busyWorkload(900, 101)], { referenceActionId: topAction(mcuSpace, mcu).id, totalSteps: 300, seed: 2 });
  const trained = snapshot(rl.controller);
  const context = { space: mcuSpace, profile: mcu, tasks, oracleMinAccuracy: 0, rl: () => rl };
  const first = buildPolicy('rl-online', context);
  const second = buildPolicy('rl-online', context);
  assert.ok(first.controller instanceof OnlineRlController && second.controller instanceof OnlineRlController);
  assert.match(first.description, /fine-tuned on the device: a double-DQN step every 32 requests/);
  await simulateTwin({ actions: mcuSpace, tasks, controller: first.controller });
  assert.ok(first.controller.updates > 10, `${first.controller.updates} steps in ${first.controller.observed} requests`);
  assert.notDeepEqual(snapshot(first.controller), trained, 'the run learned');
  assert.deepEqual(snapshot(second.controller), trained, 'another run starts from the trained weights');
  assert.deepEqual(snapshot(rl.controller), trained, 'the trained policy is not written');
  assert.throws(() => buildPolicy('rl-online', { ...context, rl: undefined }), /the 'rl-online' policy needs its trained controller/);
});
