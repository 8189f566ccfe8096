/**
 * Empirical cumulative distribution functions (the latency CDF): for each
 * series, the share of its values at or below x, drawn as the ECDF's steps
 * (F jumps by 1/n at each sample). Latencies often span decades — a few ms
 * when the device is idle, seconds behind a queue — so the x axis can be
 * log10; 'auto' picks it when the values span about a decade and a half
 * (max/min ≥ 30), where a linear axis already crushes the bulk into one corner.
 */
import { fixedAxis, linearAxis, logAxis } from './axis.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, renderChart } from './chart-frame.js';
import { drawSeries, legendEntry } from './draw-series.js';
import { extentOf, plottedSeries, type PlottedSeries, type Point } from './series-points.js';

export interface CdfSeries {
  readonly name: string;
  readonly values: readonly number[];
}

export interface CdfChartOptions {
  readonly title: string;
  /** The quantity's name and unit, e.g. "response time (ms)". */
  readonly xLabel: string;
  readonly yLabel?: string;
  /** true: log10 x axis (values ≤ 0 count in the shares but are not drawn, with a note); 'auto' (default): log when the positive values' max/min ≥ 30. */
  readonly logX?: boolean | 'auto';
  readonly width?: number;
  readonly height?: number;
}

/**
 * max/min at which 'auto' switches to a log axis: ~1.5 decades. A judgement
 * call, checked by eye on the evaluation's latency traces: at 4–300 ms
 * (ratio 75) a linear axis puts half the requests in its first tenth.
 */
const AUTO_LOG_RATIO = 30;

function wantsLog(series: readonly CdfSeries[], logX: boolean | 'auto'): boolean {
  if (logX !== 'auto') return logX;
  // Judged on the positive values: a stray zero should not flatten a distribution that spans decades.
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const v of s.values) {
      if (!Number.isFinite(v) || v <= 0) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return hi / lo >= AUTO_LOG_RATIO;
}

/** The ECDF as step points: (v₁, 0), then (vₖ, 100·k/n) at each distinct value, ties merged. */
function ecdfPoints(values: readonly number[]): Point[] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  const points: Point[] = [{ x: sorted[0]!, y: 0 }];
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && sorted[i + 1] === sorted[i]) continue; // a tie: one jump of all of them
    points.push({ x: sorted[i]!, y: (100 * (i + 1)) / n });
  }
  return points;
}

/**
 * The series' ECDF over its finite values. On a log axis, values ≤ 0 still
 * count towards F but have no place on the axis: the curve then starts at
 * the smallest positive value, at the height the values below it reached,
 * and a note says how many were off the axis.
 */
function cdfSeries(s: CdfSeries, log: boolean): PlottedSeries {
  const finite = plottedSeries(s.name, s.values, s.values, (x) => Number.isFinite(x));
  const values = finite.segments.flatMap((seg) => seg.map((p) => p.x));
  let points = ecdfPoints(values);
  const notes = finite.note === null ? [] : [finite.note];
  if (log) {
    const off = values.filter((v) => v <= 0).length;
    if (off > 0) {
      const firstOn = points.findIndex((p) => p.x > 0);
      const base = firstOn > 0 ? points[firstOn - 1]!.y : 0;
      points = firstOn < 0 ? [] : [{ x: points[firstOn]!.x, y: base }, ...points.slice(firstOn)];
      notes.push(`${finite.note === null ? `${s.name}: ` : ''}${off} value${off === 1 ? '' : 's'} ≤ 0 not shown on the log axis (counted in the shares)`);
    }
  }
  return { ...finite, segments: points.length > 0 ? [points] : [], kept: points.length > 0 ? finite.kept : 0, note: notes.length > 0 ? notes.join('; ') : null };
}

export function cdfChartSvg(series: readonly CdfSeries[], options: CdfChartOptions): string {
  const log = wantsLog(series, options.logX ?? 'auto');
  const plotted = series.map((s) => cdfSeries(s, log));
  const extent = extentOf(plotted);
  const xAxis = !extent ? linearAxis(0, 1) : log ? logAxis(extent.xMin, extent.xMax) : linearAxis(extent.xMin, extent.xMax);
  const spec = {
    title: options.title,
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? DEFAULT_HEIGHT,
    xLabel: options.xLabel + (log && extent ? ', log scale' : ''),
    yLabel: options.yLabel ?? 'share at or below x (%)',
    xAxis,
    yAxis: fixedAxis(0, 100),
    legend: series.map((s, i) => legendEntry(i, s.name, plotted[i]!)),
    notes: plotted.flatMap((p) => (p.note === null ? [] : [p.note])),
  };
  return renderChart(spec, (plot) => series.map((s, i) => drawSeries(i, s.name, plotted[i]!, plot, 'step')).join(''), extent ? null : 'no data');
}
