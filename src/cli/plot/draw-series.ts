/**
 * How one series is drawn, shared by every chart: its plotted points mapped
 * to pixels, thinned when long (downsample.ts), joined as a line or as
 * steps in the series' palette colour, with a dot for any lone point (a path
 * of one point draws nothing). Each series is one <g class="series"> with at
 * most one <path class="series-line">, so the SVG's structure says how many
 * series it shows.
 */
import { downsampleByColumn } from './downsample.js';
import type { LegendEntry, PlotArea } from './chart-frame.js';
import { seriesStyle } from './palette.js';
import type { PlottedSeries, Point } from './series-points.js';
import { coord, linePathData, stepPathData } from './svg-path.js';
import { xmlText } from './xml-text.js';

export type Join = 'line' | 'step';

/** The legend entry of the `index`-th series, in its palette style. */
export function legendEntry(index: number, name: string, series: PlottedSeries): LegendEntry {
  const { colour, dash } = seriesStyle(index);
  return { name, colour, dash, empty: series.kept === 0 };
}

/**
 * The series in pixels. `offsetPx` shifts it vertically (step charts nudge
 * overlapping series apart).
 */
export function drawSeries(index: number, name: string, series: PlottedSeries, plot: PlotArea, join: Join, offsetPx = 0): string {
  const { colour, dash } = seriesStyle(index);
  const pixels = series.segments.map((seg) => downsampleByColumn(seg.map((p): Point => ({ x: plot.toX(p.x), y: plot.toY(p.y) + offsetPx }))));
  const drawn = pixels.filter((s) => s.length > 1);
  const parts: string[] = [`<g class="series" data-series="${xmlText(name)}">`];
  if (drawn.length > 0) {
    const d = join === 'line' ? linePathData(drawn) : stepPathData(drawn);
    const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
    parts.push(`<path class="series-line" d="${d}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round"${dashAttr}/>`);
  }
  for (const seg of pixels) {
    if (seg.length === 1) parts.push(`<circle class="series-point" cx="${coord(seg[0]!.x)}" cy="${coord(seg[0]!.y)}" r="3" fill="${colour}"/>`);
  }
  parts.push('</g>');
  return parts.join('');
}
