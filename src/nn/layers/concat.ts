/**
 * Runs several branches on the same input and joins their outputs along the
 * channel axis (Inception-style, Szegedy et al. 2015; DenseNet's dense
 * connections). Branch outputs must agree on every other axis.
 */
import { concat, formatShape, type Tensor } from '../../engine/index.js';
import { Module } from '../module.js';

export class Concat extends Module {
  /** Branches named by position or by key; `axis` defaults to 1 (channels). */
  constructor(
    branches: readonly Module[] | Readonly<Record<string, Module>>,
    readonly axis = 1,
  ) {
    super();
    const entries = Array.isArray(branches) ? branches.map((m, i) => [String(i), m] as const) : Object.entries(branches);
    if (entries.length === 0) throw new RangeError('Concat: needs at least one branch');
    if (!Number.isInteger(axis) || axis < 1) throw new RangeError(`Concat: axis must be an integer >= 1 (axis 0 is the batch), got ${axis}`);
    for (const [name, m] of entries) this.child(name, m);
  }

  forward(x: Tensor): Tensor {
    // Branches are read from the child map, so `replaceChild` swaps one in place.
    const outs = this.namedChildren().map(([, b]) => b.call(x));
    const first = outs[0]!;
    outs.forEach((o, i) => {
      const agrees = o.rank === first.rank && o.shape.every((d, k) => k === this.axis || d === first.shape[k]);
      if (!agrees) {
        throw new RangeError(`${this.label}: branch ${this.namedChildren()[i]![0]} gives ${formatShape(o.shape)}, which cannot join branch ${this.namedChildren()[0]![0]}'s ${formatShape(first.shape)} along axis ${this.axis}`);
      }
    });
    return concat(outs, this.axis);
  }
}
