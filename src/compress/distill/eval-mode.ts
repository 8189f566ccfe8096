/**
 * Eval mode for a while: the teacher during distillation, both models during
 * the probe and the evaluation. Each module's own flag is saved and given
 * back, so a model that had some submodules frozen in eval mode keeps them so.
 */
import type { Module } from '../../nn/index.js';

/** Puts every module of `models` in eval mode; returns the function that gives each module back its own mode. */
export function enterEvalMode(models: readonly Module[]): () => void {
  const modes = models.flatMap((m) => m.namedModules().map(([, sub]) => [sub, sub.training] as const));
  for (const m of models) m.eval();
  return () => {
    for (const [m, training] of modes) m.training = training;
  };
}
