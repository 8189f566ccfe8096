/**
 * DQN's options, their defaults and where each default comes from.
 *
 * Sources:
 *  [M15]  V. Mnih et al., "Human-level control through deep reinforcement
 *         learning", Nature 518:529–533, 2015, Extended Data Table 1.
 *  [vH16] H. van Hasselt, A. Guez & D. Silver, "Deep reinforcement learning
 *         with double Q-learning", AAAI 2016.
 *  [SB3]  Stable-Baselines3 ≥ 2.3 `DQN.__init__` defaults
 *         (stable_baselines3/dqn/dqn.py; `learning_starts` became 100 in
 *         2.3.0, before that it was [M15]'s 50 000) and its `MlpPolicy`.
 *
 * [M15]'s and [SB3]'s schedules are sized for Atari's millions of frames:
 * a 10 000-step target period is right for a run of 10⁶ steps, not 10⁴.
 * Short runs (the tests, a small simulator) set their own; the defaults
 * are what a full-length scheduler run starts from.
 */
import { checkInRange, checkIntegerAtLeast, checkOptionsObject, checkPositive } from '../option-checks.js';
import type { ObservationNormaliser } from './observation-normaliser.js';

export interface DqnOptions {
  /** Environment steps to train for (integer >= 1); the exploration schedule is a fraction of it. */
  totalSteps: number;
  /** Hidden layer widths. Default [64, 64] [SB3 MlpPolicy]. */
  hidden?: readonly number[];
  /** Adam step size. Default 1e-4 [SB3] ([M15] used RMSProp at 2.5e-4). */
  lr?: number;
  /** Discount γ. Default 0.99 [M15, SB3]. */
  gamma?: number;
  /** Replay capacity, transitions. Default 1 000 000 [M15, SB3], capped at totalSteps (more can never fill). */
  bufferSize?: number;
  /** Transitions per gradient step. Default 32 [M15, SB3]. */
  batchSize?: number;
  /** Steps collected before the first gradient step. Default 100 [SB3 ≥ 2.3]. */
  learningStarts?: number;
  /** Environment steps between gradient phases. Default 4 [M15 "update frequency", SB3]. */
  trainFreq?: number;
  /** Gradient steps per phase. Default 1 [SB3]. */
  gradientSteps?: number;
  /** Environment steps between target-network updates. Default 10 000 [M15, SB3]. */
  targetUpdateInterval?: number;
  /** Polyak coefficient of a target update; 1 = hard copy. Default 1 [M15, SB3]. */
  tau?: number;
  /** Double-DQN targets. Default true [vH16] (SB3's DQN is not double). */
  double?: boolean;
  /** Return horizon n. Default 1 (one-step Q-learning [M15]); Rainbow used 3. */
  nSteps?: number;
  /** ε at the start. Default 1 [M15, SB3]. */
  explorationInitialEps?: number;
  /** ε after the decay. Default 0.05 [SB3] ([M15]: 0.1). */
  explorationFinalEps?: number;
  /** Fraction of totalSteps over which ε falls linearly. Default 0.1 [SB3]. */
  explorationFraction?: number;
  /** Huber threshold δ. Default 1 [M15 error clipping, SB3 smooth_l1_loss]. */
  huberDelta?: number;
  /** Global gradient-norm clip; Infinity disables it. Default 10 [SB3 max_grad_norm]. */
  maxGradNorm?: number;
  /** Episodes longer than this are truncated (bootstrapped, not terminal). Default: no limit. */
  maxEpisodeSteps?: number;
  /** Fixed observation standardisation. Default identity. */
  normaliser?: ObservationNormaliser;
}

export type ResolvedDqnOptions = Required<Omit<DqnOptions, 'normaliser' | 'maxEpisodeSteps'>> & { maxEpisodeSteps: number; normaliser?: ObservationNormaliser };

export const DQN_DEFAULTS = {
  hidden: [64, 64],
  lr: 1e-4,
  gamma: 0.99,
  bufferSize: 1_000_000,
  batchSize: 32,
  learningStarts: 100,
  trainFreq: 4,
  gradientSteps: 1,
  targetUpdateInterval: 10_000,
  tau: 1,
  double: true,
  nSteps: 1,
  explorationInitialEps: 1,
  explorationFinalEps: 0.05,
  explorationFraction: 0.1,
  huberDelta: 1,
  maxGradNorm: 10,
} as const satisfies Omit<ResolvedDqnOptions, 'totalSteps' | 'maxEpisodeSteps' | 'normaliser'>;

