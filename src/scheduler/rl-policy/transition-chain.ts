/**
 * Experience replay for one continuing stream of decisions — a device's —
 * laid out for a small memory. Transition i is (s_i, a_i, r_i, s_{i+1}):
 * on a device each state is the next transition's s′, there is no episode
 * end (γ′ is always γ) and the action mask is the policy's fixed dominance
 * mask (rl-action-space.ts), so the ring stores each state ONCE and no
 * mask or discount per transition. rl/replay-buffer.ts stores s and s′,
 * γ′ and a mask per transition — 108 + k bytes for 12 features and k
 * actions against 54 here — because training episodes end and restart.
 * (The DQN implementation of Mnih et al. 2015 also stores each frame once.)
 *
 * It is sampled as rl/replay-buffer.ts is (uniformly, with replacement,
 * into a preallocated ReplayBatch, nothing allocated per step), and the
 * learner (rl/dqn-learner.ts) reads it through the same `ReplaySource`.
 * Only complete transitions are drawn: the newest state waits for its s′.
 */
import type { Rng } from '../../engine/random.js';
import type { ReplayBatch, ReplaySource } from '../rl/replay-buffer.js';

export interface TransitionChainOptions {
  /** Complete transitions kept (integer >= 1); the oldest is dropped first. */
  capacity: number;
  observationSize: number;
  /** At most 65 536 (actions are stored as uint16). */
  actionCount: number;
  /** γ′ of every transition: the stream never ends. */
  discount: number;
  /** The actions allowed in every state (1 = allowed), length actionCount. */
  mask: Uint8Array;
}

/** Bytes one transition holds: its state (float32 features), its action (uint16) and its reward (float32). */
export function chainBytesPerTransition(observationSize: number): number {
  return 4 * observationSize + 2 + 4;
}

export class TransitionChain implements ReplaySource {
  readonly capacity: number;
  readonly observationSize: number;
  readonly actionCount: number;
  readonly discount: number;
  private readonly mask: Uint8Array;
  /** capacity + 1 rows: the held transitions' states and the newest state. */
  private readonly rows: number;
  private readonly states: Float32Array;
  private readonly actions: Uint16Array;
  private readonly rewards: Float32Array;
  /** States appended so far (entry k lives in row k mod rows). */
  private added = 0;

  constructor(o: TransitionChainOptions) {
    const who = 'TransitionChain';
    for (const [name, v] of [['capacity', o.capacity], ['observationSize', o.observationSize], ['actionCount', o.actionCount]] as const) {
      if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${who}: options.${name} must be an integer >= 1, got ${v}`);
    }
    if (o.actionCount > 65_536) throw new RangeError(`${who}: options.actionCount must be <= 65536 (uint16 actions), got ${o.actionCount}`);
    if (!(o.discount >= 0 && o.discount <= 1)) throw new RangeError(`${who}: options.discount must be a number in [0, 1], got ${o.discount}`);
    if (!(o.mask instanceof Uint8Array) || o.mask.length !== o.actionCount) throw new RangeError(`${who}: options.mask must be a Uint8Array of actionCount = ${o.actionCount} entries`);
    if (!o.mask.some((m) => m !== 0)) throw new RangeError(`${who}: options.mask allows no action`);
    this.capacity = o.capacity;
    this.observationSize = o.observationSize;
    this.actionCount = o.actionCount;
    this.discount = o.discount;
    this.mask = Uint8Array.from(o.mask);
    this.rows = o.capacity + 1;
    this.states = new Float32Array(this.rows * o.observationSize);
    this.actions = new Uint16Array(this.rows);
    this.rewards = new Float32Array(this.rows);
  }

  /** Complete transitions held (at most `capacity`). */
  get size(): number {
    return Math.min(Math.max(0, this.added - 1), this.capacity);
  }

  /** Bytes of the arrays it holds (fixed at construction). */
  get bytes(): number {
    return this.states.byteLength + this.actions.byteLength + this.rewards.byteLength;
  }

  /**
   * Appends the state of the latest decision, its action and its reward:
   * it completes the previous entry's transition (this state is its s′)
   * and waits for the next state. `state` is read, not kept. Trusts its
   * inputs (the controller has checked them).
   */
  add(state: ArrayLike<number>, action: number, reward: number): void {
    const row = this.added % this.rows;
    const n = this.observationSize;
    for (let i = 0; i < n; i++) this.states[row * n + i] = state[i]!;
    this.actions[row] = action;
    this.rewards[row] = reward;
    this.added++;
  }

  createBatch(size: number): ReplayBatch {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`TransitionChain.createBatch: size must be an integer >= 1, got ${size}`);
    const n = this.observationSize;
    const k = this.actionCount;
    const nextMasks = new Uint8Array(size * k);
    for (let r = 0; r < size; r++) nextMasks.set(this.mask, r * k);
    return {
      size, observations: new Float32Array(size * n), actions: new Int32Array(size), returns: new Float32Array(size),
      nextObservations: new Float32Array(size * n), discounts: new Float32Array(size).fill(this.discount), nextMasks, slots: new Int32Array(size),
    };
  }

  sample(rng: Rng, batch: ReplayBatch): ReplayBatch {
    const held = this.size;
    if (held === 0) throw new RangeError('TransitionChain.sample: no complete transition yet; add at least two states first');
    if (batch.observations.length !== batch.size * this.observationSize || batch.nextMasks?.length !== batch.size * this.actionCount) {
      throw new RangeError("TransitionChain.sample: the batch was not made by this chain's createBatch");
    }
    for (let row = 0; row < batch.size; row++) this.copyTransition(rng.int(held), row, batch);
    return batch;
  }

  /** Copies held transition `i` (0 = the oldest held) into row `row` of `batch`. */
  copyTransition(i: number, row: number, batch: ReplayBatch): void {
    const held = this.size;
    if (!Number.isSafeInteger(i) || i < 0 || i >= held) throw new RangeError(`TransitionChain.copyTransition: i must be an integer in [0, ${held}), got ${i}`);
    const entry = this.added - 1 - held + i;
    const at = entry % this.rows;
    const next = (entry + 1) % this.rows;
    const n = this.observationSize;
    batch.observations.set(this.states.subarray(at * n, (at + 1) * n), row * n);
    batch.nextObservations.set(this.states.subarray(next * n, (next + 1) * n), row * n);
    batch.actions[row] = this.actions[at]!;
    batch.returns[row] = this.rewards[at]!;
    batch.discounts[row] = this.discount;
    batch.slots[row] = at;
  }
}
