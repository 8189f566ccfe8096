/**
 * DQN end to end on tasks whose optimal policy is known, with fixed seeds:
 * the learned greedy policy must be optimal in every state. Each run takes
 * well under a second. These tests fail when the update is wrong: with the
 * sign of the bootstrap term flipped, the loss's sign flipped, or the
 * target network never synced, the corridor's left/right split is not
 * learned (docs/scheduler-rl.md records the check).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { trainDqn, type DqnOptions, type Environment } from '../../../src/scheduler/rl/index.js';
import { ContextBandit, Corridor } from './toy-environments.js';

/** Short-run settings: the defaults are sized for 10⁶ steps (dqn-options.ts). */
const SHORT: Omit<DqnOptions, 'totalSteps'> = { hidden: [32, 32], lr: 1e-3, learningStarts: 100, trainFreq: 1, targetUpdateInterval: 100, explorationFraction: 0.3, maxEpisodeSteps: 50 };
const GAMMA = 0.9;

function corridorPolicy(result: ReturnType<typeof trainDqn>, env: Corridor): number[] {
  return Array.from({ length: env.length - 2 }, (_, i) => result.agent.policy.act(env.observe(i + 1)));
}

test('corridor (chain MDP): the optimal direction in every state — left near the small prize, right elsewhere', () => {
  const env = new Corridor(8, 0.8, 1);
  const optimal = Array.from({ length: 6 }, (_, i) => env.optimalAction(i + 1, GAMMA));
  assert.deepEqual(optimal, [0, 0, 1, 1, 1, 1], 'the task itself: value must propagate 5 steps to beat the nearby 0.8');
  for (const seed of [1, 2, 3]) {
    const result = trainDqn(env, { ...SHORT, totalSteps: 1000, gamma: GAMMA }, new Rng(seed));
    assert.deepEqual(corridorPolicy(result, env), optimal, `seed ${seed}`);
  }
});

test('corridor with 3-step returns and a Polyak-averaged target (τ = 0.05 every step) learns the same policy', () => {
  const env = new Corridor(8, 0.8, 1);
  // A short buffer: n-step returns of exploratory steps are biased off-policy (Hessel et al. 2018 accept it), so the random early ones must age out.
  const result = trainDqn(env, { ...SHORT, totalSteps: 1500, gamma: GAMMA, nSteps: 3, tau: 0.05, targetUpdateInterval: 1, bufferSize: 500 }, new Rng(1));
  assert.deepEqual(corridorPolicy(result, env), [0, 0, 1, 1, 1, 1]);
});

test('contextual bandit: the best arm of each of 8 contexts (an XOR-like function of the observation)', () => {
  const env = new ContextBandit();
  for (const seed of [1, 2, 3]) {
    const result = trainDqn(env, { ...SHORT, totalSteps: 1000, gamma: 0.99 }, new Rng(seed));
    const learned = Array.from({ length: 8 }, (_, c) => result.agent.policy.act(env.observe(c)));
    assert.deepEqual(learned, Array.from({ length: 8 }, (_, c) => env.optimalAction(c)), `seed ${seed}`);
  }
});

test('masked bandit: no masked arm is ever taken (the env throws), and the best allowed arm is learned', () => {
  const env = new ContextBandit(true);
  for (const seed of [1, 2]) {
    const result = trainDqn(env, { ...SHORT, totalSteps: 1000, gamma: 0.99 }, new Rng(seed));
    const learned = Array.from({ length: 8 }, (_, c) => result.agent.policy.act(env.observe(c), env.maskOf(c)));
    assert.deepEqual(learned, Array.from({ length: 8 }, (_, c) => env.optimalAction(c)), `seed ${seed}`);
    // The unconstrained best arm is masked in contexts 0, 2, 4, 6: the learned choice differs from it there.
    assert.notDeepEqual(learned, Array.from({ length: 8 }, (_, c) => new ContextBandit(false).optimalAction(c)));
  }
});

test('the same seed reproduces a run exactly; another seed does not', () => {
  const run = (seed: number) => trainDqn(new Corridor(), { ...SHORT, totalSteps: 400, gamma: GAMMA }, new Rng(seed));
  const [a, b, c] = [run(5), run(5), run(6)];
  assert.deepEqual(a.episodeReturns, b.episodeReturns);
  assert.deepEqual(Array.from(a.agent.policy.layers[0]!.weight), Array.from(b.agent.policy.layers[0]!.weight));
  assert.notDeepEqual(a.episodeReturns, c.episodeReturns);
});

test('episodes are reported with their returns; the callback can stop training', () => {
  const records: number[] = [];
  const result = trainDqn(new Corridor(), { ...SHORT, totalSteps: 5000, gamma: GAMMA }, new Rng(1), (r) => {
    records.push(r.return);
    assert.ok(r.epsilon <= 1 && r.epsilon >= 0.05);
    return r.episode === 9 ? 'stop' : undefined;
  });
  assert.equal(records.length, 10);
  assert.deepEqual(result.episodeReturns, records);
  assert.equal(result.episodeLengths.reduce((a, b) => a + b), result.steps, 'every step belongs to a reported episode when stopped at an episode end');
  for (const r of records) assert.ok(r === 0.8 || r === 1 || r === 0, `a corridor episode returns one prize or none, got ${r}`);
});

test('a broken environment or bad option is refused by name', () => {
  assert.throws(() => trainDqn(new Corridor(), { totalSteps: 0 }, new Rng(1)), /options\.totalSteps must be an integer >= 1, got 0/);
  assert.throws(() => trainDqn(new Corridor(), { totalSteps: 10, gamma: 1.5 }, new Rng(1)), /options\.gamma must be a number in \[0, 1\]/);
  assert.throws(() => trainDqn(new Corridor(), { totalSteps: 10, tau: 0 }, new Rng(1)), /options\.tau must be a number in \(0, 1\]/);
  assert.throws(() => trainDqn(new Corridor(), { totalSteps: 10, hidden: [64, 0] }, new Rng(1)), /options\.hidden\[1\]/);
  const wrongSize: Environment = { observationSize: 3, actionCount: 2, reset: () => new Float32Array(2), step: () => ({ observation: new Float32Array(3), reward: 0, done: true }) };
  assert.throws(() => trainDqn(wrongSize, { totalSteps: 10 }, new Rng(1)), /env\.reset\(\) returned 2 features; env\.observationSize is 3/);
  const nanReward: Environment = { observationSize: 1, actionCount: 2, reset: () => new Float32Array(1), step: () => ({ observation: new Float32Array(1), reward: NaN, done: true }) };
  assert.throws(() => trainDqn(nanReward, { totalSteps: 10 }, new Rng(1)), /step 1: the environment returned reward NaN/);
  const noAction: Environment = { ...nanReward, actionMask: () => [0, 0] };
  assert.throws(() => trainDqn(noAction, { totalSteps: 10 }, new Rng(1)), /allows no action/);
});
