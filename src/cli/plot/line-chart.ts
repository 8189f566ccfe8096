/**
 * A multi-series line chart (energy over time, state of charge over time):
 * one line per series, one palette colour each, nice linear axes, a legend,
 * and a note for any point that could not be plotted.
 */
import { fixedAxis, linearAxis, type Axis } from './axis.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, renderChart } from './chart-frame.js';
import { drawSeries, legendEntry } from './draw-series.js';
import { extentOf, plottedSeries } from './series-points.js';

export interface LineSeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export interface LineChartOptions {
  readonly title: string;
  /** Axis titles including units, e.g. "time (min)", "state of charge (%)". */
  readonly xLabel: string;
  readonly yLabel: string;
  readonly width?: number;
  readonly height?: number;
  /** A fixed y range (0–100 for a percentage); points outside it are clipped. */
  readonly yDomain?: readonly [number, number];
  /** Stretch the y axis to 0 (cumulative energy starts there). */
  readonly includeZeroY?: boolean;
}

export function lineChartSvg(series: readonly LineSeries[], options: LineChartOptions): string {
  const plotted = series.map((s) => plottedSeries(s.name, s.x, s.y));
  const extent = extentOf(plotted);
  const xAxis: Axis = extent ? linearAxis(extent.xMin, extent.xMax) : linearAxis(0, 1);
  let yAxis: Axis;
  if (options.yDomain) yAxis = fixedAxis(options.yDomain[0], options.yDomain[1]);
  else yAxis = extent ? linearAxis(extent.yMin, extent.yMax, { includeZero: options.includeZeroY }) : linearAxis(0, 1);
  const spec = {
    title: options.title,
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? DEFAULT_HEIGHT,
    xLabel: options.xLabel,
    yLabel: options.yLabel,
    xAxis,
    yAxis,
    legend: series.map((s, i) => legendEntry(i, s.name, plotted[i]!)),
    notes: plotted.flatMap((p) => (p.note === null ? [] : [p.note])),
  };
  return renderChart(spec, (plot) => series.map((s, i) => drawSeries(i, s.name, plotted[i]!, plot, 'line')).join(''), extent ? null : 'no data');
}
