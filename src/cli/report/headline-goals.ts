/**
 * The evaluation's goals, from the issue that asked for `edgewatt evaluate`:
 * the policy under test should use ≥ 40% less energy and have ≥ 35% lower
 * p50 latency than static fp32 while losing at most 1 point of accuracy,
 * use ≥ 10% less energy than the best heuristic, and come within 10% of the
 * oracle (reach ≥ 90% of its saving). One table of goals; the Markdown
 * report and the terminal table both read it, so they cannot disagree.
 */
import type { EvaluationResult, Headline } from '../../scheduler/eval/evaluation-result.js';
import { fixed, formatNumber, formatPercent } from './report-numbers.js';

/** The numeric fields of the headline (best_heuristic is a name). */
export type HeadlineNumber = Exclude<keyof Headline, 'best_heuristic'>;

export interface Goal {
  readonly field: HeadlineNumber;
  /** What the number is, for a table row. */
  readonly label: string;
  /** The target, as printed: "≥ 40%". */
  readonly target: string;
  /** The goal in words, for the verdict sentence. */
  readonly phrase: string;
  readonly met: (v: number) => boolean;
  readonly format: (v: number) => string;
}

/** Accuracy points with one decimal, like the percentages beside them. */
const points = (v: number): string => `${Number.isFinite(v) ? fixed(v, 1) : formatNumber(v)} pt`;

export const GOALS: readonly Goal[] = [
  { field: 'energy_saving_vs_fp32', label: 'energy saving vs static fp32', target: '≥ 40%', phrase: '≥ 40% less energy than static fp32', met: (v) => v >= 0.4, format: formatPercent },
  { field: 'latency_p50_saving_vs_fp32', label: 'p50 latency saving vs static fp32', target: '≥ 35%', phrase: '≥ 35% lower p50 latency than static fp32', met: (v) => v >= 0.35, format: formatPercent },
  { field: 'accuracy_loss_pts', label: 'accuracy loss vs static fp32', target: '≤ 1 pt', phrase: 'at most 1 point of accuracy lost', met: (v) => v <= 1, format: points },
  { field: 'energy_saving_vs_best_heuristic', label: 'energy saving vs best heuristic', target: '≥ 10%', phrase: '≥ 10% less energy than the best heuristic', met: (v) => v >= 0.1, format: formatPercent },
  { field: 'oracle_fraction', label: "share of the oracle's saving reached", target: '≥ 90%', phrase: "within 10% of the oracle's saving", met: (v) => v >= 0.9, format: formatPercent },
];

export interface GoalVerdict {
  readonly goal: Goal;
  readonly value: number | null;
  /** null: cannot be judged (no oracle in the run, or the number is missing). */
  readonly met: boolean | null;
  /** The value as printed, "—" when there is none. */
  readonly shown: string;
}

export function judgeHeadline(h: Headline): GoalVerdict[] {
  return GOALS.map((goal) => {
    const value = h[goal.field];
    const known = value !== null && Number.isFinite(value);
    return { goal, value, met: known ? goal.met(value) : null, shown: value === null ? '—' : goal.format(value) };
  });
}

/** "yes" / "no" / "n/a", for table cells. */
export function verdictWord(v: GoalVerdict): string {
  return v.met === null ? 'n/a' : v.met ? 'yes' : 'no';
}

function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * One plain sentence on the goals, e.g. "adaptive met 4 of 5 goals (…); it
 * missed ≥ 10% less energy than the best heuristic (8.2%)." `name` is
 * inserted as given: the caller escapes it for its medium.
 */
export function goalSentence(result: EvaluationResult, name: string): string {
  const verdicts = judgeHeadline(result.headline);
  const met = verdicts.filter((v) => v.met === true);
  const missed = verdicts.filter((v) => v.met === false);
  const unknown = verdicts.filter((v) => v.met === null);
  const judged = met.length + missed.length;
  const parts: string[] = [];
  if (missed.length === 0 && unknown.length === 0) {
    parts.push(`${name} met all ${verdicts.length} goals: ${listing(met.map((v) => v.goal.phrase))}`);
  } else {
    const of = `${judged} goal${judged === 1 ? '' : 's'}${unknown.length > 0 ? ' it could be judged on' : ''}`;
    parts.push(`${name} met ${met.length} of ${of}` + (met.length > 0 ? ` (${listing(met.map((v) => v.goal.phrase))})` : ''));
    if (missed.length > 0) parts.push(`it missed ${listing(missed.map((v) => `${v.goal.phrase} (got ${v.shown})`))}`);
    if (unknown.length > 0) {
      const why = (v: GoalVerdict): string => (v.goal.field === 'oracle_fraction' && v.value === null ? 'no oracle in this evaluation' : 'no value');
      parts.push(`${listing(unknown.map((v) => `${v.goal.phrase} could not be judged (${why(v)})`))}`);
    }
  }
  return parts.join('; ') + (result.partial ? ' — provisional, the evaluation is partial.' : '.');
}

/**
 * The headline's table rows: every goal judged, then the figures that have
 * no goal of their own (latency against the best heuristic, naming the
 * heuristic compared with, and the most latency saving any policy could
 * reach with the actions it is offered, and the oracle's own saving: the
 * most any policy could save under the same constraints). Both the Markdown and the terminal table use it.
 */
export function headlineRows(h: Headline): string[][] {
  const rows = judgeHeadline(h).map((v) => [v.goal.label, v.shown, v.goal.target, verdictWord(v)]);
  const latency = h.latency_p50_saving_vs_best_heuristic;
  rows.push(['p50 latency saving vs best heuristic', Number.isFinite(latency) ? formatPercent(latency) : '—', '—', 'n/a']);
  rows.push(['best heuristic (least energy within the accuracy loss)', h.best_heuristic ?? '—', '—', 'n/a']);
  const bound = h.latency_p50_saving_bound;
  rows.push(['most p50 latency saving possible within the accuracy budget (a bound)', Number.isFinite(bound) ? formatPercent(bound) : '—', '—', 'n/a']);
  const oracle = h.oracle_energy_saving_vs_fp32;
  rows.push(["the oracle's own energy saving vs static fp32", oracle !== null && Number.isFinite(oracle) ? formatPercent(oracle) : '—', '—', 'n/a']);
  return rows;
}
