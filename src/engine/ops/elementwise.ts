/** Elementwise ops: thin, argument-checked wrappers over the unary/binary primitives. */
import type { BinaryPrimitive, UnaryPrimitive } from '../primitives.js';
import { runPrimitive } from '../run.js';
import { scalar, Tensor } from '../tensor.js';

export type TensorLike = Tensor | number;

/** The parameters of every parameterless primitive: one shared frozen object instead of a fresh `{}` per call. */
const NO_PARAMS: Record<string, never> = Object.freeze({});

/** Turns a number into a 0-d tensor matching `like`'s dtype and backend. */
export function asTensor(x: TensorLike, like: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== 'number') throw new TypeError(`expected a Tensor or a number, got ${typeof x}`);
  return scalar(x, like.dtype, like.backend);
}

function unary(prim: Exclude<UnaryPrimitive, 'clip'>) {
  return (x: Tensor): Tensor => runPrimitive(prim, [x], NO_PARAMS);
}

export const neg = unary('neg');
export const exp = unary('exp');
export const log = unary('log');
export const sqrt = unary('sqrt');
export const abs = unary('abs');
/** Round half to even; no gradient (see gradients.ts for the straight-through idiom). */
export const round = unary('round');
export const tanh = unary('tanh');
export const sigmoid = unary('sigmoid');
export const erf = unary('erf');
export const relu = unary('relu');

export function clip(x: Tensor, min: number, max: number): Tensor {
  if (!(min <= max)) throw new RangeError(`clip: min (${min}) must be <= max (${max})`);
  return runPrimitive('clip', [x], { min, max });
}

function binary(prim: BinaryPrimitive) {
  return (a: TensorLike, b: TensorLike): Tensor => {
    if (!(a instanceof Tensor)) {
      if (!(b instanceof Tensor)) throw new TypeError(`${prim}: at least one operand must be a Tensor`);
      a = asTensor(a, b);
    }
    return runPrimitive(prim, [a, asTensor(b, a)], NO_PARAMS);
  };
}

export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
export const div = binary('div');
export const maximum = binary('maximum');
/** 1 where a > b, else 0 (no gradient). */
export const gt = binary('cmpGt');
/** 1 where a == b, else 0 (no gradient). */
export const eq = binary('cmpEq');

export function lt(a: TensorLike, b: TensorLike): Tensor {
  return gt(b, a);
}

export function minimum(a: TensorLike, b: TensorLike): Tensor {
  // min(a, b) = -max(-a, -b): keeps the primitive set closed.
  const ta = a instanceof Tensor ? a : asTensor(a, b as Tensor);
  return neg(maximum(neg(ta), neg(asTensor(b, ta))));
}

/** where(cond, a, b): a where cond is non-zero, else b; all three broadcast. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const ta = a instanceof Tensor ? a : b instanceof Tensor ? asTensor(a, b) : asTensor(a, cond);
  return runPrimitive('where', [cond, ta, asTensor(b, ta)], NO_PARAMS);
}

export function square(x: Tensor): Tensor {
  return mul(x, x);
}

export function reciprocal(x: Tensor): Tensor {
  return div(1, x);
}

export function pow(x: Tensor, p: number): Tensor {
  if (p === 2) return square(x);
  if (p === 1) return x;
  if (p === 0.5) return sqrt(x);
  // x^p = exp(p log x) for x > 0.
  return exp(mul(log(x), p));
}
