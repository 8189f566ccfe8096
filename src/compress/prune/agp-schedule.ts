/**
 * Automated gradual pruning (AGP; Zhu & Gupta 2017, "To prune, or not to
 * prune: exploring the efficacy of pruning for model compression",
 * arXiv:1710.01878, §3, eq. 1): sparsity rises from s_i to s_f over n
 * pruning steps Δt apart, starting at t0,
 *
 *   s_t = s_f + (s_i − s_f)·(1 − (t − t0)/(n·Δt))³   for t ∈ {t0, t0 + Δt, ..., t0 + n·Δt},
 *
 * fast at first, while many redundant weights remain, and slowly near the end.
 * Between pruning steps the last value holds; before t0 nothing is pruned.
 */
import { checkInteger, checkObject, checkSparsity } from './check-options.js';

export interface AgpSchedule {
  /** s_i: sparsity applied at the first pruning step, in [0, 1). */
  initial: number;
  /** s_f: sparsity from endStep on, in [initial, 1). */
  final: number;
  /** t0: the first pruning step (0-based optimizer steps). */
  beginStep: number;
  /** t0 + n·Δt: the last pruning step; endStep − beginStep must be a multiple of frequency. */
  endStep: number;
  /** Δt: steps between pruning steps. */
  frequency: number;
}

/** Checks a schedule, naming the first bad field; returns it. */
export function checkAgpSchedule(who: string, s: AgpSchedule): AgpSchedule {
  checkObject(who, 'schedule', s);
  const initial = checkSparsity(who, 'schedule.initial', s.initial);
  const final = checkSparsity(who, 'schedule.final', s.final);
  if (final < initial) throw new RangeError(`${who}: schedule.final (${final}) must be >= schedule.initial (${initial}); AGP only raises sparsity`);
  const begin = checkInteger(who, 'schedule.beginStep', s.beginStep, 0);
  const end = checkInteger(who, 'schedule.endStep', s.endStep, begin + 1);
  const freq = checkInteger(who, 'schedule.frequency', s.frequency, 1);
  if ((end - begin) % freq !== 0) {
    throw new RangeError(`${who}: schedule.endStep − schedule.beginStep (${end - begin}) must be a multiple of schedule.frequency (${freq}), so the last pruning step reaches the final sparsity`);
  }
  return s;
}

/** True when `step` is one of t0, t0 + Δt, ..., t0 + n·Δt. */
export function isPruningStep(step: number, s: AgpSchedule): boolean {
  return step >= s.beginStep && step <= s.endStep && (step - s.beginStep) % s.frequency === 0;
}

/** The sparsity in force at optimizer step `step` (eq. 1 at the latest pruning step <= step; 0 before t0). */
export function agpSparsity(step: number, schedule: AgpSchedule): number {
  const s = checkAgpSchedule('agpSparsity', schedule);
  checkInteger('agpSparsity', 'step', step, 0);
  if (step < s.beginStep) return 0;
  if (step >= s.endStep) return s.final;
  const lastPruningStep = s.beginStep + Math.floor((step - s.beginStep) / s.frequency) * s.frequency;
  const progress = (lastPruningStep - s.beginStep) / (s.endStep - s.beginStep);
  return s.final + (s.initial - s.final) * (1 - progress) ** 3;
}
