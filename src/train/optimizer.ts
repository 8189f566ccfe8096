/**
 * Optimizers update parameters in place through zero-copy views of their
 * storage: the update rule is a pure function over typed arrays (tested on
 * its own), the optimizer is the thin loop that applies it to each parameter
 * and owns the per-parameter state. No tensors are allocated per step.
 */
import type { Tensor, TypedArray } from '../engine/index.js';

export interface Optimizer {
  /** Current learning rate; a schedule sets it before each step. */
  lr: number;
  readonly params: readonly Tensor[];
  /** Applies one update from each parameter's `.grad` (parameters without a gradient are skipped). */
  step(): void;
  /** Disposes every parameter's gradient. */
  zeroGrad(): void;
  /** Optimizer state for checkpoints: name -> array, per parameter index. */
  stateArrays(): Map<string, Float32Array | Float64Array>;
  loadStateArrays(state: Map<string, Float32Array | Float64Array>): void;
}

export type FloatArray = Float32Array | Float64Array;

export function checkParams(params: readonly Tensor[], who: string): void {
  if (params.length === 0) throw new RangeError(`${who}: no parameters to optimise`);
  params.forEach((p, i) => {
    if (p.dtype !== 'float32' && p.dtype !== 'float64') {
      throw new TypeError(`${who}: parameter ${i}${p.label()} is ${p.dtype}; only float parameters can be trained`);
    }
    if (!p.requiresGrad) throw new TypeError(`${who}: parameter ${i}${p.label()} has requiresGrad = false`);
  });
}

export function checkHyper(who: string, name: string, v: number, lo: number, hi: number, loOpen = false): void {
  if (!Number.isFinite(v) || (loOpen ? v <= lo : v < lo) || v > hi) {
    throw new RangeError(`${who}: ${name} must be in ${loOpen ? '(' : '['}${lo}, ${hi}], got ${v}`);
  }
}

export function floatView(t: Tensor): FloatArray {
  return t.view() as TypedArray as FloatArray;
}

export function newState(p: Tensor): FloatArray {
  return p.dtype === 'float64' ? new Float64Array(p.size) : new Float32Array(p.size);
}

export function zeroGrads(params: readonly Tensor[]): void {
  for (const p of params) {
    if (p.grad) {
      p.grad.dispose();
      p.grad = null;
    }
  }
}
