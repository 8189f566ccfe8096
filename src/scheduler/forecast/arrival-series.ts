/**
 * A workload as a regularly sampled series for the forecasters: the number
 * of arrivals in each step [startS + i·stepS, startS + (i+1)·stepS). The
 * rate of step i is counts[i] / stepS; forecasting counts per step is
 * forecasting the arrival rate at the scheduler's time resolution. Tasks
 * outside [startS, startS + steps·stepS) are not counted.
 */
import { checkStepGrid, type StepGrid } from './step-grid.js';

/** Arrivals per step. */
export function arrivalCountSeries(tasks: readonly { arrivalS: number }[], grid: StepGrid): Float64Array {
  const g = checkStepGrid('arrivalCountSeries', grid);
  const counts = new Float64Array(g.steps);
  tasks.forEach((task, k) => {
    if (!Number.isFinite(task?.arrivalS)) throw new RangeError(`arrivalCountSeries: tasks[${k}].arrivalS must be a finite time in s, got ${String(task?.arrivalS)}`);
    const i = Math.floor((task.arrivalS - g.startS) / g.stepS);
    if (i >= 0 && i < g.steps) counts[i]!++;
  });
  return counts;
}
