/**
 * Checks of constructor arguments, and of inputs at a layer's entry, so a
 * wrong input is reported in the model's terms (`Conv2d "stack1.main.conv1":
 * input has 3 channels, expected 16`) rather than as a shape-rule failure
 * deep inside a primitive.
 */
import { formatShape, type Tensor } from '../../engine/index.js';
import type { Module } from '../module.js';

/** Throws unless `x` has one of `ranks`; `layout` describes the expected axes, e.g. `[N, C, H, W]`. */
export function expectRank(layer: Module, x: Tensor, ranks: readonly number[], layout: string): void {
  if (!ranks.includes(x.rank)) {
    throw new RangeError(`${layer.label}: input has shape ${formatShape(x.shape)} (rank ${x.rank}), expected ${layout}`);
  }
}

/** Throws unless axis 1 (channels / features) of `x` has `expected` entries. */
export function expectChannels(layer: Module, x: Tensor, expected: number, what = 'channels', axis = 1): void {
  const got = x.shape[axis];
  if (got !== expected) {
    throw new RangeError(`${layer.label}: input has ${got} ${what}, expected ${expected} (input shape ${formatShape(x.shape)})`);
  }
}

/** Throws unless `v` is an integer >= `min`; `what` names the argument. */
export function expectInt(layerType: string, what: string, v: number, min = 1): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${layerType}: ${what} must be an integer >= ${min}, got ${v}`);
}

/** A size given once for both axes or as [h, w]. */
export type IntPair = number | readonly [number, number];

/** Expands an IntPair (or `dflt` when absent) to [h, w], each an integer >= 1. */
export function toPair(v: IntPair | undefined, dflt: number, layerType: string, what: string): [number, number] {
  const p: [number, number] = v === undefined ? [dflt, dflt] : typeof v === 'number' ? [v, v] : [v[0], v[1]];
  for (const x of p) expectInt(layerType, what, x);
  return p;
}
