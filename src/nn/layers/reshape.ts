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

/** Returns its input: a placeholder where a block has no layer (an identity shortcut, a removed layer). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
