/**
 * Options of on-device fine-tuning (online-rl-controller.ts), their
 * defaults and why, and the memory they hold.
 *
 * The defaults are for an MCU-class device serving requests every second
 * or two (the demo's ward monitor: an STM32U575, 786 KB of SRAM, ST
 * DS13737), starting from a policy that trainRlPolicy already trained; they
 * are fine-tuning settings, not training ones:
 *
 * - `updateEvery` K = 32 requests per gradient step, with `batchSize` 32
 *   (the offline batch, rl-policy's RL_TRAINING_DEFAULTS via DQN_DEFAULTS;
 *   Mnih et al. 2015): each transition is then sampled about once
 *   (batch / K = 1) before it leaves the buffer, against 32 times offline
 *   (trainFreq 1). The cost sets K: one double-DQN step is about 5 · B
 *   forward passes of the network (online on s, online and target on s′,
 *   and the backward pass ≈ 2 forwards): 459 k float MACs for the
 *   evaluation's 12→32→32→48 network (`updateMacs`), i.e. 14.3 k MACs per
 *   request at K = 32 — about half the demo's 26 k-MAC HAR inference,
 *   0.1 % of a 12.5 M-MAC ResNet-8. A smaller K learns faster
 *   and costs proportionally more.
 * - `lr` 1e-4, a tenth of the offline 1e-3: a step moves the network a
 *   tenth as far, so one unlucky minibatch of device transitions does not
 *   undo what 12 000 offline steps learned. A choice, not a tuned value;
 *   it is DQN_DEFAULTS' (SB3's) lr.
 * - `bufferSize` 1 024 transitions: 1 025 × 54 bytes = 55 KB (each state
 *   kept once, transition-chain.ts), 7 % of the U575's SRAM. It must span
 *   more than one regime of the workload, or a burst fills it and the
 *   shared weights carry the burst's lesson to every state (replay is
 *   there to "smooth over changes in the data distribution", Mnih et al.
 *   2015, which a buffer shorter than a burst cannot do): 1 024 requests
 *   are a mean burst of the demo's vibration line (≈ 300 requests) three
 *   times over, and 34 minutes of the ward monitor's 0.5 Hz stream. A
 *   bigger buffer does not make fine-tuning safe, though (docs/scheduler.md,
 *   "Fine-tuning on the device").
 * - `targetSyncEvery` 250 gradient steps: the offline interval in gradient
 *   steps (RL_TRAINING_DEFAULTS: a target update every 250 steps at
 *   trainFreq 1), so each regression target is held as long as in training;
 *   at a tenth of the step size the online network moves less in that time.
 * - `learningStarts` = the batch size: no step before a batch of distinct
 *   transitions can be drawn.
 * - `gamma` 0.9, the offline γ: the Q-values' scale is set by γ, so
 *   fine-tuning with another would shift every value the policy learned.
 *   A policy trained with another γ must be fine-tuned with that one.
 * - `epsilon` 0: a device should not try actions blindly. Above 0 only
 *   normal and background requests explore: a critical request's quality
 *   is priced ×10 and its deadline is the tight one (reward.ts), and the
 *   runtime's own rule 1 never risks it.
 * - double DQN, Huber δ 1, gradient clip 10: as offline (DQN_DEFAULTS).
 */
import { checkInRange, checkIntegerAtLeast, checkOptionsObject, checkPositive } from '../option-checks.js';
import { DQN_DEFAULTS } from '../rl/dqn-options.js';
import type { DenseLayer } from '../rl/q-network.js';
import type { RewardOptions } from './reward.js';
import { chainBytesPerTransition } from './transition-chain.js';
import { RL_TRAINING_DEFAULTS } from './train-rl-policy.js';

/** Where a due gradient step runs: in `observe` (default), or when the host calls `learn()` (idle time). */
export type OnlineLearnIn = 'observe' | 'idle';

export interface OnlineRlOptions {
  /** K: served requests between gradient steps (integer >= 1). Default 32. */
  updateEvery?: number;
  /** Transitions per gradient step. Default 32. */
  batchSize?: number;
  /** Adam step size. Default 1e-4. */
  lr?: number;
  /** Replay capacity, transitions. Default 1 024. */
  bufferSize?: number;
  /** M: gradient steps between hard target-network syncs. Default 250. */
  targetSyncEvery?: number;
  /** Transitions stored before the first gradient step. Default: batchSize. */
  learningStarts?: number;
  /** The discount the policy was trained with. Default RL_TRAINING_DEFAULTS.dqn.gamma (0.9). */
  gamma?: number;
  /** Exploration on normal and background requests only. Default 0. */
  epsilon?: number;
  /** Default 'observe'. */
  learnIn?: OnlineLearnIn;
  /** The reward the policy was trained with; default rewardOptionsFor(space), as trainRlPolicy derives it. */
  reward?: RewardOptions;
  /** Seed of replay sampling and exploration. Default 1. */
  seed?: number;
}

export interface ResolvedOnlineRlOptions {
  readonly updateEvery: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly bufferSize: number;
  readonly targetSyncEvery: number;
  readonly learningStarts: number;
  readonly gamma: number;
  readonly epsilon: number;
  readonly learnIn: OnlineLearnIn;
  readonly seed: number;
}

