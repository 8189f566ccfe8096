/**
 * The episodic environment the RL core trains against, after the Gym /
 * Gymnasium `Env` contract (reset → observation; step(action) →
 * observation, reward, terminated, truncated), trimmed to what a discrete
 * controller needs: a fixed-length Float32Array observation and integer
 * actions 0..actionCount−1. The scheduler's simulator (the device twin)
 * implements it; the tests implement tiny MDPs whose optimal policy is
 * known.
 *
 * Randomness comes in through `reset(rng)` (STYLE 5: the random source is
 * injected), so one seed reproduces a whole training run.
 */
import type { Rng } from '../../engine/random.js';

/**
 * Which actions are feasible in a state: entry a is truthy when action a is
 * allowed (a variant that does not fit in memory, a deferral past the
 * deadline: masked). Length `actionCount`; at least one entry is allowed.
 */
export type ActionMask = Readonly<ArrayLike<boolean | number>>;

export interface StepResult {
  /** The state after the action (length `observationSize`). May be reused by the environment after the next call. */
  readonly observation: Float32Array;
  readonly reward: number;
  /**
   * The episode ended in a terminal state: nothing follows, so its value is
   * 0 and the learner does not bootstrap from `observation` (Gymnasium's
   * `terminated`).
   */
  readonly done: boolean;
  /**
   * The episode was cut short (a time limit, the end of a trace) in a state
   * that is not terminal: the learner still bootstraps from `observation`
   * (Gymnasium's `truncated`; F. Pardo, A. Tavakoli, V. Levdik & P. Kormushev,
   * "Time limits in reinforcement learning", ICML 2018). Default false.
   */
  readonly truncated?: boolean;
}

export interface Environment {
  /** Features per observation (integer >= 1). */
  readonly observationSize: number;
  /** Discrete actions 0..actionCount−1 (integer >= 1). */
  readonly actionCount: number;
  /** Starts an episode; returns the first observation. */
  reset(rng: Rng): Float32Array;
  /** Applies `action` (an allowed integer in [0, actionCount)) to the current state. */
  step(action: number): StepResult;
  /**
   * The feasible actions in the current state (after `reset` or a `step`
   * that did not end the episode). Absent: every action is always allowed.
   */
  actionMask?(): ActionMask;
}

/** Index of the first allowed action, or −1 when the mask allows none (or is the wrong length). */
export function firstAllowedAction(mask: ActionMask, actionCount: number): number {
  if (mask.length !== actionCount) return -1;
  for (let a = 0; a < actionCount; a++) if (mask[a]) return a;
  return -1;
}

/** Number of allowed actions in `mask`. */
export function allowedActionCount(mask: ActionMask): number {
  let n = 0;
  for (let a = 0; a < mask.length; a++) if (mask[a]) n++;
  return n;
}
