/** Random and range tensors, drawn from an injected `RandomSource` so runs are reproducible. */
import type { Backend } from './backend.js';
import type { DType } from './dtype.js';
import { Rng } from './random.js';
import type { Shape } from './shape.js';
import { emptyTensor, type Tensor } from './tensor.js';

/** Normal(mean, std²) samples. */
export function randn(shape: Shape, rng: Rng, std = 1, mean = 0, dtype: DType = 'float32', backend?: Backend): Tensor {
  const t = emptyTensor(shape, dtype, backend);
  const v = t.view();
  for (let i = 0; i < v.length; i++) v[i] = mean + std * rng.normal();
  return t;
}

/** Uniform samples in [low, high). */
export function randu(shape: Shape, rng: Rng, low = 0, high = 1, dtype: DType = 'float32', backend?: Backend): Tensor {
  const t = emptyTensor(shape, dtype, backend);
  const v = t.view();
  const span = high - low;
  for (let i = 0; i < v.length; i++) v[i] = low + span * rng.next();
  return t;
}

export function arange(n: number, dtype: DType = 'float32', backend?: Backend): Tensor {
  const t = emptyTensor([n], dtype, backend);
  const v = t.view();
  for (let i = 0; i < n; i++) v[i] = i;
  return t;
}

/** Copies a tensor to another backend. */
export function toBackend(t: Tensor, backend: Backend): Tensor {
  if (t.backend === backend) return t;
  const out = emptyTensor(t.shape, t.dtype, backend);
  out.view().set(t.view());
  return out;
}
