/**
 * One benchmark result, as printed (one JSON object per line) and stored in
 * bench/results/latest.json.
 *
 * Ratio convention, used everywhere: `ratio = value / baseline_value`, the
 * Edgewatt figure over the baseline figure, both measured in the same run.
 * `better` says which direction wins, so for throughputs (`higher`) a ratio
 * above 1 means Edgewatt is faster. The ratio is null when either side is
 * missing or the baseline value is not a positive number.
 */
import type { Timing } from './harness.js';

export type Better = 'higher' | 'lower';

/**
 * A target from the project issue. `on: 'value'` compares the Edgewatt value
 * with `target`; `on: 'ratio'` compares the ratio (e.g. "≥ 1.5× tfjs-wasm").
 */
export interface Goal {
  readonly on: 'value' | 'ratio';
  readonly op: '>=' | '<=';
  readonly target: number;
  /** The goal as a reader would say it, e.g. "≥ 18 GFLOP/s". */
  readonly text: string;
}

/**
 * ok: measured. unsupported: the contender cannot run this (e.g. a missing
 * kernel). skipped: not run in this mode or its module is not available.
 * error: it threw; `note` says what.
 */
export type Status = 'ok' | 'unsupported' | 'skipped' | 'error';

export interface BenchRecord {
  readonly name: string;
  /** The Edgewatt figure (or, for a baseline-only row, the baseline's own figure); null when not measured. */
  readonly value: number | null;
  readonly unit: string;
  /** What `value` is compared with, e.g. "tfjs-wasm 4.22 matMul, 1 thread"; null when there is none. */
  readonly baseline: string | null;
  readonly baseline_value: number | null;
  readonly ratio: number | null;
  readonly better: Better;
  readonly goal: Goal | null;
  /** null when the goal cannot be judged (no goal, or the needed figure is missing). */
  readonly meets_goal: boolean | null;
  readonly status: Status;
  /** Why a figure is missing, what the batch was, quoted (unmeasured) reference figures. */
  readonly note?: string;
  /** The Edgewatt contender's timing, seconds per call. */
  readonly timing?: Timing;
  readonly baseline_timing?: Timing;
}

export interface RecordInput {
  readonly name: string;
  readonly value: number | null;
  readonly unit: string;
  readonly better?: Better;
  readonly baseline?: string | null;
  readonly baselineValue?: number | null;
  readonly goal?: Goal | null;
  readonly status?: Status;
  readonly note?: string;
  readonly timing?: Timing;
  readonly baselineTiming?: Timing;
}

/** Builds a record, deriving `ratio` and `meets_goal` so every suite applies the same convention. */
export function makeRecord(r: RecordInput): BenchRecord {
  const baselineValue = r.baselineValue ?? null;
  const ratio = r.value !== null && baselineValue !== null && baselineValue > 0 && Number.isFinite(baselineValue)
    ? r.value / baselineValue
    : null;
  const goal = r.goal ?? null;
  const status = r.status ?? (r.value === null ? 'skipped' : 'ok');
  return {
    name: r.name,
    value: r.value,
    unit: r.unit,
    baseline: r.baseline ?? null,
    baseline_value: baselineValue,
    ratio,
    better: r.better ?? 'higher',
    goal,
    meets_goal: judgeGoal(goal, r.value, ratio),
    status,
    ...(r.note !== undefined ? { note: r.note } : {}),
    ...(r.timing !== undefined ? { timing: r.timing } : {}),
    ...(r.baselineTiming !== undefined ? { baseline_timing: r.baselineTiming } : {}),
  };
}

export function judgeGoal(goal: Goal | null, value: number | null, ratio: number | null): boolean | null {
  if (goal === null) return null;
  const x = goal.on === 'value' ? value : ratio;
  if (x === null) return null;
  return goal.op === '>=' ? x >= goal.target : x <= goal.target;
}

/** The one-line form printed on stdout: the fields first, then the rest. */
export function toJsonLine(r: BenchRecord): string {
  const { name, value, unit, baseline, baseline_value, ratio, goal, meets_goal, ...rest } = r;
  return JSON.stringify({ name, value, unit, baseline, baseline_value, ratio, goal, meets_goal, ...rest });
}