const WHO = 'trainDqn';

/** Fills in defaults and checks every option; errors name the option and what was expected. */
export function resolveDqnOptions(o: DqnOptions): ResolvedDqnOptions {
  checkOptionsObject(WHO, o);
  const d = DQN_DEFAULTS;
  const totalSteps = checkIntegerAtLeast(WHO, 'options.totalSteps', o.totalSteps, 1);
  const hidden = o.hidden ?? d.hidden;
  if (!Array.isArray(hidden)) throw new TypeError(`${WHO}: options.hidden must be an array of layer widths, got ${typeof hidden}`);
  hidden.forEach((h, i) => checkIntegerAtLeast(WHO, `options.hidden[${i}]`, h, 1));
  const initialEps = checkInRange(WHO, 'options.explorationInitialEps', o.explorationInitialEps ?? d.explorationInitialEps, 0, 1);
  const finalEps = checkInRange(WHO, 'options.explorationFinalEps', o.explorationFinalEps ?? d.explorationFinalEps, 0, 1);
  const maxGradNorm = o.maxGradNorm ?? d.maxGradNorm;
  if (!(maxGradNorm > 0)) throw new RangeError(`${WHO}: options.maxGradNorm must be > 0 (Infinity disables clipping), got ${maxGradNorm}`);
  const tau = o.tau ?? d.tau;
  if (typeof tau !== 'number' || !(tau > 0 && tau <= 1)) throw new RangeError(`${WHO}: options.tau must be a number in (0, 1] (1: hard copy), got ${String(tau)}`);
  if (o.double !== undefined && typeof o.double !== 'boolean') throw new TypeError(`${WHO}: options.double must be a boolean, got ${typeof o.double}`);
  return {
    totalSteps,
    hidden: [...hidden],
    lr: checkPositive(WHO, 'options.lr', o.lr ?? d.lr),
    gamma: checkInRange(WHO, 'options.gamma', o.gamma ?? d.gamma, 0, 1),
    bufferSize: Math.min(checkIntegerAtLeast(WHO, 'options.bufferSize', o.bufferSize ?? d.bufferSize, 1), totalSteps),
    batchSize: checkIntegerAtLeast(WHO, 'options.batchSize', o.batchSize ?? d.batchSize, 1),
    learningStarts: checkIntegerAtLeast(WHO, 'options.learningStarts', o.learningStarts ?? d.learningStarts, 0),
    trainFreq: checkIntegerAtLeast(WHO, 'options.trainFreq', o.trainFreq ?? d.trainFreq, 1),
    gradientSteps: checkIntegerAtLeast(WHO, 'options.gradientSteps', o.gradientSteps ?? d.gradientSteps, 1),
    targetUpdateInterval: checkIntegerAtLeast(WHO, 'options.targetUpdateInterval', o.targetUpdateInterval ?? d.targetUpdateInterval, 1),
    tau,
    double: o.double ?? d.double,
    nSteps: checkIntegerAtLeast(WHO, 'options.nSteps', o.nSteps ?? d.nSteps, 1),
    explorationInitialEps: initialEps,
    explorationFinalEps: finalEps,
    explorationFraction: checkInRange(WHO, 'options.explorationFraction', o.explorationFraction ?? d.explorationFraction, 0, 1),
    huberDelta: checkPositive(WHO, 'options.huberDelta', o.huberDelta ?? d.huberDelta),
    maxGradNorm,
    maxEpisodeSteps: o.maxEpisodeSteps === undefined ? Infinity : checkIntegerAtLeast(WHO, 'options.maxEpisodeSteps', o.maxEpisodeSteps, 1),
    ...(o.normaliser !== undefined ? { normaliser: o.normaliser } : {}),
  };
}

/**
 * ε after `step` environment steps: linear from the initial to the final
 * value over the first `explorationFraction · totalSteps` steps, constant
 * after ([SB3] `get_linear_fn`; [M15] "annealed linearly").
 */
export function epsilonAt(step: number, o: Pick<ResolvedDqnOptions, 'totalSteps' | 'explorationInitialEps' | 'explorationFinalEps' | 'explorationFraction'>): number {
  const span = o.explorationFraction * o.totalSteps;
  const progress = span > 0 ? Math.min(step / span, 1) : 1;
  return o.explorationInitialEps + progress * (o.explorationFinalEps - o.explorationInitialEps);
}
