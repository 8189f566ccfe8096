/**
 * One DQN gradient step, with the engine: sample a batch from replay,
 * compute the (double-)DQN targets with the frozen target network
 * (td-target.ts), regress Q(s, a) onto them with the Huber loss, clip the
 * global gradient norm and take an Adam step (Mnih et al., Nature 2015,
 * Algorithm 1; the Adam optimiser as Stable-Baselines3's DQN:
 * `torch.optim.Adam`, which is AdamW with weight decay 0).
 *
 * Q(s, a) for the taken actions is Σ_a Q(s, ·) ⊙ onehot(a): the engine has
 * no gather primitive, and at ~30 actions the product costs less than a
 * new primitive would.
 */
import { mul, noGrad, sum, tensor, tidy } from '../../engine/index.js';
import type { Rng } from '../../engine/random.js';
import type { Sequential } from '../../nn/index.js';
import { AdamW } from '../../train/index.js';
import { clipGradNorm } from './grad-clipping.js';
import { huberLoss } from './huber-loss.js';
import { buildQNetwork, updateTargetNetwork, type QNetworkConfig } from './q-network.js';
import type { ReplayBatch, ReplaySource } from './replay-buffer.js';
import { tdTargets } from './td-target.js';

export interface DqnLearnerOptions {
  lr: number;
  batchSize: number;
  double: boolean;
  huberDelta: number;
  /** Infinity: no clipping. */
  maxGradNorm: number;
}

export class DqnLearner {
  readonly online: Sequential;
  readonly target: Sequential;
  private readonly optimizer: AdamW;
  private readonly batch: ReplayBatch;
  private readonly targets: Float32Array;
  private readonly oneHot: Float32Array;
  /** Gradient steps taken. */
  updates = 0;

  constructor(
    readonly config: QNetworkConfig,
    private readonly buffer: ReplaySource,
    private readonly options: DqnLearnerOptions,
    rng: Rng,
  ) {
    this.online = buildQNetwork(config, rng.fork());
    this.target = buildQNetwork(config, rng.fork());
    updateTargetNetwork(this.online, this.target, 1);
    this.online.train();
    this.target.eval();
    // Adam: decoupled decay 0 makes AdamW's update Adam's (Kingma & Ba 2015, Algorithm 1).
    this.optimizer = new AdamW(this.online.parameters(), { lr: options.lr, weightDecay: 0 });
    this.batch = buffer.createBatch(options.batchSize);
    this.targets = new Float32Array(options.batchSize);
    this.oneHot = new Float32Array(options.batchSize * config.actionCount);
  }

  /** Samples a batch with `rng` and takes one gradient step; returns the batch's Huber loss before the step. */
  update(rng: Rng): number {
    const b = this.buffer.sample(rng, this.batch);
    const { observationSize: n, actionCount: k } = this.config;
    const size = b.size;
    noGrad(() =>
      tidy(() => {
        const next = tensor(b.nextObservations, [size, n]);
        const qTarget = this.target.call(next).toArray();
        const qOnline = this.options.double ? this.online.call(next).toArray() : null;
        tdTargets(b, k, qTarget, qOnline, this.targets);
      }),
    );
    this.oneHot.fill(0);
    for (let i = 0; i < size; i++) this.oneHot[i * k + b.actions[i]!] = 1;
    const loss = tidy(() => {
      const q = this.online.call(tensor(b.observations, [size, n]));
      const taken = sum(mul(q, tensor(this.oneHot, [size, k])), 1);
      const l = huberLoss(taken, tensor(this.targets, [size]), this.options.huberDelta);
      const value = l.item();
      this.optimizer.zeroGrad();
      l.backward();
      if (Number.isFinite(this.options.maxGradNorm)) clipGradNorm(this.optimizer.params, this.options.maxGradNorm);
      this.optimizer.step();
      return value;
    });
    this.optimizer.zeroGrad();
    if (!Number.isFinite(loss)) {
      throw new RangeError(`trainDqn: the loss became ${loss} at gradient step ${this.updates + 1}; lower options.lr, check the rewards' scale, or normalise the observations (options.normaliser)`);
    }
    this.updates++;
    return loss;
  }

  /** θ⁻ ← τθ + (1 − τ)θ⁻. */
  updateTarget(tau: number): void {
    updateTargetNetwork(this.online, this.target, tau);
  }
}
