/**
 * On-device fine-tuning (online-rl-controller.ts): it decides as the
 * frozen RlController until its first gradient step, forms each stored
 * transition from what the runtime reports with the offline reward, takes
 * a step every K served requests and not before, keeps its replay memory
 * bounded, saves a policy that loads back, never writes the frozen
 * policy, explores only non-critical requests, and refuses bad options by
 * name.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import type { Controller, ControllerState, RequestOutcome } from '../../../src/runtime/controller.js';
import type { RequestEvent } from '../../../src/runtime/request-event.js';
import { topAction } from '../../../src/scheduler/eval/policies.js';
import { GreedyPolicy } from '../../../src/scheduler/rl/greedy-policy.js';
import { normaliseInto } from '../../../src/scheduler/rl/observation-normaliser.js';
import type { Sequential } from '../../../src/nn/index.js';
import type { DenseLayer } from '../../../src/scheduler/rl/q-network.js';
import { OBSERVATION_NORMALISER, OBSERVATION_SIZE, observationOf } from '../../../src/scheduler/rl-policy/observation.js';
import { OnlineRlController, saveOnlineRlPolicy } from '../../../src/scheduler/rl-policy/online-rl-controller.js';
import { updateMacs, type OnlineRlOptions } from '../../../src/scheduler/rl-policy/online-rl-options.js';
import { qualityCreditFor, reward, rewardOptionsFor } from '../../../src/scheduler/rl-policy/reward.js';
import { rlActionSpace } from '../../../src/scheduler/rl-policy/rl-action-space.js';
import { loadRlController, RlController } from '../../../src/scheduler/rl-policy/rl-controller.js';
import { simulateTwin } from '../../../src/scheduler/sim/device-twin.js';
import { busyWorkload, mcu, mcuSpace } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ew-rl-online-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const actions = rlActionSpace(mcuSpace.actions, topAction(mcuSpace, mcu).id);
const rewardOptions = rewardOptionsFor(actions);
const credit = qualityCreditFor(rewardOptions).options;

/** A random network of the deployed shape, whose choices vary with the state. */
function randomPolicy(seed: number): GreedyPolicy {
  const rng = new Rng(seed);
  const widths = [OBSERVATION_SIZE, 16, 16, actions.size];
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const [n, m] = [widths[l]!, widths[l + 1]!];
    layers.push({ inFeatures: n, outFeatures: m, weight: Float32Array.from({ length: n * m }, () => rng.normal() / Math.sqrt(n)), bias: Float32Array.from({ length: m }, () => 0.1 * rng.normal()) });
  }
  return new GreedyPolicy(layers, OBSERVATION_NORMALISER);
}

const frozen = new RlController(randomPolicy(11), actions, credit);
const weightsOf = (p: GreedyPolicy): Float32Array[] => p.layers.flatMap((l) => [Float32Array.from(l.weight), Float32Array.from(l.bias)]);
const sameWeights = (a: readonly Float32Array[], b: readonly Float32Array[]): boolean => a.every((w, i) => w.length === b[i]!.length && w.every((v, k) => Object.is(v, b[i]![k])));

/** Runs `controller` in the runtime on a busy hour; returns the variant chosen per request and, per observe, a look at `online`. */
async function serve<T>(controller: Controller, tasksSeed: number, durationS: number, look: () => T = () => undefined as T): Promise<{ chosen: string[]; looks: T[]; events: RequestEvent[]; states: ControllerState[] }> {
  const chosen: string[] = [];
  const looks: T[] = [];
  const states: ControllerState[] = [];
  const events: RequestEvent[] = [];
  const spy: Controller = {
    decide: (s) => {
      const a = controller.decide(s);
      chosen.push(a.variantId);
      return a;
    },
    observe: (o: RequestOutcome) => {
      controller.observe(o);
      states.push(o.state);
      events.push(o.event);
      looks.push(look());
    },
  };
  await simulateTwin({ actions: mcuSpace, tasks: busyWorkload(durationS, tasksSeed), controller: spy });
  return { chosen, looks, events, states };
}

