/**
 * n-step returns for off-policy Q-learning (R. S. Sutton & A. G. Barto,
 * "Reinforcement Learning: An Introduction", 2nd ed., 2018, §7.1; used by
 * Rainbow, M. Hessel et al., AAAI 2018, with n = 3): the transition stored
 * for (s_t, a_t) carries R = Σ_{k<n} γᵏ r_{t+k} and bootstraps from
 * s_{t+n} with discount γⁿ. When the episode ends first, the pending steps
 * are flushed with their shorter returns: discount 0 after a terminal
 * state, γ^m (m steps to the cut) after a truncation. n = 1 is ordinary
 * one-step Q-learning.
 *
 * Holds the last n steps of the current episode in flat arrays; emits each
 * finished transition to a sink (the replay buffer's `add`).
 */
import type { ActionMask } from './environment.js';

/** Receives one finished transition (the replay buffer's `add` signature). */
export type TransitionSink = (observation: Float32Array, action: number, ret: number, nextObservation: Float32Array, discount: number, nextMask: ActionMask | null) => void;

export class NStepAccumulator {
  private readonly obs: Float32Array;
  private readonly actions: Int32Array;
  private readonly rewards: Float64Array;
  /** Ring position of the oldest pending step. */
  private head = 0;
  private pending = 0;

  constructor(
    readonly n: number,
    readonly gamma: number,
    private readonly observationSize: number,
    private readonly sink: TransitionSink,
  ) {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`NStepAccumulator: n must be an integer >= 1, got ${n}`);
    if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`NStepAccumulator: gamma must be in [0, 1], got ${gamma}`);
    this.obs = new Float32Array(n * observationSize);
    this.actions = new Int32Array(n);
    this.rewards = new Float64Array(n);
  }

  /**
   * Records step (s, a, r) → s'. `terminal`: the episode ended in a terminal
   * state; `cut`: it ended otherwise (truncation). Either flushes every
   * pending step; otherwise the oldest is emitted once n are pending.
   * `observation` is copied; `nextObservation` and `nextMask` are handed to
   * the sink before this returns.
   */
  push(observation: Float32Array, action: number, reward: number, nextObservation: Float32Array, nextMask: ActionMask | null, terminal: boolean, cut: boolean): void {
    const slot = (this.head + this.pending) % this.n;
    this.obs.set(observation, slot * this.observationSize);
    this.actions[slot] = action;
    this.rewards[slot] = reward;
    this.pending++;
    if (terminal || cut) {
      while (this.pending > 0) this.emitOldest(nextObservation, nextMask, terminal);
      this.head = 0;
    } else if (this.pending === this.n) {
      this.emitOldest(nextObservation, nextMask, false);
    }
  }

  /** Emits the oldest pending step: its return over the pending steps, bootstrapping from `next`. */
  private emitOldest(next: Float32Array, nextMask: ActionMask | null, terminal: boolean): void {
    let ret = 0;
    let discount = 1;
    for (let k = 0; k < this.pending; k++) {
      ret += discount * this.rewards[(this.head + k) % this.n]!;
      discount *= this.gamma;
    }
    const at = this.head * this.observationSize;
    this.sink(this.obs.subarray(at, at + this.observationSize), this.actions[this.head]!, ret, next, terminal ? 0 : discount, nextMask);
    this.head = (this.head + 1) % this.n;
    this.pending--;
  }
}
