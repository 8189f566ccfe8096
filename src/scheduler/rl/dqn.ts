/**
 * Deep Q-learning (V. Mnih et al., "Human-level control through deep
 * reinforcement learning", Nature 518:529–533, 2015, Algorithm 1) with
 * double-DQN targets (H. van Hasselt, A. Guez & D. Silver, AAAI 2016),
 * a target network updated by hard copy or Polyak averaging, ε-greedy
 * exploration with linear decay, the Huber loss, global gradient-norm
 * clipping, Adam, and optional n-step returns — trained with Edgewatt's
 * engine against any `Environment`.
 *
 * The loop owns the schedule (Stable-Baselines3's `OffPolicyAlgorithm`
 * order): act ε-greedily with the fast greedy path over the feasible
 * actions, step, store the transition, and every `trainFreq` steps after
 * `learningStarts` take `gradientSteps` updates (dqn-learner.ts); every
 * `targetUpdateInterval` steps update the target network. The maths lives
 * in pure, separately tested pieces (td-target.ts, huber-loss.ts,
 * n-step.ts, replay-buffer.ts).
 *
 * Every random draw — initial weights, episode starts, exploration, replay
 * sampling — comes from the injected Rng, each through its own fork, so a
 * seed reproduces a run exactly.
 */
import type { Rng } from '../../engine/random.js';
import type { Sequential } from '../../nn/index.js';
import { DqnLearner } from './dqn-learner.js';
import { epsilonAt, resolveDqnOptions, type DqnOptions, type ResolvedDqnOptions } from './dqn-options.js';
import { allowedActionCount, type ActionMask, type Environment } from './environment.js';
import { GreedyPolicy } from './greedy-policy.js';
import { NStepAccumulator } from './n-step.js';
import { checkNormaliser, identityNormaliser, normaliseInto, type ObservationNormaliser } from './observation-normaliser.js';
import { copyWeightsInto, denseLayersOf, type QNetworkConfig } from './q-network.js';
import { ReplayBuffer } from './replay-buffer.js';

export interface EpisodeRecord {
  /** 0-based. */
  readonly episode: number;
  /** Undiscounted sum of the episode's rewards. */
  readonly return: number;
  readonly length: number;
  /** Environment steps so far, this episode included. */
  readonly totalSteps: number;
  /** ε at the episode's last step. */
  readonly epsilon: number;
  /** Huber loss of the latest gradient step (NaN before the first). */
  readonly loss: number;
}

/** Called after each finished episode; return 'stop' to end training there. */
export type EpisodeCallback = (record: EpisodeRecord) => void | 'stop';

/** What trainDqn produces: the online network and its fast greedy copy. */
export interface DqnAgent {
  readonly config: QNetworkConfig;
  /** The trained online Q-network (engine), in eval mode. */
  readonly network: Sequential;
  /** The greedy policy over the same weights, with the normaliser: what is deployed and saved. */
  readonly policy: GreedyPolicy;
}

export interface DqnResult {
  readonly agent: DqnAgent;
  /** Per finished episode (an episode still running when training stops is not counted). */
  readonly episodeReturns: number[];
  readonly episodeLengths: number[];
  /** Environment steps taken. */
  readonly steps: number;
  /** Gradient steps taken. */
  readonly updates: number;
  readonly options: ResolvedDqnOptions;
}

const WHO = 'trainDqn';

