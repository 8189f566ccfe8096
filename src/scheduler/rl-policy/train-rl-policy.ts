/**
 * Trains the RL scheduler for one device: double DQN (rl/dqn.ts) on the
 * twin environment (twin-environment.ts) over the training traces, with the
 * reward of reward.ts, the fixed range normaliser of observation.ts and the
 * dominance mask of rl-action-space.ts. Returns the greedy policy as a
 * controller, the training curve and what a policy file should record.
 *
 * The training traces must come from other seeds than the evaluation's
 * (the evaluation hook, rl-policy-for.ts, documents which); nothing here
 * sees an evaluation trace.
 *
 * Defaults (RL_TRAINING_DEFAULTS), for a run of 10⁴ steps — a few seconds
 * of host time — where rl/dqn-options.ts's are sized for 10⁶:
 * - γ 0.9: a decision's consequences (the queue it leaves, the charge it
 *   spends) last a few requests on these workloads, not hundreds; a short
 *   horizon keeps the Q-values near the one-step reward, which a short run
 *   can learn;
 * - hidden [32, 32], lr 1e-3, trainFreq 1, a target update every 250
 *   steps, ε 1 → 0.05 over 30 % of the run: the settings the RL core's
 *   short-run tests use (docs/scheduler-rl.md), with the target period
 *   scaled to the longer run;
 * - episodes of 2 000 requests (an hour of a 2 s sensing loop, a few hours
 *   of the Pi's Poisson stream), so one run sees several traces, times of
 *   day and charges.
 */
import { Rng } from '../../engine/random.js';
import type { EnergyStore, HarvestSource } from '../../energy/index.js';
import type { JsonObject } from '../../train/index.js';
import { trainDqn, type EpisodeRecord } from '../rl/dqn.js';
import type { DqnOptions } from '../rl/dqn-options.js';
import type { GreedyPolicy } from '../rl/greedy-policy.js';
import { checkIntegerAtLeast, checkOptionsObject, checkPositive } from '../option-checks.js';
import type { TwinActionSpace } from '../sim/twin-actions.js';
import type { Task } from '../workload/task.js';
import { OBSERVATION_NORMALISER } from './observation.js';
import { qualityCreditFor, rewardOptionsFor, type RewardChoice, type RewardOptions } from './reward.js';
import { RlController } from './rl-controller.js';
import { rlActionSpace, type RlActionSpace } from './rl-action-space.js';
import { TwinEnvironment } from './twin-environment.js';

export interface RlTrainingSpec {
  twin: TwinActionSpace;
  /** The static deployment's action (eval/policies.ts `topAction`): the reward's energy reference. */
  referenceActionId: string;
  /** Training traces, each sorted by arrival; from seeds disjoint from the evaluation's. */
  trainingTasks: readonly (readonly Task[])[];
  /** A fresh store per episode (default: an ideal 18650-sized store, full). */
  store?: (rng: Rng) => EnergyStore;
  harvest?: HarvestSource;
  /** Overrides of the derived reward constants (reward.ts). */
  reward?: RewardChoice;
  /** Environment steps (decisions) to train for. Default RL_TRAINING_DEFAULTS.totalSteps. */
  totalSteps?: number;
  /** Stop at the first episode end after this many seconds of host time. Default: no limit. */
  maxSeconds?: number;
  /** Requests per episode. Default RL_TRAINING_DEFAULTS.episodeTasks. */
  episodeTasks?: number;
  /** Any DQN option (rl/dqn-options.ts) over RL_TRAINING_DEFAULTS.dqn. */
  dqn?: Partial<Omit<DqnOptions, 'totalSteps' | 'normaliser'>>;
  /** Seed of the run (weights, episodes, exploration, replay). Default 1. */
  seed?: number;
  /** Host seconds, for maxSeconds; injected for tests. Default performance.now()/1000. */
  now?: () => number;
}

export interface RlTrainingResult {
  readonly controller: RlController;
  readonly policy: GreedyPolicy;
  readonly actions: RlActionSpace;
  readonly reward: RewardOptions;
  /** One record per finished episode. */
  readonly curve: readonly EpisodeRecord[];
  readonly steps: number;
  readonly updates: number;
  readonly seconds: number;
  /** What to save with the policy (rl-controller.ts saveRlPolicy's `training`). */
  readonly notes: JsonObject;
}

export const RL_TRAINING_DEFAULTS = {
  totalSteps: 12_000,
  episodeTasks: 2_000,
  dqn: { hidden: [32, 32], lr: 1e-3, gamma: 0.9, learningStarts: 200, trainFreq: 1, targetUpdateInterval: 250, explorationFraction: 0.3, explorationFinalEps: 0.05 },
} as const;

export function trainRlPolicy(spec: RlTrainingSpec): RlTrainingResult {
  const who = 'trainRlPolicy';
  checkOptionsObject(who, spec);
  const totalSteps = checkIntegerAtLeast(who, 'spec.totalSteps', spec.totalSteps ?? RL_TRAINING_DEFAULTS.totalSteps, 1);
  const maxSeconds = spec.maxSeconds === undefined ? Infinity : checkPositive(who, 'spec.maxSeconds', spec.maxSeconds, 's');
  const actions = rlActionSpace(spec.twin.actions, spec.referenceActionId);
  const reward = rewardOptionsFor(actions, spec.reward);
  const env = new TwinEnvironment({
    twin: spec.twin, actions, traces: spec.trainingTasks, reward,
    episodeTasks: spec.episodeTasks ?? RL_TRAINING_DEFAULTS.episodeTasks,
    ...(spec.store !== undefined ? { store: spec.store } : {}),
    ...(spec.harvest !== undefined ? { harvest: spec.harvest } : {}),
  });
  const now = spec.now ?? (() => performance.now() / 1000);
  const seed = spec.seed ?? 1;
  const startS = now();
  const curve: EpisodeRecord[] = [];
  const result = trainDqn(env, { ...RL_TRAINING_DEFAULTS.dqn, ...spec.dqn, totalSteps, normaliser: OBSERVATION_NORMALISER }, new Rng(seed), (record) => {
    curve.push(record);
    return now() - startS >= maxSeconds ? 'stop' : undefined;
  });
  const seconds = now() - startS;
  const o = result.options;
  const notes: JsonObject = {
    seed, steps: result.steps, updates: result.updates, seconds: Math.round(seconds * 1000) / 1000,
    trainingTraces: spec.trainingTasks.length, referenceActionId: spec.referenceActionId,
    reward: { ...reward },
    dqn: { hidden: [...o.hidden], lr: o.lr, gamma: o.gamma, batchSize: o.batchSize, trainFreq: o.trainFreq, targetUpdateInterval: o.targetUpdateInterval, explorationFraction: o.explorationFraction, explorationFinalEps: o.explorationFinalEps },
    meanRewardPerStepLast5: curve.length > 0 ? curve.slice(-5).reduce((s, r) => s + r.return / r.length, 0) / Math.min(5, curve.length) : null,
  };
  const policy = result.agent.policy;
  const credit = qualityCreditFor(reward).options;
  return { controller: new RlController(policy, actions, credit), policy, actions, reward, curve, steps: result.steps, updates: result.updates, seconds, notes };
}
