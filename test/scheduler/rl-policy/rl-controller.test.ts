/**
 * The RL policy as the runtime's controller: in the runtime (simulateTwin)
 * it makes exactly the decisions it makes in the training environment on
 * the same trace — the observation is one function for both — and it
 * round-trips through the policy file. A policy for another action space
 * or another feature list is refused, at construction, at load and when
 * the runtime's candidates differ.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { IdealEnergyStore } from '../../../src/energy/index.js';
import { topAction } from '../../../src/scheduler/eval/policies.js';
import { GreedyPolicy } from '../../../src/scheduler/rl/greedy-policy.js';
import { savePolicy } from '../../../src/scheduler/rl/policy-file.js';
import type { DenseLayer } from '../../../src/scheduler/rl/q-network.js';
import { OBSERVATION_FIELDS, OBSERVATION_NORMALISER, OBSERVATION_SIZE } from '../../../src/scheduler/rl-policy/observation.js';
import { qualityCreditFor, rewardOptionsFor } from '../../../src/scheduler/rl-policy/reward.js';
import { rlActionSpace } from '../../../src/scheduler/rl-policy/rl-action-space.js';
import { loadRlController, RlController, saveRlPolicy } from '../../../src/scheduler/rl-policy/rl-controller.js';
import { TwinEnvironment } from '../../../src/scheduler/rl-policy/twin-environment.js';
import { simulateTwin } from '../../../src/scheduler/sim/device-twin.js';
import { busyWorkload, mcu, mcuSpace, pi, piSpace, solarDay } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ew-rl-policy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const actions = rlActionSpace(mcuSpace.actions, topAction(mcuSpace, mcu).id);
const credit = qualityCreditFor(rewardOptionsFor(actions)).options;

/** A random network of the deployed shape: its choices vary with the state, which is what the parity test needs. */
function randomPolicy(seed: number, actionCount = actions.size, inputs = OBSERVATION_SIZE): GreedyPolicy {
  const rng = new Rng(seed);
  const widths = [inputs, 16, 16, actionCount];
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const [n, m] = [widths[l]!, widths[l + 1]!];
    layers.push({ inFeatures: n, outFeatures: m, weight: Float32Array.from({ length: n * m }, () => rng.normal() / Math.sqrt(n)), bias: Float32Array.from({ length: m }, () => 0.1 * rng.normal()) });
  }
  return new GreedyPolicy(layers, inputs === OBSERVATION_SIZE ? OBSERVATION_NORMALISER : undefined);
}

test('in the runtime the controller decides as it did in the training environment, request for request, and keeps the same accuracy budget', async () => {
  const policy = randomPolicy(7);
  const tasks = busyWorkload(3600, 21);
  const harvest = solarDay(0.2);
  const env = new TwinEnvironment({ twin: mcuSpace, actions, traces: [tasks], reward: rewardOptionsFor(actions), harvest });
  const inEnv: string[] = [];
  let obs = env.begin(tasks, 0, tasks.length, new IdealEnergyStore(100, 0.4));
  for (;;) {
    const a = policy.act(obs, actions.allowed);
    inEnv.push(actions.ids[a]!);
    const r = env.step(a);
    if (r.done || r.truncated) break;
    obs = r.observation;
  }
  const inRuntime: string[] = [];
  const controller = new RlController(policy, actions, credit);
  const r = await simulateTwin({ actions: mcuSpace, tasks, controller, store: new IdealEnergyStore(100, 0.4), harvest, onEvent: (e) => void (e.type === 'request' && inRuntime.push(e.variantId)) });
  assert.equal(inRuntime.length, tasks.length);
  assert.deepEqual(inRuntime, inEnv);
  assert.ok(new Set(inEnv).size > 1, 'the random policy is not constant, so the match says something');
  assert.ok(inEnv.every((id) => actions.allowed[actions.indexOf(id)]), 'masked actions are never chosen');
  assert.equal(env.totals.energy.requestJ, r.energy.requestJ);
  // The budget the controller kept is what the served qualities say.
  let expected = 0;
  for (const id of inEnv) expected += credit.budget - (credit.referenceQuality - (actions.quality[actions.indexOf(id)]! ?? credit.unmeasuredQuality));
  assert.ok(Math.abs(controller.credit - expected) < 1e-9, `credit ${controller.credit} vs ${expected}`);
  assert.equal(controller.fresh().credit, 0, 'fresh(): the same policy with an empty budget');
});

test('save and load: the same decisions; a policy for other actions, features or masks is refused naming the file and field', async () => {
  const policy = randomPolicy(8);
  const mcuDir = join(dir, 'mcu');
  await saveRlPolicy(mcuDir, new RlController(policy, actions, credit), { note: 'test' });
  const loaded = await loadRlController(mcuDir, actions);
  assert.deepEqual(loaded.creditOptions, credit);
  const tasks = busyWorkload(600, 22);
  const run = async (c: RlController) => (await simulateTwin({ actions: mcuSpace, tasks, controller: c })).summary.perVariant;
  assert.deepEqual(await run(loaded), await run(new RlController(policy, actions, credit)));

  // Another device's actions.
  const piActions = rlActionSpace(piSpace.actions, topAction(piSpace, pi).id);
  await assert.rejects(loadRlController(mcuDir, piActions), /policy\.json.*actionNames/);
  // Another feature list.
  const oldDir = join(dir, 'old-features');
  await savePolicy(oldDir, policy, { observationFields: OBSERVATION_FIELDS.map((f) => (f === 'utilisation' ? 'arrivalRateHz' : f)), actionNames: actions.ids });
  await assert.rejects(loadRlController(oldDir, actions), /observationFields\.4.*"arrivalRateHz".*"utilisation"/);
  // Trained with other actions masked (the device's costs changed since).
  const json = join(mcuDir, 'policy.json');
  const doc = JSON.parse(readFileSync(json, 'utf8'));
  const masked = doc.training.maskedActions;
  doc.training.maskedActions = [];
  writeFileSync(json, JSON.stringify(doc));
  await assert.rejects(loadRlController(mcuDir, actions), /training\.maskedActions.*retrain/);
  // Saved without its accuracy budget, or with a broken one.
  doc.training.maskedActions = masked;
  doc.training.qualityCredit.budget = 'x';
  writeFileSync(json, JSON.stringify(doc));
  await assert.rejects(loadRlController(mcuDir, actions), /training\.qualityCredit\.budget must be a finite number, got "x"/);
  delete doc.training.qualityCredit;
  writeFileSync(json, JSON.stringify(doc));
  await assert.rejects(loadRlController(mcuDir, actions), /training\.qualityCredit is missing.*retrain/);
});

test('a policy of the wrong shape, or candidates the policy was not trained for, are refused', async () => {
  assert.throws(() => new RlController(randomPolicy(1, actions.size, OBSERVATION_SIZE - 1), actions, credit), /reads 11 features; the RL observation has 12/);
  assert.throws(() => new RlController(randomPolicy(1, actions.size + 1), actions, credit), /chooses among 13 actions; the action space has 12/);
  const controller = new RlController(randomPolicy(1), actions, credit);
  await assert.rejects(simulateTwin({ actions: piSpace, tasks: busyWorkload(60, 1), controller }), /the runtime offers the variants .*the policy was trained for/);
});