test('before its first gradient step it decides exactly as the frozen RlController, and the frozen policy is never written', async () => {
  const before = weightsOf(frozen.policy);
  const reference = await serve(frozen.fresh(), 31, 1800);
  const idle = new OnlineRlController(frozen, { updateEvery: 1_000_000 });
  const same = await serve(idle, 31, 1800);
  assert.ok(new Set(reference.chosen).size > 1, 'the random policy is not constant, so the match says something');
  assert.deepEqual(same.chosen, reference.chosen);
  assert.equal(idle.updates, 0);
  // Learning from the start: identical up to the first step (request 8), then the policy is its own.
  const learning = new OnlineRlController(frozen, { updateEvery: 8, batchSize: 4, learningStarts: 4, lr: 1e-2 });
  const run = await serve(learning, 31, 1800);
  assert.deepEqual(run.chosen.slice(0, 8), reference.chosen.slice(0, 8));
  assert.ok(learning.updates > 100);
  assert.ok(sameWeights(weightsOf(frozen.policy), before), 'the frozen policy keeps its weights');
  assert.notDeepEqual(run.chosen, reference.chosen, 'fine-tuning at lr 1e-2 changes some decisions');
});

test('the weights change at the K-th observed request, not before; with learnIn "idle" only when learn() runs', async () => {
  const original = weightsOf(frozen.policy);
  const online = new OnlineRlController(frozen, { updateEvery: 8, batchSize: 4, learningStarts: 4, targetSyncEvery: 2 });
  // Largest change of any weight against the trained policy: Adam's first step moves each by at most lr (1e-4).
  const moved = (): number => Math.max(...weightsOf(online.current.policy).map((w, i) => Math.max(...w.map((v, k) => Math.abs(v - original[i]![k]!)))));
  let firstStep = NaN;
  // Whether the target network equals the online one, after each step (synced every 2nd).
  const synced: boolean[] = [];
  const params = (n: Sequential): Float32Array[] => n.parameters().map((p) => Float32Array.from(p.view()));
  const { looks } = await serve(online, 32, 300, () => {
    if (online.updates === 1 && Number.isNaN(firstStep)) firstStep = moved();
    if (online.updates > synced.length) synced.push(sameWeights(params(online.learner.target), params(online.learner.online)));
    return { updates: online.updates, changed: !sameWeights(weightsOf(online.current.policy), original) };
  });
  assert.deepEqual(synced.slice(0, 4), [false, true, false, true], 'the target network is synced every targetSyncEvery = 2 steps');
  assert.ok(firstStep > 0 && firstStep <= 1.01e-4, `the first step starts from the trained weights and moves them by at most lr: ${firstStep}`);
  assert.ok(looks.length >= 24);
  for (let i = 0; i < 7; i++) assert.deepEqual(looks[i], { updates: 0, changed: false }, `after request ${i + 1}`);
  assert.deepEqual(looks[7], { updates: 1, changed: true });
  assert.deepEqual(looks[15], { updates: 2, changed: true });
  assert.equal(looks[14]!.updates, 1);
  assert.equal(online.updates, Math.floor(looks.length / 8));
  assert.ok(Number.isFinite(online.lastLoss));

  const idle = new OnlineRlController(frozen, { updateEvery: 8, batchSize: 4, learningStarts: 4, learnIn: 'idle' });
  const r = await serve(idle, 32, 300, () => idle.pendingUpdates);
  assert.equal(r.looks[7], 1);
  assert.equal(idle.updates, 0);
  assert.ok(sameWeights(weightsOf(idle.current.policy), original), 'nothing learned until learn() runs');
  const due = idle.pendingUpdates;
  assert.equal(idle.learn(1), 1);
  assert.ok(!sameWeights(weightsOf(idle.current.policy), original));
  assert.equal(idle.learn(), due - 1);
  assert.equal(idle.pendingUpdates, 0);
});

