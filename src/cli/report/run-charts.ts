/**
 * The four charts of one workload × device run, one series per policy in
 * the run's policy order (so a policy keeps its colour across charts):
 * cumulative energy and state of charge over time, the precision timeline,
 * and the response-time CDF. Traces are in SI units; the charts pick a unit
 * a reader can take in (min rather than 86,400 s, mJ rather than 0.004 J).
 */
import type { DeviceRun } from '../../scheduler/eval/evaluation-result.js';
import { cdfChartSvg } from '../plot/cdf-chart.js';
import { lineChartSvg } from '../plot/line-chart.js';
import { stepChartSvg } from '../plot/step-chart.js';

export const CHART_KINDS = ['energy', 'soc', 'precision', 'latency'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** What each chart shows, for alt text and headings. */
export const CHART_TITLES: { readonly [K in ChartKind]: string } = {
  energy: 'Cumulative energy over time',
  soc: 'State of charge over time',
  precision: 'Precision timeline',
  latency: 'Response-time CDF',
};

interface Unit {
  readonly name: string;
  /** Multiply an SI value by this to get the unit. */
  readonly scale: number;
}

function finiteMax(arrays: readonly (readonly number[])[]): number {
  let m = -Infinity;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/** Seconds up to 5 min, minutes up to 3 h, hours beyond: tick labels stay two or three digits. */
function timeUnit(maxS: number): Unit {
  if (maxS > 3 * 3600) return { name: 'h', scale: 1 / 3600 };
  if (maxS > 300) return { name: 'min', scale: 1 / 60 };
  return { name: 's', scale: 1 };
}

function energyUnit(maxJ: number): Unit {
  if (maxJ >= 1e3) return { name: 'kJ', scale: 1e-3 };
  if (maxJ >= 1 || !(maxJ > 0)) return { name: 'J', scale: 1 };
  return { name: 'mJ', scale: 1e3 };
}

const scaled = (values: readonly number[], k: number): number[] => values.map((v) => v * k);

export function renderRunCharts(run: DeviceRun): { readonly [K in ChartKind]: string } {
  const where = `${run.workload} on ${run.device}`;
  const traces = run.policies.map((p) => p.trace);
  const t = timeUnit(finiteMax([...traces.map((tr) => tr.tS), ...traces.map((tr) => tr.servedTS)]));
  const e = energyUnit(finiteMax(traces.map((tr) => tr.energyJ)));
  const timeLabel = `device time (${t.name})`;
  const energy = lineChartSvg(
    run.policies.map((p) => ({ name: p.policy, x: scaled(p.trace.tS, t.scale), y: scaled(p.trace.energyJ, e.scale) })),
    { title: `${CHART_TITLES.energy} — ${where}`, xLabel: timeLabel, yLabel: `energy drawn (${e.name})`, includeZeroY: true },
  );
  const soc = lineChartSvg(
    run.policies.map((p) => ({ name: p.policy, x: scaled(p.trace.tS, t.scale), y: scaled(p.trace.soc, 100) })),
    { title: `${CHART_TITLES.soc} — ${where}`, xLabel: timeLabel, yLabel: 'state of charge (%)', yDomain: [0, 100] },
  );
  // Only the actions some policy used, in quality order: a device with 48 (variant × operating point)
  // actions would otherwise spend the chart on rows no policy touched.
  const used = [...new Set(run.policies.flatMap((p) => p.trace.servedRank))].filter((r) => r >= 0 && r < run.actions.length).sort((a, b) => a - b);
  const row = new Map(used.map((r, i) => [r, i]));
  const precision = stepChartSvg(
    run.policies.map((p) => ({ name: p.policy, x: scaled(p.trace.servedTS, t.scale), level: p.trace.servedRank.map((r) => row.get(r) ?? NaN) })),
    { title: `${CHART_TITLES.precision} — ${where}`, xLabel: `completion time (${t.name})`, yLabel: 'action (best quality at top)', categories: used.map((r) => run.actions[r]!) },
  );
  const latency = cdfChartSvg(
    run.policies.map((p) => ({ name: p.policy, values: scaled(p.trace.responseS, 1e3) })),
    { title: `${CHART_TITLES.latency} — ${where}`, xLabel: 'response time (ms)', logX: 'auto' },
  );
  return { energy, soc, precision, latency };
}
