/**
 * Writes an evaluation to a folder:
 *
 *   <dir>/report.md                                   the Markdown report
 *   <dir>/result.json                                 the EvaluationResult (JSON has no NaN or
 *                                                     Infinity: JSON.stringify writes them as null)
 *   <dir>/charts/<workload>-<device>-<kind>.svg       four charts per run
 *
 * Every file goes through io/atomic-write (temp file in the same folder,
 * fsync, rename), so a crash or a failed write leaves each file either as it
 * was or complete — never half-written. report.md is written last, so by the
 * time it exists every chart it links to does too. Charts of earlier runs
 * with other names are left in place.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic-write.js';
import type { EvaluationResult, PolicyRun } from '../../scheduler/eval/evaluation-result.js';
import { CHARTS_DIR, chartFileNames } from './chart-files.js';
import { formatEvaluationMarkdown } from './evaluation-markdown.js';
import { GOALS } from './headline-goals.js';
import { CHART_KINDS, renderRunCharts } from './run-charts.js';

export interface WrittenReport {
  readonly reportPath: string;
  readonly resultPath: string;
  /** Every chart written, in run order then chart kind, each joined onto `dir`. */
  readonly chartPaths: readonly string[];
}

/** The fields the writers read, checked up front so a malformed result fails before any file is touched. */
function checkResult(result: EvaluationResult): void {
  const where = 'writeEvaluationReport: result';
  if (typeof result !== 'object' || result === null) throw new TypeError(`${where} must be an EvaluationResult object, got ${result === null ? 'null' : typeof result}`);
  if (typeof result.scenario !== 'string') throw new TypeError(`${where}.scenario must be a string`);
  if (!Array.isArray(result.runs)) throw new TypeError(`${where}.runs must be an array`);
  if (!Array.isArray(result.seeds)) throw new TypeError(`${where}.seeds must be an array`);
  if (!Array.isArray(result.notes)) throw new TypeError(`${where}.notes must be an array`);
  if (typeof result.headline !== 'object' || result.headline === null) throw new TypeError(`${where}.headline must be an object`);
  for (const goal of GOALS) {
    const v: unknown = result.headline[goal.field];
    const nullable = goal.field === 'oracle_fraction';
    if (typeof v !== 'number' && !(nullable && v === null)) throw new TypeError(`${where}.headline.${goal.field} must be a number${nullable ? ' or null' : ''}, got ${v === null ? 'null' : typeof v}`);
  }
  result.runs.forEach((run, i) => {
    if (!Array.isArray(run.policies)) throw new TypeError(`${where}.runs[${i}].policies must be an array`);
    if (!Array.isArray(run.actions)) throw new TypeError(`${where}.runs[${i}].actions must be an array`);
    run.policies.forEach((p: PolicyRun, j: number) => {
      if (typeof p.trace !== 'object' || p.trace === null) throw new TypeError(`${where}.runs[${i}].policies[${j}].trace must be an object`);
      if (typeof p.metrics !== 'object' || p.metrics === null) throw new TypeError(`${where}.runs[${i}].policies[${j}].metrics must be an object`);
    });
  });
}

export async function writeEvaluationReport(result: EvaluationResult, dir: string): Promise<WrittenReport> {
  checkResult(result);
  const names = chartFileNames(result);
  // Render everything before writing anything: a rendering bug then leaves the folder untouched.
  const charts = result.runs.map(renderRunCharts);
  const markdown = formatEvaluationMarkdown(result, names);
  await mkdir(join(dir, CHARTS_DIR), { recursive: true });
  const chartPaths: string[] = [];
  for (let i = 0; i < result.runs.length; i++) {
    for (const kind of CHART_KINDS) {
      const path = join(dir, ...names[i]![kind].split('/'));
      await writeFileAtomic(path, charts[i]![kind]);
      chartPaths.push(path);
    }
  }
  const resultPath = join(dir, 'result.json');
  await writeJsonAtomic(resultPath, result);
  const reportPath = join(dir, 'report.md');
  await writeFileAtomic(reportPath, markdown);
  return { reportPath, resultPath, chartPaths };
}
