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
  /**
   * Per accepted rank: the [1, C, 1, ...] shape the per-channel tensors
   * broadcast as, and the reduction axes (all but 1). Built once here: the
   * shape's map/filter on every call cost more than the ops they feed
   * (Node 20's array methods are slow on the engine's frozen shapes).
   */
  private readonly layoutByRank = new Map<number, { readonly bshape: readonly number[]; readonly axes: readonly number[] }>();

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
    for (const rank of ranks) {
      const bshape: number[] = [];
      const axes: number[] = [];
      for (let i = 0; i < rank; i++) {
        bshape.push(i === 1 ? numFeatures : 1);
        if (i !== 1) axes.push(i);
      }
      this.layoutByRank.set(rank, { bshape, axes });
    }
  }

  forward(x: Tensor): Tensor {
    expectRank(this, x, this.ranks, this.layout);
    expectChannels(this, x, this.numFeatures);
    const c = this.numFeatures;
    // Per-channel tensors broadcast as [1, C, 1, ...]; expectRank admitted only ranks in the map.
    const { bshape, axes } = this.layoutByRank.get(x.rank)!;
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
