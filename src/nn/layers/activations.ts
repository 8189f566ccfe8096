/**
 * Elementwise activations as layers, so a model's structure (and its summary)
 * shows them. Each wraps the engine op of the same name.
 */
import { gelu, leakyRelu, relu, relu6, sigmoid, silu, sizeOf, tanh, type Shape, type Tensor } from '../../engine/index.js';
import { Module, type LayerCost } from '../module.js';

/** A parameter-free elementwise layer: one op per element. */
export abstract class Activation extends Module {
  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: 0, ops: sizeOf(outputShape) };
  }
}

export class ReLU extends Activation {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** min(max(x, 0), 6) (Howard et al. 2017, MobileNets), robust under low-precision arithmetic. */
export class ReLU6 extends Activation {
  forward(x: Tensor): Tensor {
    return relu6(x);
  }
}

export class LeakyReLU extends Activation {
  /** Slope for x < 0; default 0.01 as PyTorch (Keras uses 0.3). */
  constructor(readonly negativeSlope = 0.01) {
    super();
    if (!(negativeSlope >= 0 && negativeSlope <= 1)) throw new RangeError(`LeakyReLU: negativeSlope must be in [0, 1], got ${negativeSlope}`);
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
}

export class Sigmoid extends Activation {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Activation {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** Exact (erf) GELU, as PyTorch's default `approximate='none'`. */
export class GELU extends Activation {
  forward(x: Tensor): Tensor {
    return gelu(x);
  }
}

/** x·σ(x) (Elfwing et al. 2018; "swish" in Ramachandran et al. 2017). */
export class SiLU extends Activation {
  forward(x: Tensor): Tensor {
    return silu(x);
  }
}
