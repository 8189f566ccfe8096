/**
 * What a workload amounts to, for reports and for choosing a simulation
 * horizon: how many tasks of each criticality, over what span, at what
 * mean rate. The rate is count / duration; the duration is given (the
 * generators' `durationS`) or, failing that, the span from time 0 to the
 * last arrival (workloads start at 0 by convention).
 */
import { CRITICALITIES, type Criticality } from '../../runtime/request.js';
import { checkPositive } from '../option-checks.js';
import { checkTask, type Task } from './task.js';

export interface WorkloadSummary {
  count: number;
  byCriticality: Record<Criticality, number>;
  /** Tasks per `source` (tasks without one under ''). */
  bySource: Record<string, number>;
  firstArrivalS: number | null;
  lastArrivalS: number | null;
  /** The duration the rate is over, s. */
  durationS: number;
  /** count / durationS, 1/s. */
  meanRatePerS: number;
  /** Mean of deadlineS − arrivalS over the tasks with a finite deadline, s; null when none has one. */
  meanRelativeDeadlineS: number | null;
}

/** Summary of `tasks` (in any order) over `durationS` (default: 0 to the last arrival). */
export function summarizeWorkload(tasks: readonly Task[], durationS?: number): WorkloadSummary {
  if (!Array.isArray(tasks as unknown)) throw new TypeError(`summarizeWorkload: tasks must be a list of tasks, got ${typeof tasks}`);
  const byCriticality = Object.fromEntries(CRITICALITIES.map((c) => [c, 0])) as Record<Criticality, number>;
  const bySource: Record<string, number> = {};
  let first = Infinity;
  let last = -Infinity;
  let deadlineSum = 0;
  let withDeadline = 0;
  tasks.forEach((task, k) => {
    checkTask(task, `summarizeWorkload: tasks[${k}]`);
    byCriticality[task.criticality]++;
    const source = task.source ?? '';
    bySource[source] = (bySource[source] ?? 0) + 1;
    first = Math.min(first, task.arrivalS);
    last = Math.max(last, task.arrivalS);
    if (Number.isFinite(task.deadlineS)) {
      deadlineSum += task.deadlineS - task.arrivalS;
      withDeadline++;
    }
  });
  const span = durationS ?? last;
  if (durationS === undefined && !(span > 0)) {
    throw new RangeError(`summarizeWorkload: without durationS the rate is over 0 to the last arrival, which is ${tasks.length === 0 ? 'undefined (no tasks)' : `${last} s`}; pass durationS`);
  }
  checkPositive('summarizeWorkload', 'durationS', span, 's');
  return {
    count: tasks.length,
    byCriticality,
    bySource,
    firstArrivalS: tasks.length ? first : null,
    lastArrivalS: tasks.length ? last : null,
    durationS: span,
    meanRatePerS: tasks.length / span,
    meanRelativeDeadlineS: withDeadline ? deadlineSum / withDeadline : null,
  };
}
