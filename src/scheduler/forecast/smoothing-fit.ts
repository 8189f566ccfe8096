/**
 * Choosing smoothing parameters on a training series as FPP does
 * (Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", 3rd
 * ed., §8.1 "Optimisation": the parameters are those that minimise the sum
 * of squared one-step-ahead errors, SSE = Σ (y_t − ŷ_{t|t−1})²). FPP
 * minimises it with a numerical optimiser; here the minimum is taken over
 * an explicit grid of candidates, which is deterministic, needs no
 * gradient, and on the coarse grids below costs a few hundred passes over
 * the series. The first `skip` one-step errors (the models' warm-up) are
 * left out of the sum, so every candidate is scored on the same steps.
 */
import { checkIntegerAtLeast } from '../option-checks.js';
import type { Forecaster } from './forecaster.js';
import type { HoltWintersOptions } from './holt-winters.js';

export interface OneStepFit<P> {
  params: P;
  /** The smallest SSE, over the scored steps. */
  sse: number;
  /** Steps scored. */
  steps: number;
}

/** The candidate with the least one-step SSE on `series` (ties: the first in the list). */
export function fitOneStepSse<P>(candidates: readonly P[], make: (params: P) => Forecaster, series: ArrayLike<number>, skip = 1): OneStepFit<P> {
  if (candidates.length === 0) throw new RangeError('fitOneStepSse: candidates must hold at least one parameter set');
  checkIntegerAtLeast('fitOneStepSse', 'skip', skip, 1);
  if (series.length <= skip) throw new RangeError(`fitOneStepSse: the series has ${series.length} values; need more than skip = ${skip} to score any forecast`);
  let best: OneStepFit<P> | undefined;
  for (const params of candidates) {
    const f = make(params);
    let sse = 0;
    for (let t = 0; t < series.length; t++) {
      if (t >= skip) sse += (series[t]! - f.forecast(1)) ** 2;
      f.observe(series[t]!);
    }
    if (best === undefined || sse < best.sse) best = { params, sse, steps: series.length - skip };
  }
  return best!;
}

/** α for EWMA: 0.01 and 0.05 to 1 in steps of 0.05. */
export function ewmaAlphaGrid(): number[] {
  return [0.01, ...Array.from({ length: 20 }, (_, i) => Math.round((i + 1) * 5) / 100)];
}

/**
 * Holt-Winters candidates for season length m: α in {0.05, 0.1, 0.2, ...,
 * 0.9}, β* in {0, 0.01, 0.05, 0.1, 0.2}, γ in {0, 0.05, 0.1, 0.2, 0.3,
 * 0.5} restricted to γ <= 1 − α (FPP §8.3). Small β* values are included
 * because a daily-seasonal series rarely has a trend that moves fast.
 */
export function holtWintersGrid(seasonLength: number): HoltWintersOptions[] {
  const alphas = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const betas = [0, 0.01, 0.05, 0.1, 0.2];
  const gammas = [0, 0.05, 0.1, 0.2, 0.3, 0.5];
  const grid: HoltWintersOptions[] = [];
  for (const alpha of alphas) for (const beta of betas) for (const gamma of gammas) if (gamma <= 1 - alpha + 1e-12) grid.push({ seasonLength, alpha, beta, gamma });
  return grid;
}
