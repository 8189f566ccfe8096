/**
 * Inverted dropout (Srivastava et al. 2014, "Dropout: A Simple Way to Prevent
 * Neural Networks from Overfitting", JMLR 15): in training each element is
 * zeroed with probability p and the survivors are scaled by 1/(1-p), so
 * evaluation is the identity and needs no rescaling. The mask comes from an
 * injected generator, so a seeded run drops the same elements.
 */
import { gt, mul, randu, type Rng, type Tensor } from '../../engine/index.js';
import { defaultRng } from '../init.js';
import { Module } from '../module.js';

export class Dropout extends Module {
  private readonly rng: Rng;

  constructor(
    readonly p = 0.5,
    options: { rng?: Rng } = {},
  ) {
    super();
    if (!(p >= 0 && p < 1)) throw new RangeError(`Dropout: p must be in [0, 1), got ${p}`);
    this.rng = options.rng ?? defaultRng();
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    // u > p has probability 1 - p for u ~ U[0, 1).
    const keepMask = gt(randu(x.shape, this.rng, 0, 1, x.dtype, x.backend), this.p);
    return mul(x, mul(keepMask, 1 / (1 - this.p)));
  }
}
