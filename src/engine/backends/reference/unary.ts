/**
 * Elementwise unary kernels (float32/float64). One plain loop per primitive:
 * no per-element function values, so each loop stays monomorphic. Results are
 * computed in float64 and rounded once on store.
 */
import type { ArrayKernel, ArrayTensor } from '../../backend.js';
import { sizeOf } from '../../shape.js';
import { erf } from './erf.js';

type Unary<P extends 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'erf' | 'relu' | 'round' | 'clip'> = ArrayKernel<P>;

const src = (inputs: readonly ArrayTensor[]) => inputs[0]!.data;

export const neg: Unary<'neg'> = (inputs, out) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) o[i] = -x[i]!;
};

export const exp: Unary<'exp'> = (inputs, out) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]!);
};

export const log: Unary<'log'> = (inputs, out) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) o[i] = Math.log(x[i]!);
};

export const sqrt: Unary<'sqrt'> = (inputs, out) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]!);
};

export const abs: Unary<'abs'> = (inputs, out) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]!);
};

/** Round half to even; Math.round rounds halves up, so ties are fixed here. */
export const round: Unary<'round'> = (inputs, out) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) o[i] = roundHalfEven(x[i]!);
};

export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  // Math.round(-2.5) = -2 and Math.round(2.5) = 3: on an exact tie pick the even neighbour.
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export const tanh: Unary<'tanh'> = (inputs, out) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) o[i] = Math.tanh(x[i]!);
};

/**
 * 1 / (1 + e^-x). For x << 0, e^-x overflows to Infinity and the result is
 * the correct limit 0; for x >> 0 it is 1. No branch needed in float64.
 */
export const sigmoid: Unary<'sigmoid'> = (inputs, out) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) o[i] = 1 / (1 + Math.exp(-x[i]!));
};

export const erfKernel: Unary<'erf'> = (inputs, out) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) o[i] = erf(x[i]!);
};

/** max(x, 0); NaN stays NaN (the comparison is false), -0 maps to 0. */
export const relu: Unary<'relu'> = (inputs, out) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    o[i] = v > 0 ? v : v !== v ? v : 0;
  }
};

/** min(max(x, min), max); NaN stays NaN. */
export const clip: Unary<'clip'> = (inputs, out, p) => {
  const x = src(inputs), o = out.data, n = sizeOf(out.shape);
  const lo = p.min, hi = p.max;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    o[i] = v < lo ? lo : v > hi ? hi : v;
  }
};
