/**
 * The evaluation as a Markdown report, plots first and numbers beside them:
 * title and set-up, the headline against the goals with one plain verdict
 * sentence, then per workload × device a metrics table (one row per policy)
 * and its four charts, then the notes. Reads only the EvaluationResult and
 * the chart paths it is given; writing files is write-report.ts's job.
 */
import type { DeviceRun, EvaluationResult, PolicyRun } from '../../scheduler/eval/evaluation-result.js';
import type { ChartPaths } from './chart-files.js';
import { goalSentence, headlineRows } from './headline-goals.js';
import { mdLinkTarget, mdTable, mdText } from './markdown-text.js';
import { formatDuration, formatEstimate, formatNumber } from './report-numbers.js';
import { CHART_KINDS, CHART_TITLES } from './run-charts.js';

/** Seeds listed by value up to this many; beyond it only the count is useful. */
const MAX_SEEDS_LISTED = 10;

export const PARTIAL_BANNER = '> **PARTIAL** — this evaluation did not finish every run; the numbers below cover only what completed.';

function seedsLine(seeds: readonly number[]): string {
  const listed = seeds.slice(0, MAX_SEEDS_LISTED).join(', ') + (seeds.length > MAX_SEEDS_LISTED ? ', …' : '');
  const spread = seeds.length > 1 ? ' — each metric is the mean ± the half-width of its 95% interval over seeds' : ' — one seed, so no interval';
  return `- Seeds: ${seeds.length} (${listed})${spread}`;
}

function headlineSection(result: EvaluationResult): string[] {
  const who = mdText(result.policyUnderTest);
  const rows = headlineRows(result.headline);
  return [
    '## Headline',
    '',
    `${who} against the baselines, pooled over every workload × device run (means over seeds).`,
    '',
    mdTable(['comparison', who, 'goal', 'met'], rows, ['l', 'r', 'r', 'c']),
    '',
    goalSentence(result, `**${who}**`),
  ];
}

/** The quality column: accuracy for a classifier ladder (top-1), else the ladder's metric (an ROC-AUC ×100). */
function metricHeader(qualityMetric: string): string[] {
  const quality = qualityMetric === 'top1' ? 'accuracy (%)' : `${qualityMetric} (×100)`;
  return ['policy', 'energy/inf (mJ)', 'total energy (J)', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)', 'misses (%)', quality, 'battery life (h)', 'CO₂e (g)'];
}

function metricRow(p: PolicyRun, underTest: boolean): string[] {
  const m = p.metrics;
  const name = mdText(p.policy);
  return [
    underTest ? `**${name}** (under test)` : name,
    formatEstimate(m.energyPerInferenceMj),
    formatEstimate(m.totalEnergyJ),
    formatEstimate(m.latencyP50S, 1e3),
    formatEstimate(m.latencyP95S, 1e3),
    formatEstimate(m.latencyP99S, 1e3),
    formatEstimate(m.deadlineMissRate, 100),
    formatEstimate(m.accuracy, 100),
    formatEstimate(m.batteryLifetimeH),
    formatEstimate(m.co2eG),
  ];
}

function runSection(run: DeviceRun, paths: ChartPaths | null, result: EvaluationResult): string[] {
  const where = `${mdText(run.workload)} on ${mdText(run.device)}`;
  const out = ['', `## ${where}`, ''];
  out.push(`Ladder ${mdText(run.ladder)} (quality: ${mdText(run.qualityMetric)}): ${run.actions.length > 0 ? run.actions.map(mdText).join(' → ') : '(no actions)'} (best quality first).`, '');
  out.push(mdTable(metricHeader(run.qualityMetric), run.policies.map((p) => metricRow(p, p.policy === result.policyUnderTest))));
  out.push('');
  for (const p of run.policies) out.push(`- ${mdText(p.policy)}: ${mdText(p.description)}`);
  const depleted = run.policies.filter((p) => p.metrics.depletedRuns > 0);
  if (depleted.length > 0) {
    out.push('', `Ran out of energy: ${depleted.map((p) => `${mdText(p.policy)} in ${p.metrics.depletedRuns} of ${result.seeds.length} seeds`).join(', ')}.`);
  }
  if (paths !== null) {
    out.push('', `The charts show the traces of seed ${run.policies[0]?.traceSeed ?? result.seeds[0]}.`, '');
    for (const kind of CHART_KINDS) out.push(`![${CHART_TITLES[kind]}, ${where}](${mdLinkTarget(paths[kind])})`, '');
    out.pop();
  }
  return out;
}

/**
 * The report. `chartPaths[i]` holds the charts of `result.runs[i]`, relative
 * to the folder the report is written in (as `chartFileNames` gives them);
 * pass `[]` for a report without charts.
 */
export function formatEvaluationMarkdown(result: EvaluationResult, chartPaths: readonly ChartPaths[]): string {
  if (chartPaths.length !== 0 && chartPaths.length !== result.runs.length) {
    throw new RangeError(`formatEvaluationMarkdown: chartPaths has ${chartPaths.length} entries but the result has ${result.runs.length} runs; give one per run, in run order, or none`);
  }
  const out: string[] = [`# Evaluation: ${mdText(result.scenario)}`, ''];
  if (result.partial) out.push(PARTIAL_BANNER, '');
  out.push(`- Duration: ${formatDuration(result.durationS)} of device time per run (${formatNumber(result.durationS)} s)`);
  out.push(seedsLine(result.seeds));
  out.push(`- Grid intensity: ${formatNumber(result.gridIntensityGPerKwh)} g CO₂e/kWh`);
  out.push(`- Policy under test: ${mdText(result.policyUnderTest)}`, '');
  out.push(...headlineSection(result));
  result.runs.forEach((run, i) => out.push(...runSection(run, chartPaths[i] ?? null, result)));
  if (result.notes.length > 0) {
    out.push('', '## Notes', '');
    for (const note of result.notes) out.push(`- ${mdText(note)}`);
  }
  return out.join('\n') + '\n';
}