export function trainDqn(env: Environment, options: DqnOptions, rng: Rng, onEpisode?: EpisodeCallback): DqnResult {
  const o = resolveDqnOptions(options);
  const config = checkEnvironment(env, o.hidden);
  const normaliser: ObservationNormaliser = o.normaliser ? checkNormaliser(WHO, 'options.normaliser', o.normaliser, config.observationSize) : identityNormaliser(config.observationSize);
  const [initRng, envRng, exploreRng, sampleRng] = [rng.fork(), rng.fork(), rng.fork(), rng.fork()];
  const buffer = new ReplayBuffer({ capacity: o.bufferSize, observationSize: config.observationSize, actionCount: config.actionCount, storeMasks: env.actionMask !== undefined });
  const learner = new DqnLearner(config, buffer, o, initRng);
  const policy = new GreedyPolicy(denseLayersOf(learner.online), normaliser);
  const nStep = new NStepAccumulator(o.nSteps, o.gamma, config.observationSize, (s, a, r, s2, discount, mask) => buffer.add(s, a, r, s2, discount, mask));

  const episodeReturns: number[] = [];
  const episodeLengths: number[] = [];
  let observation = checkObservation(env.reset(envRng), config, 'reset()');
  let mask = readMask(env, config, 0);
  let state: Float32Array = normaliseInto(normaliser, observation, new Float32Array(config.observationSize));
  let nextState: Float32Array = new Float32Array(config.observationSize);
  let episodeReturn = 0;
  let episodeLength = 0;
  let loss = NaN;
  let step = 0;
  while (step < o.totalSteps) {
    const epsilon = epsilonAt(step, o);
    const action = exploreRng.next() < epsilon ? randomAllowedAction(exploreRng, config.actionCount, mask) : policy.act(observation, mask ?? undefined);
    const result = env.step(action);
    step++;
    const reward = result.reward;
    if (typeof reward !== 'number' || !Number.isFinite(reward)) throw new RangeError(`${WHO}: step ${step}: the environment returned reward ${String(reward)}; expected a finite number`);
    observation = checkObservation(result.observation, config, `step() at step ${step}`);
    episodeReturn += reward;
    episodeLength++;
    const terminal = result.done === true;
    const cut = !terminal && (result.truncated === true || episodeLength >= o.maxEpisodeSteps);
    const nextMask = terminal ? null : readMask(env, config, step);
    normaliseInto(normaliser, observation, nextState);
    nStep.push(state, action, reward, nextState, nextMask, terminal, cut);
    [state, nextState] = [nextState, state];
    mask = nextMask;

    if (step >= o.learningStarts && step % o.trainFreq === 0 && buffer.size > 0) {
      for (let g = 0; g < o.gradientSteps; g++) loss = learner.update(sampleRng);
      copyWeightsInto(learner.online, policy.layers);
    }
    if (step % o.targetUpdateInterval === 0) learner.updateTarget(o.tau);

    if (terminal || cut) {
      episodeReturns.push(episodeReturn);
      episodeLengths.push(episodeLength);
      const record: EpisodeRecord = { episode: episodeReturns.length - 1, return: episodeReturn, length: episodeLength, totalSteps: step, epsilon, loss };
      if (onEpisode?.(record) === 'stop') break;
      episodeReturn = 0;
      episodeLength = 0;
      observation = checkObservation(env.reset(envRng), config, `reset() after step ${step}`);
      mask = readMask(env, config, step);
      normaliseInto(normaliser, observation, state);
    }
  }
  learner.online.eval();
  return { agent: { config, network: learner.online, policy }, episodeReturns, episodeLengths, steps: step, updates: learner.updates, options: o };
}

function checkEnvironment(env: Environment, hidden: readonly number[]): QNetworkConfig {
  if (typeof env !== 'object' || env === null || typeof env.reset !== 'function' || typeof env.step !== 'function') {
    throw new TypeError(`${WHO}: env must be an Environment with reset(rng), step(action), observationSize and actionCount`);
  }
  for (const name of ['observationSize', 'actionCount'] as const) {
    const v = env[name];
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${WHO}: env.${name} must be an integer >= 1, got ${String(v)}`);
  }
  if (env.actionMask !== undefined && typeof env.actionMask !== 'function') throw new TypeError(`${WHO}: env.actionMask must be a method when present`);
  return { observationSize: env.observationSize, actionCount: env.actionCount, hidden };
}

function checkObservation(x: unknown, c: QNetworkConfig, where: string): Float32Array {
  if (!(x instanceof Float32Array)) throw new TypeError(`${WHO}: env.${where} must return a Float32Array observation, got ${x === null ? 'null' : typeof x}`);
  if (x.length !== c.observationSize) throw new RangeError(`${WHO}: env.${where} returned ${x.length} features; env.observationSize is ${c.observationSize}`);
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) throw new RangeError(`${WHO}: env.${where} returned observation[${i}] = ${x[i]}; expected finite features`);
  return x;
}

/** The current state's mask, checked; null when the environment has no masks. */
function readMask(env: Environment, c: QNetworkConfig, step: number): ActionMask | null {
  if (!env.actionMask) return null;
  const mask = env.actionMask();
  if (mask?.length !== c.actionCount) throw new RangeError(`${WHO}: env.actionMask() after step ${step} has ${mask?.length} entries; env.actionCount is ${c.actionCount}`);
  if (allowedActionCount(mask) === 0) throw new RangeError(`${WHO}: env.actionMask() after step ${step} allows no action in a state that is not terminal`);
  return mask;
}

/** Uniform over the allowed actions (all of them without a mask). */
function randomAllowedAction(rng: Rng, actionCount: number, mask: ActionMask | null): number {
  if (!mask) return rng.int(actionCount);
  let k = rng.int(allowedActionCount(mask));
  for (let a = 0; a < actionCount; a++) if (mask[a] && k-- === 0) return a;
  throw new Error(`${WHO}: internal: no allowed action to explore`);
}
