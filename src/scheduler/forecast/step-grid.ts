/** A regular time grid: `steps` steps of `stepS` from `startS`, the sampling of every forecast series. */
import { checkFinite, checkIntegerAtLeast, checkOptionsObject, checkPositive } from '../option-checks.js';

export interface StepGrid {
  /** Time of the first step's start, s. */
  startS: number;
  /** Step length, s (> 0). */
  stepS: number;
  /** Number of steps (integer >= 1). */
  steps: number;
}

export function checkStepGrid(who: string, grid: StepGrid): StepGrid {
  checkOptionsObject(who, grid);
  return {
    startS: checkFinite(who, 'grid.startS', grid.startS, 's'),
    stepS: checkPositive(who, 'grid.stepS', grid.stepS, 's'),
    steps: checkIntegerAtLeast(who, 'grid.steps', grid.steps, 1),
  };
}