test('each stored transition is (s, a, r, s′) of consecutive served requests, r the offline reward of what the runtime reported', async () => {
  const online = new OnlineRlController(frozen, { updateEvery: 1_000_000, bufferSize: 1024 });
  const { events, states } = await serve(online, 35, 300);
  const n = events.length;
  assert.ok(n >= 100 && n < 1024, `${n} requests, all kept`);
  assert.equal(online.stored, n - 1, 'the last request still waits for its s′');
  const book = qualityCreditFor(rewardOptions);
  const batch = online.replay.createBatch(1);
  const expected = new Float32Array(OBSERVATION_SIZE);
  const raw = new Float32Array(OBSERVATION_SIZE);
  let missed = 0;
  for (let i = 0; i + 1 < n; i++) {
    normaliseInto(OBSERVATION_NORMALISER, observationOf(states[i]!, actions, raw, book.feature), expected);
    const r = reward({ event: events[i]! }, rewardOptions, book.record(events[i]!.accuracyProxy));
    online.replay.copyTransition(i, 0, batch);
    assert.deepEqual(batch.observations, expected, `s of request ${i}`);
    assert.equal(batch.actions[0], actions.indexOf(events[i]!.variantId));
    assert.equal(batch.returns[0], Math.fround(r));
    assert.equal(batch.discounts[0], Math.fround(0.9), 'the offline γ; never terminal on a device');
    assert.deepEqual(Array.from(batch.nextMasks!), Array.from(actions.allowed));
    if (i > 0) {
      const prev = online.replay.createBatch(1);
      online.replay.copyTransition(i - 1, 0, prev);
      assert.deepEqual(prev.nextObservations, batch.observations, `s′ of request ${i - 1} is s of request ${i}`);
    }
    if (!events[i]!.deadlineMet) missed++;
  }
  assert.ok(missed > 0 && missed < n - 1, 'the busy hour has both met and missed deadlines, so λ is exercised');
});

test('the replay memory is bounded by its capacity however long the device runs', async () => {
  const online = new OnlineRlController(frozen, { bufferSize: 16, batchSize: 8, updateEvery: 8 });
  const startMemory = online.memory;
  const { looks } = await serve(online, 34, 600, () => online.stored);
  assert.ok(looks.length > 100);
  assert.equal(Math.max(...looks), 16);
  assert.equal(online.stored, 16);
  const k = actions.size;
  // Each state once (float32 features), its action (uint16) and reward (float32); one state more than transitions.
  assert.equal(online.memory.bytesPerTransition, 4 * OBSERVATION_SIZE + 2 + 4);
  assert.equal(online.memory.replayBytes, 17 * 54);
  assert.equal(online.replay.bytes, online.memory.replayBytes, 'the formula is what the chain allocates');
  assert.deepEqual(online.memory, startMemory);
  const params = (OBSERVATION_SIZE + 1) * 16 + 17 * 16 + 17 * k;
  assert.equal(online.memory.targetNetworkBytes, 4 * params);
  // 12→32→32→48 at batch 32: 32 · (5 · (384 + 1024 + 1536) − 384).
  const layer = (i: number, o: number): DenseLayer => ({ inFeatures: i, outFeatures: o, weight: new Float32Array(i * o), bias: new Float32Array(o) });
  assert.equal(updateMacs([layer(12, 32), layer(32, 32), layer(32, 48)], 32), 458_752);
});