export const ONLINE_RL_DEFAULTS = {
  updateEvery: 32,
  batchSize: 32,
  lr: 1e-4,
  bufferSize: 1024,
  targetSyncEvery: 250,
  gamma: RL_TRAINING_DEFAULTS.dqn.gamma,
  epsilon: 0,
  learnIn: 'observe',
  seed: 1,
} as const;

/** As offline (DQN_DEFAULTS): double-DQN targets, Huber δ, the global gradient-norm clip. */
export const ONLINE_LEARNER_FIXED = { double: DQN_DEFAULTS.double, huberDelta: DQN_DEFAULTS.huberDelta, maxGradNorm: DQN_DEFAULTS.maxGradNorm } as const;

/** Fills in the defaults and checks every option; errors name the option and what was expected. */
export function resolveOnlineRlOptions(who: string, o: OnlineRlOptions): ResolvedOnlineRlOptions {
  checkOptionsObject(who, o);
  const d = ONLINE_RL_DEFAULTS;
  const learnIn = o.learnIn ?? d.learnIn;
  if (learnIn !== 'observe' && learnIn !== 'idle') throw new TypeError(`${who}: options.learnIn must be 'observe' or 'idle', got ${JSON.stringify(learnIn)}`);
  const batchSize = checkIntegerAtLeast(who, 'options.batchSize', o.batchSize ?? d.batchSize, 1);
  const bufferSize = checkIntegerAtLeast(who, 'options.bufferSize', o.bufferSize ?? d.bufferSize, 1);
  const learningStarts = checkIntegerAtLeast(who, 'options.learningStarts', o.learningStarts ?? batchSize, 1);
  if (learningStarts > bufferSize) throw new RangeError(`${who}: options.learningStarts (${learningStarts}) must be <= options.bufferSize (${bufferSize}), or learning never starts`);
  return {
    updateEvery: checkIntegerAtLeast(who, 'options.updateEvery', o.updateEvery ?? d.updateEvery, 1),
    batchSize,
    lr: checkPositive(who, 'options.lr', o.lr ?? d.lr),
    bufferSize,
    targetSyncEvery: checkIntegerAtLeast(who, 'options.targetSyncEvery', o.targetSyncEvery ?? d.targetSyncEvery, 1),
    learningStarts,
    gamma: checkInRange(who, 'options.gamma', o.gamma ?? d.gamma, 0, 1),
    epsilon: checkInRange(who, 'options.epsilon', o.epsilon ?? d.epsilon, 0, 1),
    learnIn,
    seed: checkIntegerAtLeast(who, 'options.seed', o.seed ?? d.seed, 0),
  };
}

/** Multiply-accumulates of one forward pass of `layers` for one observation. */
export function forwardMacs(layers: readonly DenseLayer[]): number {
  return layers.reduce((n, l) => n + l.inFeatures * l.outFeatures, 0);
}

/**
 * Float MACs of one double-DQN gradient step on a batch: forward passes of
 * the online network on s and on s′ (double DQN's selection), of the
 * target network on s′, and the backward pass, about two forwards (the
 * weight gradients and the input gradients of every layer but the first).
 */
export function updateMacs(layers: readonly DenseLayer[], batchSize: number): number {
  const first = layers[0]!;
  return batchSize * (5 * forwardMacs(layers) - first.inFeatures * first.outFeatures);
}

/** What fine-tuning holds beyond the frozen controller, bytes. */
export interface OnlineRlMemory {
  /** The replay (transition-chain.ts): bufferSize + 1 states (float32 features), each with its action (uint16) and reward (float32). */
  readonly replayBytes: number;
  readonly bytesPerTransition: number;
  /** The target network (float32 weights and biases). */
  readonly targetNetworkBytes: number;
  /**
   * The online network as the engine trains it, its gradients and Adam's
   * two moments: four copies of the parameters. (On a device without our
   * engine the deployed weights would be trained in place: three.)
   */
  readonly trainerBytes: number;
  /** The sampled batch (s, s′, action, return, γ′, slot, the next-state masks), its targets and the one-hot action matrix. */
  readonly batchBytes: number;
  readonly totalBytes: number;
}

/** The memory of fine-tuning `layers` with `o`, from the arrays the learner allocates (transition-chain.ts, rl/dqn-learner.ts). */
export function onlineRlMemory(layers: readonly DenseLayer[], o: Pick<ResolvedOnlineRlOptions, 'bufferSize' | 'batchSize'>): OnlineRlMemory {
  const n = layers[0]!.inFeatures;
  const k = layers[layers.length - 1]!.outFeatures;
  const params = layers.reduce((s, l) => s + l.weight.length + l.bias.length, 0);
  const bytesPerTransition = chainBytesPerTransition(n);
  const replayBytes = (o.bufferSize + 1) * bytesPerTransition;
  const targetNetworkBytes = 4 * params;
  const trainerBytes = 4 * 4 * params;
  const batchRow = 2 * n * 4 + 4 + 4 + 4 + 4 + k;
  const batchBytes = o.batchSize * (batchRow + 4 /* target */ + 4 * k /* one-hot */);
  return { replayBytes, bytesPerTransition, targetNetworkBytes, trainerBytes, batchBytes, totalBytes: replayBytes + targetNetworkBytes + trainerBytes + batchBytes };
}
