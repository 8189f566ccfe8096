/** Activations and softmax, composed from primitives (so their gradients come for free). */
import type { Tensor } from '../tensor.js';
import { add, clip, erf, exp, log, maximum, mul, sigmoid, sub, tanh } from './elementwise.js';
import { max, sum } from './reduce.js';

export function relu6(x: Tensor): Tensor {
  return clip(x, 0, 6);
}

export function leakyRelu(x: Tensor, alpha = 0.01): Tensor {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`leakyRelu: alpha must be in [0, 1], got ${alpha}`);
  // For 0 <= alpha <= 1, max(x, alpha·x) is x for x >= 0 and alpha·x otherwise.
  return maximum(x, mul(x, alpha));
}

/** Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (Hendrycks & Gimpel 2016), as ONNX Gelu. */
export function gelu(x: Tensor): Tensor {
  return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
}

/** tanh approximation of GELU, ONNX Gelu approximate="tanh". */
export function geluTanh(x: Tensor): Tensor {
  const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(tanh(inner), 1));
}

/** SiLU / swish, x·σ(x) (Elfwing et al. 2018). */
export function silu(x: Tensor): Tensor {
  return mul(x, sigmoid(x));
}

/** log Σ exp along `axis`, stabilised by subtracting the max (which carries no gradient of its own here). */
export function logSumExp(x: Tensor, axis = -1, keepDims = false): Tensor {
  const m = max(x, axis, true);
  m.requiresGrad = false;
  m.node = null;
  const s = log(sum(exp(sub(x, m)), axis, true));
  const r = add(s, m);
  if (keepDims) return r;
  const a = axis < 0 ? axis + x.rank : axis;
  const shape: number[] = [];
  for (let i = 0; i < r.rank; i++) if (i !== a) shape.push(r.shape[i]!);
  return r.reshape(shape);
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return sub(x, logSumExp(x, axis, true));
}

export function softmax(x: Tensor, axis = -1): Tensor {
  const m = max(x, axis, true);
  m.requiresGrad = false;
  m.node = null;
  const e = exp(sub(x, m));
  return e.div(sum(e, axis, true));
}
