/**
 * Everything of a chart except its data: the SVG root, title, plot area,
 * grid, axes with tick labels, axis titles, legend and notes. The charts
 * (line, step, CDF) decide the axes and draw their series into the plot
 * area this frame lays out. Text widths are estimated (no font metrics in
 * Node), so margins are sized generously from the longest label.
 */
import { axisFraction, type Axis } from './axis.js';
import { coord } from './svg-path.js';
import { xmlText } from './xml-text.js';

export interface LegendEntry {
  readonly name: string;
  readonly colour: string;
  readonly dash: string;
  /** The series had nothing to plot: the legend says so. */
  readonly empty: boolean;
}

export interface ChartSpec {
  readonly title: string;
  /** Overall size in px, before the legend and notes add their rows below. */
  readonly width: number;
  readonly height: number;
  /** Axis titles with their units, e.g. "time (min)". */
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xAxis: Axis;
  readonly yAxis: Axis;
  readonly legend: readonly LegendEntry[];
  readonly notes: readonly string[];
}

export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Data value → pixel. */
  toX(v: number): number;
  toY(v: number): number;
}

export const DEFAULT_WIDTH = 640;
export const DEFAULT_HEIGHT = 360;

/** Average advance of a 12 px sans-serif glyph is ~0.55 em (6.6 px); 7 px errs on the side of room. */
const CHAR_PX = 7;
const TITLE_BAND = 32;
const Y_TITLE_BAND = 22;
const TICK_PX = 5;
const X_TICK_BAND = 20;
const X_TITLE_BAND = 22;
const RIGHT_MARGIN = 28;
const ROW_PX = 18;
const CLIP_PAD = 3;
/** Longest tick label kept whole; longer ones are cut with "…" and carry the full text as a tooltip. */
const MAX_TICK_CHARS = 28;

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** `text` broken at spaces into lines of at most `max` characters (a longer word gets a line of its own). */
function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && [...line].length + 1 + [...word].length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A <text> element; the full text rides along as a <title> when it had to be cut. */
function textEl(x: number, y: number, text: string, attrs: string, max = Infinity): string {
  const shown = clip(text, max);
  const tip = shown === text ? '' : `<title>${xmlText(text)}</title>`;
  return `<text x="${coord(x)}" y="${coord(y)}" ${attrs}>${tip}${xmlText(shown)}</text>`;
}

function layoutLegend(entries: readonly LegendEntry[], left: number, maxRight: number): { x: number; row: number; entry: LegendEntry; label: string }[] {
  const placed: { x: number; row: number; entry: LegendEntry; label: string }[] = [];
  let x = left;
  let row = 0;
  for (const entry of entries) {
    const label = clip(entry.name, 40) + (entry.empty ? ' (no data)' : '');
    const w = 26 + [...label].length * CHAR_PX + 18;
    if (x > left && x + w > maxRight) {
      row++;
      x = left;
    }
    placed.push({ x, row, entry, label });
    x += w;
  }
  return placed;
}

/** Grid lines, the two axis lines, tick marks and tick labels. */
function axesMarkup(spec: ChartSpec, plot: PlotArea): string {
  const { left, top } = plot;
  const right = left + plot.width;
  const bottom = top + plot.height;
  const grid: string[] = [];
  const ticks: string[] = [];
  for (const t of spec.yAxis.ticks) {
    const y = coord(plot.toY(t.value));
    grid.push(`<line class="grid" x1="${coord(left)}" y1="${y}" x2="${coord(right)}" y2="${y}"/>`);
    ticks.push(`<line class="axis" x1="${coord(left - TICK_PX)}" y1="${y}" x2="${coord(left)}" y2="${y}"/>`);
    ticks.push(textEl(left - TICK_PX - 3, plot.toY(t.value) + 4, t.label, 'text-anchor="end"', MAX_TICK_CHARS));
  }
  for (const t of spec.xAxis.ticks) {
    const x = coord(plot.toX(t.value));
    grid.push(`<line class="grid" x1="${x}" y1="${coord(top)}" x2="${x}" y2="${coord(bottom)}"/>`);
    ticks.push(`<line class="axis" x1="${x}" y1="${coord(bottom)}" x2="${x}" y2="${coord(bottom + TICK_PX)}"/>`);
    ticks.push(textEl(plot.toX(t.value), bottom + TICK_PX + 13, t.label, 'text-anchor="middle"', MAX_TICK_CHARS));
  }
  const frame = `<line class="axis" x1="${coord(left)}" y1="${coord(top)}" x2="${coord(left)}" y2="${coord(bottom)}"/><line class="axis" x1="${coord(left)}" y1="${coord(bottom)}" x2="${coord(right)}" y2="${coord(bottom)}"/>`;
  return `<g class="grid-lines">${grid.join('')}</g>\n<g class="axes">${frame}${ticks.join('')}</g>`;
}

