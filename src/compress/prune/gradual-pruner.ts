/**
 * Gradual magnitude pruning during fine-tuning (Zhu & Gupta 2017, "To prune,
 * or not to prune", §3): at each pruning step of the AGP schedule the masks
 * are recomputed from the current weights at the scheduled sparsity, and
 * between pruning steps the pruned weights are held at zero.
 *
 * It is an Optimizer wrapper (a MaskedOptimizer whose step hook recomputes
 * the masks), so the Trainer runs it like any optimizer; the schedule counts
 * the wrapper's own steps (0-based), one per `step()` call. A weight pruned
 * once stays pruned: recomputed masks rank it below every live weight
 * (magnitude.ts), so the masks only grow, and each recomputed mask prunes
 * exactly the scheduled count.
 */
import type { Module } from '../../nn/index.js';
import type { Optimizer } from '../../train/optimizer.js';
import { agpSparsity, checkAgpSchedule, isPruningStep, type AgpSchedule } from './agp-schedule.js';
import { checkObject, checkOneOf } from './check-options.js';
import { magnitudeMasksFor, type PruneScope } from './magnitude.js';
import { MaskedOptimizer } from './masked-optimizer.js';
import { maskSparsity, type WeightMasks } from './masks.js';
import { prunableWeights, type LayerSelection, type PrunableWeight } from './prunable-layers.js';

export interface GradualPrunerOptions {
  schedule: AgpSchedule;
  /** Per-layer sparsity or one global threshold (magnitude.ts). */
  scope: PruneScope;
  /** Layers to prune; default every Conv1d, Conv2d and Linear. */
  include?: LayerSelection;
}

/** Masks that keep everything: the state before the first pruning step. */
function denseMasks(weights: readonly PrunableWeight[]): Map<string, Uint8Array> {
  return new Map(weights.map((w) => [w.name, new Uint8Array(w.weight.size).fill(1)]));
}

export class GradualPruner extends MaskedOptimizer {
  constructor(
    model: Module,
    optimizer: Optimizer,
    readonly schedule: AgpSchedule,
    readonly scope: PruneScope,
    include: LayerSelection | undefined,
  ) {
    const weights = prunableWeights(model, include, 'gradualPruner');
    super(optimizer, denseMasks(weights), {
      onStep: (step: number, current: WeightMasks) =>
        isPruningStep(step, schedule) ? magnitudeMasksFor(weights, agpSparsity(step, schedule), scope, current) : undefined,
    });
  }

  /** Fraction of the selected weights pruned by the masks in force. */
  get sparsity(): number {
    return maskSparsity(this.masks);
  }
}

/** Wraps `optimizer` so the selected weights of `model` are pruned on the AGP schedule while training. */
export function gradualPruner(model: Module, optimizer: Optimizer, options: GradualPrunerOptions): GradualPruner {
  checkObject('gradualPruner', 'options', options);
  const schedule = checkAgpSchedule('gradualPruner', options.schedule);
  const scope = checkOneOf('gradualPruner', 'scope', options.scope, ['layer', 'global'] as const);
  return new GradualPruner(model, optimizer, schedule, scope, options.include);
}
