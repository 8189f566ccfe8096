/**
 * Unstructured magnitude pruning (Han et al. 2015, "Learning both Weights
 * and Connections for Efficient Neural Networks", NeurIPS, §3): the weights
 * of smallest |w| are removed.
 *
 * - scope 'layer': each selected layer loses the same fraction of its weights
 *   (round(sparsity·n) of its n weights).
 * - scope 'global': one |w| threshold over every selected weight together, so
 *   round(sparsity·N) of all N weights go and layers with many small weights
 *   lose more (the global variant studied by Blalock et al. 2020, "What is the
 *   State of Neural Network Pruning?", MLSys).
 *
 * Ties at the threshold are broken by position (layer order, then element
 * order), so exactly that count is pruned (smallest-k.ts).
 */
import type { Module } from '../../nn/index.js';
import { checkObject, checkOneOf, checkSparsity } from './check-options.js';
import type { WeightMasks } from './masks.js';
import { prunableWeights, type LayerSelection, type PrunableWeight } from './prunable-layers.js';
import { pruneCount, pruneSmallest } from './smallest-k.js';

export type PruneScope = 'layer' | 'global';

export interface MagnitudeOptions {
  /** Fraction of the selected weights to prune, in [0, 1). */
  sparsity: number;
  scope: PruneScope;
  /** Layers to prune; default every Conv1d, Conv2d and Linear. */
  include?: LayerSelection;
}

/**
 * Score below every |w|, for weights a previous mask already removed: a
 * re-computed mask then never brings them back (the gradual pruner relies on it).
 */
const ALREADY_PRUNED = -1;

/** |w| of a weight, with the previously pruned entries scored below everything. */
function magnitudes(w: PrunableWeight, previous: Uint8Array | undefined): Float64Array {
  const v = w.weight.view();
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (!Number.isFinite(a)) throw new RangeError(`magnitude pruning: weight "${w.name}" holds ${v[i]} at element ${i}; prune a model with finite weights`);
    out[i] = previous?.[i] === 0 ? ALREADY_PRUNED : a;
  }
  return out;
}

function globalMasks(weights: readonly PrunableWeight[], sparsity: number, previous: WeightMasks | undefined): Map<string, Uint8Array> {
  const scores = weights.map((w) => magnitudes(w, previous?.get(w.name)));
  const all = new Float64Array(scores.reduce((n, s) => n + s.length, 0));
  let offset = 0;
  for (const s of scores) {
    all.set(s, offset);
    offset += s.length;
  }
  const mask = pruneSmallest(all, pruneCount(sparsity, all.length));
  const out = new Map<string, Uint8Array>();
  offset = 0;
  for (const w of weights) {
    out.set(w.name, mask.slice(offset, offset + w.weight.size));
    offset += w.weight.size;
  }
  return out;
}

/**
 * Masks for `weights` at `sparsity` (trusted arguments: the entry points check them).
 * Entries pruned in `previous` stay pruned as long as the new count covers them.
 */
export function magnitudeMasksFor(weights: readonly PrunableWeight[], sparsity: number, scope: PruneScope, previous?: WeightMasks): Map<string, Uint8Array> {
  if (scope === 'global') return globalMasks(weights, sparsity, previous);
  return new Map(weights.map((w) => [w.name, pruneSmallest(magnitudes(w, previous?.get(w.name)), pruneCount(sparsity, w.weight.size))]));
}

/** Keep masks (weight name -> 0/1 per element) that prune the smallest-magnitude weights of `model`. Nothing is written. */
export function magnitudeMasks(model: Module, options: MagnitudeOptions): Map<string, Uint8Array> {
  checkObject('magnitudeMasks', 'options', options);
  const sparsity = checkSparsity('magnitudeMasks', 'sparsity', options.sparsity);
  const scope = checkOneOf('magnitudeMasks', 'scope', options.scope, ['layer', 'global'] as const);
  return magnitudeMasksFor(prunableWeights(model, options.include, 'magnitudeMasks'), sparsity, scope);
}
