/**
 * Periodic sensing: a timer fires every `periodS` from `phaseS` on, and each
 * tick releases one task. Real timer-driven releases are late by a small,
 * bounded amount (interrupt latency, a sensor's conversion time), modelled
 * as a release delay drawn uniformly in [0, jitterS) — the "release jitter"
 * of real-time scheduling analysis (Audsley, Burns, Richardson, Tindell &
 * Wellings, "Applying new scheduling theory to static priority pre-emptive
 * scheduling", Software Engineering Journal 8(5):284–292, 1993). Jitter is
 * only ever a delay, never early, and below one period, so the tasks keep
 * their tick order.
 *
 * Nominal tick k is at exactly phaseS + k·periodS (computed by
 * multiplication, not by summing periods, so no rounding drift builds up);
 * the ticks inside [0, durationS) are released.
 */
import type { RandomSource } from '../../engine/random.js';
import { checkNonNegative, checkPositive } from '../option-checks.js';
import { resolveTemplate, stampTasks, type Task, type TaskTemplate } from './task.js';

export interface PeriodicOptions extends TaskTemplate {
  /** Time between ticks, s (> 0). */
  periodS: number;
  /** Length of the workload, s (> 0): ticks at times in [0, durationS) are released. */
  durationS: number;
  /** Time of the first tick, s, in [0, periodS). Default 0. */
  phaseS?: number;
  /** Largest release delay, s, in [0, periodS). Default 0 (exact ticks; no random numbers drawn). */
  jitterS?: number;
}

const WHO = 'periodicTasks';

/** Periodic tasks (default criticality 'normal', ids `periodic-<k>`, source 'periodic'). */
export function periodicTasks(options: PeriodicOptions, rng: RandomSource): Task[] {
  const template = resolveTemplate(WHO, options, { criticality: 'normal', idPrefix: 'periodic' });
  const periodS = checkPositive(WHO, 'options.periodS', options.periodS, 's');
  const durationS = checkPositive(WHO, 'options.durationS', options.durationS, 's');
  const phaseS = checkNonNegative(WHO, 'options.phaseS', options.phaseS ?? 0, 's');
  const jitterS = checkNonNegative(WHO, 'options.jitterS', options.jitterS ?? 0, 's');
  if (phaseS >= periodS) throw new RangeError(`${WHO}: options.phaseS must be < options.periodS (${periodS} s), got ${phaseS}`);
  if (jitterS >= periodS) throw new RangeError(`${WHO}: options.jitterS must be < options.periodS (${periodS} s) so releases keep their order, got ${jitterS}`);
  const arrivals: number[] = [];
  for (let k = 0; ; k++) {
    const tick = phaseS + k * periodS;
    if (tick >= durationS) break;
    arrivals.push(jitterS === 0 ? tick : tick + jitterS * rng.next());
  }
  return stampTasks(template, arrivals, () => 'periodic');
}
