/**
 * Batch normalisation (Ioffe & Szegedy 2015, "Batch Normalization:
 * Accelerating Deep Network Training by Reducing Internal Covariate Shift"),
 * with PyTorch's conventions (torch/nn/modules/batchnorm.py, `F.batch_norm`):
 *  - training normalises with the batch mean and the biased (population)
 *    variance over every axis except channels (N, or N·H·W);
 *  - the running statistics move by `momentum` (default 0.1) towards the batch
 *    statistics, the variance in its unbiased form var·n/(n-1);
 *  - evaluation normalises with the running statistics;
 *  - eps = 1e-5 inside the square root; affine weight γ = 1 and bias β = 0 at init.
 * Note Keras's `momentum` is the complement (0.99 there is 0.01 here).
 */
import { noGrad, ones, tidy, variance, zeros, sizeOf, type Shape, type Tensor } from '../../engine/index.js';
import { Module, type LayerCost } from '../module.js';
import { expectChannels, expectInt, expectRank } from './check-input.js';

export interface BatchNormOptions {
  /** Default 1e-5 (PyTorch). */
  eps?: number;
  /** Weight of the new batch in the running statistics. Default 0.1 (PyTorch). */
  momentum?: number;
  /** Learn a per-channel scale and shift. Default true. */
  affine?: boolean;
}

export abstract class BatchNorm extends Module {
  readonly eps: number;
  readonly momentum: number;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;

  constructor(
    readonly numFeatures: number,
    options: BatchNormOptions,
    /** Ranks of the accepted input, and how errors describe them. */
    private readonly ranks: readonly number[],
    private readonly layout: string,
  ) {
    super();
    expectInt(new.target.name, 'numFeatures', numFeatures);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    if (!(this.eps > 0)) throw new RangeError(`${new.target.name}: eps must be > 0, got ${this.eps}`);
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new RangeError(`${new.target.name}: momentum must be in [0, 1], got ${this.momentum}`);
    const affine = options.affine ?? true;
    this.weight = affine ? this.param('weight', ones([numFeatures])) : null;
    this.bias = affine ? this.param('bias', zeros([numFeatures])) : null;
    this.runningMean = this.buffer('runningMean', zeros([numFeatures]));
    this.runningVar = this.buffer('runningVar', ones([numFeatures]));
  }

  forward(x: Tensor): Tensor {
    expectRank(this, x, this.ranks, this.layout);
    expectChannels(this, x, this.numFeatures);
    const c = this.numFeatures;
    // Per-channel tensors broadcast as [1, C, 1, ...].
    const bshape = x.shape.map((_, i) => (i === 1 ? c : 1));
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    let mean: Tensor;
    let vari: Tensor;
    if (this.training) {
      const n = x.size / c;
      if (n <= 1) throw new RangeError(`${this.label}: training needs more than one value per channel, got input shape [${x.shape.join(', ')}]; use a batch of at least 2 or eval()`);
      mean = x.mean(axes, true);
      vari = variance(x, axes, true);
      this.updateRunningStats(mean, vari, n);
    } else {
      mean = this.runningMean.reshape(bshape);
      vari = this.runningVar.reshape(bshape);
    }
    let y = x.sub(mean).div(vari.add(this.eps).sqrt());
    if (this.weight) y = y.mul(this.weight.reshape(bshape));
    if (this.bias) y = y.add(this.bias.reshape(bshape));
    return y;
  }

  /** running ← (1 - m)·running + m·batch, the variance unbiased; in place, outside autograd. */
  private updateRunningStats(mean: Tensor, vari: Tensor, n: number): void {
    const m = this.momentum;
    const c = [this.numFeatures];
    noGrad(() =>
      tidy(() => {
        this.runningMean.assign(this.runningMean.mul(1 - m).add(mean.reshape(c).mul(m)));
        this.runningVar.assign(this.runningVar.mul(1 - m).add(vari.reshape(c).mul((m * n) / (n - 1))));
      }),
    );
  }

  /** No MACs; after folding into a scale and a shift, 2 ops per element. */
  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: 0, ops: 2 * sizeOf(outputShape) };
  }
}

/** Over features [N, C] or sequences [N, C, L]. */
export class BatchNorm1d extends BatchNorm {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options, [2, 3], `[N, ${numFeatures}] or [N, ${numFeatures}, L]`);
  }
}

/** Over images [N, C, H, W]. */
export class BatchNorm2d extends BatchNorm {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options, [4], `[N, ${numFeatures}, H, W]`);
  }
}
