/**
 * Experience replay (L.-J. Lin, "Self-improving reactive agents based on
 * reinforcement learning, planning and teaching", Machine Learning 8, 1992;
 * V. Mnih et al., "Human-level control through deep reinforcement
 * learning", Nature 518:529–533, 2015): a fixed-capacity ring of
 * transitions, the oldest overwritten first, sampled uniformly with
 * replacement (as Mnih et al. and Stable-Baselines3's `ReplayBuffer.sample`)
 * to break the correlation between consecutive steps.
 *
 * Stored column-wise in flat typed arrays, one slot per transition, so a
 * million transitions are a handful of allocations and sampling copies
 * rows into a preallocated batch: nothing is allocated per step.
 *
 * A transition is (s, a, R, s', γ′): R is the (possibly n-step) return and
 * γ′ the discount applied to the bootstrap value of s' — γⁿ, or 0 when the
 * episode terminated — so one-step, n-step and terminal transitions share
 * one target formula: y = R + γ′·Q(s', ·). With masks, the feasible actions
 * in s' are kept too, so the target maximises over feasible actions only.
 */
import type { Rng } from '../../engine/random.js';
import type { ActionMask } from './environment.js';

export interface ReplayBufferOptions {
  /** Transitions kept (integer >= 1); the oldest is overwritten first. */
  capacity: number;
  observationSize: number;
  actionCount: number;
  /** Keep the next state's action mask with each transition (default false: every action allowed). */
  storeMasks?: boolean;
}

/** A sampled mini-batch; rows 0..size−1 are valid. Reused by every `sample` into it. */
export interface ReplayBatch {
  readonly size: number;
  /** [size, observationSize], row-major. */
  readonly observations: Float32Array;
  readonly actions: Int32Array;
  readonly returns: Float32Array;
  /** [size, observationSize]. */
  readonly nextObservations: Float32Array;
  /** γ′ per row: the discount of the bootstrap value (0 after a terminal state). */
  readonly discounts: Float32Array;
  /** [size, actionCount] of 0/1 (1 = allowed in s'); null when the buffer keeps no masks. */
  readonly nextMasks: Uint8Array | null;
  /** Slot of each row in the buffer. */
  readonly slots: Int32Array;
}

/**
 * What the learner (dqn-learner.ts) draws batches from: this ring, or a
 * store laid out for another stream (rl-policy/transition-chain.ts keeps a
 * device's one continuing stream of states once, not twice).
 */
export interface ReplaySource {
  /** A batch of `size` rows to pass to `sample`. */
  createBatch(size: number): ReplayBatch;
  /** Fills `batch` with `batch.size` transitions drawn uniformly, with replacement, by `rng`; returns it. */
  sample(rng: Rng, batch: ReplayBatch): ReplayBatch;
}

export class ReplayBuffer implements ReplaySource {
  readonly capacity: number;
  readonly observationSize: number;
  readonly actionCount: number;
  private readonly obs: Float32Array;
  private readonly nextObs: Float32Array;
  private readonly actions: Int32Array;
  private readonly returns: Float32Array;
  private readonly discounts: Float32Array;
  private readonly nextMasks: Uint8Array | null;
  private next = 0;
  private count = 0;

  constructor(options: ReplayBufferOptions) {
    const { capacity, observationSize, actionCount } = options;
    for (const [name, v] of [['capacity', capacity], ['observationSize', observationSize], ['actionCount', actionCount]] as const) {
      if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`ReplayBuffer: options.${name} must be an integer >= 1, got ${v}`);
    }
    this.capacity = capacity;
    this.observationSize = observationSize;
    this.actionCount = actionCount;
    this.obs = new Float32Array(capacity * observationSize);
    this.nextObs = new Float32Array(capacity * observationSize);
    this.actions = new Int32Array(capacity);
    this.returns = new Float32Array(capacity);
    this.discounts = new Float32Array(capacity);
    this.nextMasks = options.storeMasks ? new Uint8Array(capacity * actionCount) : null;
  }

  /** Transitions held (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Slot the next `add` writes. */
  get writeSlot(): number {
    return this.next;
  }

  /**
   * Stores one transition, overwriting the oldest when full; returns its
   * slot. `nextMask` (ignored unless the buffer keeps masks) absent means
   * every action is allowed in s'. The caller (the training loop) has
   * checked the values; this trusts them.
   */
  add(observation: ArrayLike<number>, action: number, ret: number, nextObservation: ArrayLike<number>, discount: number, nextMask?: ActionMask | null): number {
    const slot = this.next;
    const n = this.observationSize;
    const at = slot * n;
    for (let i = 0; i < n; i++) {
      this.obs[at + i] = observation[i]!;
      this.nextObs[at + i] = nextObservation[i]!;
    }
    this.actions[slot] = action;
    this.returns[slot] = ret;
    this.discounts[slot] = discount;
    if (this.nextMasks) {
      const k = this.actionCount;
      for (let a = 0; a < k; a++) this.nextMasks[slot * k + a] = nextMask ? (nextMask[a] ? 1 : 0) : 1;
    }
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.count < this.capacity) this.count++;
    return slot;
  }

  /** A batch of `size` rows to pass to `sample`. */
  createBatch(size: number): ReplayBatch {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`ReplayBuffer.createBatch: size must be an integer >= 1, got ${size}`);
    const n = this.observationSize;
    return {
      size,
      observations: new Float32Array(size * n),
      actions: new Int32Array(size),
      returns: new Float32Array(size),
      nextObservations: new Float32Array(size * n),
      discounts: new Float32Array(size),
      nextMasks: this.nextMasks ? new Uint8Array(size * this.actionCount) : null,
      slots: new Int32Array(size),
    };
  }

  /** Fills `batch` with `batch.size` transitions drawn uniformly, with replacement, by `rng`; returns it. */
  sample(rng: Rng, batch: ReplayBatch): ReplayBatch {
    if (this.count === 0) throw new RangeError('ReplayBuffer.sample: the buffer is empty; add transitions first');
    if (batch.observations.length !== batch.size * this.observationSize || (batch.nextMasks === null) !== (this.nextMasks === null)) {
      throw new RangeError('ReplayBuffer.sample: the batch was not made by this buffer\'s createBatch');
    }
    for (let row = 0; row < batch.size; row++) this.copyRow(rng.int(this.count), row, batch);
    return batch;
  }

  /** Copies slot `slot` into row `row` of `batch` (also what `sample` does per draw). */
  copyRow(slot: number, row: number, batch: ReplayBatch): void {
    const n = this.observationSize;
    batch.observations.set(this.obs.subarray(slot * n, (slot + 1) * n), row * n);
    batch.nextObservations.set(this.nextObs.subarray(slot * n, (slot + 1) * n), row * n);
    batch.actions[row] = this.actions[slot]!;
    batch.returns[row] = this.returns[slot]!;
    batch.discounts[row] = this.discounts[slot]!;
    batch.slots[row] = slot;
    if (this.nextMasks && batch.nextMasks) {
      const k = this.actionCount;
      batch.nextMasks.set(this.nextMasks.subarray(slot * k, (slot + 1) * k), row * k);
    }
  }
}
