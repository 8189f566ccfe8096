/**
 * The precision timeline: which ladder action each policy served, over
 * time, as steps (an action holds until the next request is served). The y
 * axis is categorical — the action's rank by quality, 0 (best) at the top,
 * labelled with the action names. Series that serve the same action would
 * hide each other, so each is nudged a few pixels off the category line,
 * symmetrically around it, in series order.
 */
import { categoryAxis, linearAxis } from './axis.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, renderChart } from './chart-frame.js';
import { drawSeries, legendEntry } from './draw-series.js';
import { extentOf, plottedSeries } from './series-points.js';

export interface StepSeries {
  readonly name: string;
  readonly x: readonly number[];
  /** Index into `categories` of each sample. */
  readonly level: readonly number[];
}

export interface StepChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** The level names, level 0 first (drawn at the top). */
  readonly categories: readonly string[];
  readonly width?: number;
  readonly height?: number;
}

/** Minimum band height per category, px, so action names do not overlap. */
const BAND_PX = 22;
/** The spread of the nudged series within one band, as a share of the band. */
const NUDGE_SHARE = 0.5;

export function stepChartSvg(series: readonly StepSeries[], options: StepChartOptions): string {
  const n = options.categories.length;
  const onLadder = (x: number, y: number): boolean => Number.isFinite(x) && Number.isInteger(y) && y >= 0 && y < n;
  const plotted = series.map((s) => plottedSeries(s.name, s.x, s.level, onLadder, `not a finite time, or not one of the ${n} actions`));
  const extent = extentOf(plotted);
  const height = Math.max(options.height ?? DEFAULT_HEIGHT, 100 + n * BAND_PX);
  const spec = {
    title: options.title,
    width: options.width ?? DEFAULT_WIDTH,
    height,
    xLabel: options.xLabel,
    yLabel: options.yLabel,
    xAxis: extent ? linearAxis(extent.xMin, extent.xMax) : linearAxis(0, 1),
    yAxis: categoryAxis(options.categories),
    legend: series.map((s, i) => legendEntry(i, s.name, plotted[i]!)),
    notes: plotted.flatMap((p) => (p.note === null ? [] : [p.note])),
  };
  return renderChart(
    spec,
    (plot) => {
      const band = plot.height / Math.max(n, 1);
      const spread = Math.min(band * NUDGE_SHARE, 4 * series.length);
      const nudge = (i: number): number => (series.length <= 1 ? 0 : (i / (series.length - 1) - 0.5) * spread);
      return series.map((s, i) => drawSeries(i, s.name, plotted[i]!, plot, 'step', nudge(i))).join('');
    },
    extent ? null : 'no data',
  );
}
