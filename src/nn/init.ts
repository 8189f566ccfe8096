/**
 * Weight initialisation, PyTorch's defaults so models start where their
 * PyTorch counterparts would: `Linear` and `Conv*d.reset_parameters()`
 * (torch/nn/modules/linear.py, conv.py) call `kaiming_uniform_(w, a=√5)`
 * and draw the bias from U(-1/√fan_in, 1/√fan_in).
 *
 * Kaiming/He initialisation: He et al. 2015, "Delving Deep into Rectifiers",
 * ICCV; bound = gain·√(3/fan_in) with the leaky-ReLU gain √(2/(1+a²))
 * (torch/nn/init.py `calculate_gain`, `kaiming_uniform_`). With a = √5 the
 * bound is exactly 1/√fan_in.
 */
import { randu, Rng, type Shape, type Tensor } from '../engine/index.js';

/** Seed of the generator a layer uses when none is injected, so an unseeded model is still reproducible. */
export const DEFAULT_INIT_SEED = 0;

/** The generator a layer falls back to without an injected one. */
export function defaultRng(): Rng {
  return new Rng(DEFAULT_INIT_SEED);
}

/** U(-b, b) with b = √(2/(1+a²))·√(3/fanIn); a = √5 reproduces PyTorch's default weight init. */
export function kaimingUniform(shape: Shape, fanIn: number, rng: Rng, a = Math.sqrt(5)): Tensor {
  const gain = Math.sqrt(2 / (1 + a * a));
  const bound = gain * Math.sqrt(3 / fanIn);
  return randu(shape, rng, -bound, bound);
}

/** U(-1/√fanIn, 1/√fanIn): PyTorch's default bias init for Linear and convolutions. */
export function fanInUniform(shape: Shape, fanIn: number, rng: Rng): Tensor {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return randu(shape, rng, -bound, bound);
}
