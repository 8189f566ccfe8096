/** Layers that only rearrange or pass through data: no MACs, no ops. */
import { formatShape, type Tensor } from '../../engine/index.js';
import { Module } from '../module.js';

/** Merges axes `startAxis`.. into one: [N, C, H, W] -> [N, C·H·W] by default (Keras `Flatten`). */
export class Flatten extends Module {
  constructor(readonly startAxis = 1) {
    super();
    if (!Number.isInteger(startAxis) || startAxis < 1) throw new RangeError(`Flatten: startAxis must be an integer >= 1 (axis 0 is the batch), got ${startAxis}`);
  }

  forward(x: Tensor): Tensor {
    if (x.rank <= this.startAxis) throw new RangeError(`${this.label}: input has shape ${formatShape(x.shape)}, expected rank > ${this.startAxis}`);
    return x.flatten(this.startAxis);
  }
}

/**
 * Splits the feature axis of [N, F] into `shape`: [N, F] -> [N, ...shape]
 * (PyTorch `nn.Unflatten(1, shape)`, Keras `Reshape(shape)`), with F the
 * product of `shape`; the inverse of Flatten, as a decoder's dense output
 * becomes a feature map. Row-major, so no element moves.
 */
export class Unflatten extends Module {
  readonly shape: readonly number[];
  /** The product of `shape`: the features the input must have. */
  readonly features: number;

  constructor(shape: readonly number[]) {
    super();
    if (!Array.isArray(shape)) throw new TypeError(`Unflatten: shape must be an array of sizes after the batch axis, got ${typeof shape}`);
    if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new RangeError(`Unflatten: shape must be a non-empty list of positive integers (the sizes after the batch axis), got ${JSON.stringify(shape)}`);
    }
    this.shape = Object.freeze([...shape]);
    this.features = shape.reduce((a, b) => a * b, 1);
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.features) {
      throw new RangeError(`${this.label}: input has shape ${formatShape(x.shape)}, expected [N, ${this.features}] to unflatten to [N, ${this.shape.join(', ')}]`);
    }
    return x.reshape([x.shape[0]!, ...this.shape]);
  }
}

/** Returns its input: a placeholder where a block has no layer (an identity shortcut, a removed layer). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