test('a policy saved after fine-tuning loads back with the same Q-values, and records how it was fine-tuned', async () => {
  const online = new OnlineRlController(frozen, { updateEvery: 4, batchSize: 8, learningStarts: 8, lr: 1e-2 });
  await serve(online, 35, 600);
  assert.ok(online.updates > 10);
  const out = join(dir, 'fine-tuned');
  await saveOnlineRlPolicy(out, online, { note: 'test' });
  const loaded = await loadRlController(out, actions);
  const rng = new Rng(3);
  let differs = false;
  for (let i = 0; i < 50; i++) {
    const x = Float32Array.from({ length: OBSERVATION_SIZE }, () => rng.next());
    const q = Float32Array.from(loaded.policy.qValues(x));
    assert.deepEqual(q, Float32Array.from(online.current.policy.qValues(x)));
    if (!q.every((v, k) => v === frozen.policy.qValues(x)[k])) differs = true;
  }
  assert.ok(differs, 'the saved policy is the fine-tuned one, not the frozen one');
  const doc = JSON.parse(readFileSync(join(out, 'policy.json'), 'utf8'));
  assert.equal(doc.training.onlineFineTuning.updates, online.updates);
  assert.equal(doc.training.onlineFineTuning.requests, online.observed);
  assert.equal(doc.training.note, 'test');
  // It can go on fine-tuning from there.
  assert.equal(new OnlineRlController(loaded).updates, 0);
});

test('with ε > 0 only normal and background requests explore; critical ones stay greedy', () => {
  const candidates = mcuSpace.actions.map((a) => ({ id: a.id, cost: a.cost, quality: a.quality, switchCostS: null }));
  const rng = new Rng(9);
  const state = (criticality: ControllerState['criticality']): ControllerState => ({
    nowS: 1, soc: rng.next(), remainingJ: 100, harvestForecastJ: 0, forecastHorizonS: 900, queueLength: 0, arrivalRateHz: 1,
    criticality, slackS: 2 * rng.next(), currentVariantId: null, sinceSwitchS: Infinity, candidates,
  });
  const online = new OnlineRlController(frozen, { epsilon: 1 });
  const greedy = frozen.fresh();
  const explored = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const c = state('critical');
    assert.equal(online.decide(c).variantId, greedy.decide(c).variantId);
    const n = state(i % 2 ? 'normal' : 'background');
    const id = online.decide(n).variantId;
    assert.equal(actions.allowed[actions.indexOf(id)], 1, 'only allowed actions are explored');
    explored.add(id);
  }
  assert.equal(explored.size, actions.allowed.reduce((s, a) => s + a, 0), 'ε = 1 reaches every allowed action');
});

test('bad options are refused naming the option', () => {
  const bad: [OnlineRlOptions, RegExp][] = [
    [{ updateEvery: 0 }, /options\.updateEvery must be an integer >= 1, got 0/],
    [{ updateEvery: 2.5 }, /options\.updateEvery must be an integer >= 1, got 2\.5/],
    [{ lr: NaN }, /options\.lr must be a finite number > 0, got NaN/],
    [{ lr: Infinity }, /options\.lr must be a finite number > 0, got Infinity/],
    [{ lr: 0 }, /options\.lr must be a finite number > 0/],
    [{ batchSize: 0 }, /options\.batchSize must be an integer >= 1/],
    [{ bufferSize: -1 }, /options\.bufferSize must be an integer >= 1/],
    [{ targetSyncEvery: 0 }, /options\.targetSyncEvery must be an integer >= 1/],
    [{ bufferSize: 16, batchSize: 32 }, /options\.learningStarts \(32\) must be <= options\.bufferSize \(16\)/],
    [{ gamma: 1.5 }, /options\.gamma must be a number in \[0, 1\]/],
    [{ epsilon: -0.1 }, /options\.epsilon must be a number in \[0, 1\]/],
    [{ learnIn: 'never' as 'idle' }, /options\.learnIn must be 'observe' or 'idle', got "never"/],
    [{ reward: { ...rewardOptions, qualityBudget: 0.02 } }, /options\.reward gives the accuracy budget budget = 0\.02, the policy was trained with 0\.009/],
  ];
  for (const [options, message] of bad) assert.throws(() => new OnlineRlController(frozen, options), message, JSON.stringify(options));
  assert.throws(() => new OnlineRlController({} as RlController), /OnlineRlController: frozen must be an RlController/);
  assert.throws(() => new OnlineRlController(frozen).learn(-1), /learn: maxSteps must be a number >= 0, got -1/);
});
