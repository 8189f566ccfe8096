/**
 * Small environments whose optimal policies are known in closed form, for
 * the DQN tests: a corridor (chain MDP) where the best direction depends on
 * the position and the value must propagate over several steps, and a
 * contextual bandit whose best arm is an XOR-like function of the
 * observation, optionally with masked arms.
 */
import type { Rng } from '../../../src/engine/random.js';
import type { ActionMask, Environment, StepResult } from '../../../src/scheduler/rl/index.js';

/**
 * Positions 0..length−1; 0 and length−1 are terminal. Actions: 0 left, 1
 * right. Entering the left end pays `leftReward`, the right end
 * `rightReward`; every other step pays 0. Episodes start uniformly in the
 * interior, so every state is visited. Observation: one-hot position.
 *
 * With discount γ, from interior position s the right end is worth
 * γ^(length−2−s)·rightReward and the left end γ^(s−1)·leftReward, so the
 * optimal action is known for every state (`optimalAction`).
 */
export class Corridor implements Environment {
  readonly observationSize: number;
  readonly actionCount = 2;
  private position = 1;
  private readonly obs: Float32Array;

  constructor(
    readonly length = 8,
    readonly leftReward = 0.8,
    readonly rightReward = 1,
  ) {
    this.observationSize = length;
    this.obs = new Float32Array(length);
  }

  reset(rng: Rng): Float32Array {
    return this.observe(1 + rng.int(this.length - 2));
  }

  step(action: number): StepResult {
    if (action !== 0 && action !== 1) throw new RangeError(`Corridor: action ${action} is not 0 or 1`);
    const p = this.position + (action === 1 ? 1 : -1);
    const done = p === 0 || p === this.length - 1;
    const reward = p === 0 ? this.leftReward : p === this.length - 1 ? this.rightReward : 0;
    return { observation: this.observe(p), reward, done };
  }

  /** One-hot observation of interior position `s` (for evaluating a policy). */
  observe(s: number): Float32Array {
    this.position = s;
    this.obs.fill(0);
    this.obs[s] = 1;
    return this.obs;
  }

  /** The optimal action at interior position `s` under discount `gamma` (the values must differ). */
  optimalAction(s: number, gamma: number): number {
    const right = gamma ** (this.length - 2 - s) * this.rightReward;
    const left = gamma ** (s - 1) * this.leftReward;
    if (right === left) throw new Error(`Corridor: both directions are worth ${left} at ${s}`);
    return right > left ? 1 : 0;
  }
}

/**
 * One-step episodes: a context c ∈ 0..7 drawn uniformly, observed as its
 * three bits in ±1; arm a pays REWARDS[c][a]. The best arm depends on the
 * bits jointly (no single bit decides it), so the Q-network needs its
 * hidden layer. With `masked`, MASKS[c] forbids some arms — including the
 * unconstrained best arm in half the contexts — and taking a forbidden arm
 * throws, so a test passes only if no masked action is ever chosen.
 */
export class ContextBandit implements Environment {
  static readonly REWARDS: readonly (readonly number[])[] = [
    [1.0, 0.2, 0.0, 0.5],
    [0.1, 1.0, 0.4, 0.0],
    [0.0, 0.3, 1.0, 0.6],
    [0.5, 0.0, 0.2, 1.0],
    [0.3, 0.6, 0.0, 1.0],
    [0.6, 0.0, 1.0, 0.2],
    [1.0, 0.6, 0.3, 0.0],
    [0.0, 1.0, 0.5, 0.3],
  ];
  /** 1 = allowed. Contexts 0, 2, 4, 6 forbid their best arm. */
  static readonly MASKS: readonly (readonly number[])[] = [
    [0, 1, 1, 1],
    [1, 1, 0, 1],
    [1, 1, 0, 1],
    [1, 1, 1, 1],
    [1, 1, 1, 0],
    [0, 0, 1, 1],
    [0, 1, 1, 1],
    [1, 1, 1, 1],
  ];
  readonly observationSize = 3;
  readonly actionCount = 4;
  private context = 0;
  private readonly obs = new Float32Array(3);
  private readonly maskBuffer = new Uint8Array(4);
  /** Present only when masked (an Environment without masks allows every action). */
  readonly actionMask?: () => ActionMask;

  constructor(readonly masked = false) {
    if (masked) {
      this.actionMask = () => {
        const m = ContextBandit.MASKS[this.context]!;
        for (let a = 0; a < 4; a++) this.maskBuffer[a] = m[a]!;
        return this.maskBuffer;
      };
    }
  }

  reset(rng: Rng): Float32Array {
    return this.observe(rng.int(8));
  }

  step(action: number): StepResult {
    if (!Number.isInteger(action) || action < 0 || action >= 4) throw new RangeError(`ContextBandit: action ${action} out of range`);
    if (this.masked && !ContextBandit.MASKS[this.context]![action]) throw new Error(`ContextBandit: took masked action ${action} in context ${this.context}`);
    return { observation: this.obs, reward: ContextBandit.REWARDS[this.context]![action]!, done: true };
  }

  observe(c: number): Float32Array {
    this.context = c;
    for (let b = 0; b < 3; b++) this.obs[b] = (c >> b) & 1 ? 1 : -1;
    return this.obs;
  }

  maskOf(c: number): Uint8Array {
    return Uint8Array.from(ContextBandit.MASKS[c]!);
  }

  /** The best arm of context c (among the allowed ones when masked). */
  optimalAction(c: number): number {
    const r = ContextBandit.REWARDS[c]!;
    let best = -1;
    for (let a = 0; a < 4; a++) if ((!this.masked || ContextBandit.MASKS[c]![a]) && (best < 0 || r[a]! > r[best]!)) best = a;
    return best;
  }
}