function legendMarkup(legend: ReturnType<typeof layoutLegend>, top: number): string {
  const parts = legend.map((p) => {
    const y = top + p.row * ROW_PX;
    const dash = p.entry.dash === '' ? '' : ` stroke-dasharray="${xmlText(p.entry.dash)}"`;
    const swatch = `<line x1="${coord(p.x)}" y1="${coord(y - 4)}" x2="${coord(p.x + 20)}" y2="${coord(y - 4)}" stroke="${xmlText(p.entry.colour)}" stroke-width="2.5"${dash}/>`;
    return swatch + textEl(p.x + 26, y, p.label, '');
  });
  return `<g class="legend">${parts.join('')}</g>`;
}

/** Notes in red under the legend; a wrapped note's later lines are indented. */
function notesMarkup(lines: readonly string[], top: number): string {
  const parts = lines.map((line, i) => textEl(line.startsWith('Note: ') ? 12 : 24, top + i * ROW_PX, line, 'fill="#a33"'));
  return `<g class="notes">${parts.join('')}</g>`;
}

/**
 * The chart as an SVG document: `drawSeries` receives the laid-out plot area
 * and returns the series markup, which is clipped to that area.
 */
export function renderChart(spec: ChartSpec, drawSeries: (plot: PlotArea) => string, emptyMessage: string | null = null): string {
  const w = spec.width;
  const yTickChars = Math.max(1, ...spec.yAxis.ticks.map((t) => Math.min([...t.label].length, MAX_TICK_CHARS)));
  const left = Y_TITLE_BAND + yTickChars * CHAR_PX + TICK_PX + 8;
  const top = TITLE_BAND;
  const plotWidth = Math.max(40, w - left - RIGHT_MARGIN);
  const plotHeight = Math.max(40, spec.height - top - X_TICK_BAND - X_TITLE_BAND - TICK_PX);
  const plot: PlotArea = {
    left, top, width: plotWidth, height: plotHeight,
    toX: (v) => left + axisFraction(spec.xAxis, v) * plotWidth,
    toY: (v) => top + (1 - axisFraction(spec.yAxis, v)) * plotHeight,
  };
  const bottom = top + plotHeight;
  const legendTop = bottom + TICK_PX + X_TICK_BAND + X_TITLE_BAND + 14;
  const legend = layoutLegend(spec.legend, 12, w - 12);
  const notesTop = legendTop + (legend.length === 0 ? 0 : legend[legend.length - 1]!.row + 1) * ROW_PX;
  const noteLines = spec.notes.flatMap((note) => wrapWords(`Note: ${note}`, Math.floor((w - 24) / CHAR_PX)));
  const height = Math.ceil(notesTop + noteLines.length * ROW_PX + 6);
  const yMid = top + plotHeight / 2;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${height}" viewBox="0 0 ${w} ${height}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">${xmlText(spec.title)}</title>`,
    '<style>text{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;font-size:12px;fill:#222}.grid{stroke:#e4e4e4;stroke-width:1}.axis{stroke:#444;stroke-width:1}</style>',
    `<rect width="${w}" height="${height}" fill="#ffffff"/>`,
    textEl(w / 2, 20, spec.title, 'text-anchor="middle" font-weight="bold" style="font-size:14px"', Math.floor((w - 24) / 8)),
    // The clip reaches CLIP_PAD px past the plot so a 2 px line along an edge (100% charge, the top of a CDF) shows whole.
    `<defs><clipPath id="plot-area"><rect x="${coord(left - CLIP_PAD)}" y="${coord(top - CLIP_PAD)}" width="${coord(plotWidth + 2 * CLIP_PAD)}" height="${coord(plotHeight + 2 * CLIP_PAD)}"/></clipPath></defs>`,
    axesMarkup(spec, plot),
    textEl(left + plotWidth / 2, bottom + TICK_PX + X_TICK_BAND + 14, spec.xLabel, 'class="x-label" text-anchor="middle"'),
    textEl(14, yMid, spec.yLabel, `class="y-label" text-anchor="middle" transform="rotate(-90 14 ${coord(yMid)})"`),
    `<g clip-path="url(#plot-area)">${drawSeries(plot)}</g>`,
    ...(emptyMessage === null ? [] : [textEl(left + plotWidth / 2, yMid, emptyMessage, 'text-anchor="middle" fill="#888"')]),
    legendMarkup(legend, legendTop),
    notesMarkup(noteLines, notesTop),
    '</svg>',
  ].join('\n') + '\n';
}
