/**
 * Everything of a chart except its data: the SVG root, title, plot area,
 * grid, axes with tick labels, axis titles, legend and notes. The charts
 * (line, step, CDF) decide the axes and draw their series into the plot
 * area this frame lays out. Text widths are estimated (no font metrics in
 * Node), so margins are sized generously from the longest label. The pieces
 * (document head, axes, clip, legend and notes) are exported for the
 * multi-panel charts (panel-frame.ts), which lay out several plot areas.
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
  /** How the swatch is drawn: a line (the default), a filled band (a shaded region) or a downward triangle (a marker). */
  readonly swatch?: 'line' | 'band' | 'marker';
  /** Width of a line swatch, px (default 2.5): thin for lines drawn thin. */
  readonly strokeWidth?: number;
  /** Opacity of the swatch (default 1), matching a translucent band. */
  readonly opacity?: number;
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
export const CHAR_PX = 7;
export const TITLE_BAND = 32;
export const Y_TITLE_BAND = 22;
export const TICK_PX = 5;
export const X_TICK_BAND = 20;
export const X_TITLE_BAND = 22;
export const RIGHT_MARGIN = 28;
export const ROW_PX = 18;
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
export function textEl(x: number, y: number, text: string, attrs: string, max = Infinity): string {
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

/** Grid lines, the two axis lines, tick marks and tick labels; `xTickLabels` false leaves the x labels to a panel below that shares the axis. */
export function axesMarkup(xAxis: Axis, yAxis: Axis, plot: PlotArea, xTickLabels = true): string {
  const { left, top } = plot;
  const right = left + plot.width;
  const bottom = top + plot.height;
  const grid: string[] = [];
  const ticks: string[] = [];
  for (const t of yAxis.ticks) {
    const y = coord(plot.toY(t.value));
    grid.push(`<line class="grid" x1="${coord(left)}" y1="${y}" x2="${coord(right)}" y2="${y}"/>`);
    ticks.push(`<line class="axis" x1="${coord(left - TICK_PX)}" y1="${y}" x2="${coord(left)}" y2="${y}"/>`);
    ticks.push(textEl(left - TICK_PX - 3, plot.toY(t.value) + 4, t.label, 'text-anchor="end"', MAX_TICK_CHARS));
  }
  for (const t of xAxis.ticks) {
    const x = coord(plot.toX(t.value));
    grid.push(`<line class="grid" x1="${x}" y1="${coord(top)}" x2="${x}" y2="${coord(bottom)}"/>`);
    ticks.push(`<line class="axis" x1="${x}" y1="${coord(bottom)}" x2="${x}" y2="${coord(bottom + TICK_PX)}"/>`);
    if (xTickLabels) ticks.push(textEl(plot.toX(t.value), bottom + TICK_PX + 13, t.label, 'text-anchor="middle"', MAX_TICK_CHARS));
  }
  const frame = `<line class="axis" x1="${coord(left)}" y1="${coord(top)}" x2="${coord(left)}" y2="${coord(bottom)}"/><line class="axis" x1="${coord(left)}" y1="${coord(bottom)}" x2="${coord(right)}" y2="${coord(bottom)}"/>`;
  return `<g class="grid-lines">${grid.join('')}</g>\n<g class="axes">${frame}${ticks.join('')}</g>`;
}

function swatchMarkup(entry: LegendEntry, x: number, y: number): string {
  const colour = xmlText(entry.colour);
  const opacity = entry.opacity === undefined ? '' : ` opacity="${entry.opacity}"`;
  if (entry.swatch === 'band') return `<rect x="${coord(x)}" y="${coord(y - 10)}" width="20" height="12" fill="${colour}"${opacity}/>`;
  if (entry.swatch === 'marker') return `<path d="M${coord(x + 10)} ${coord(y)}L${coord(x + 15)} ${coord(y - 9)}L${coord(x + 5)} ${coord(y - 9)}Z" fill="${colour}" stroke="#000" stroke-width="0.5"${opacity}/>`;
  const dash = entry.dash === '' ? '' : ` stroke-dasharray="${xmlText(entry.dash)}"`;
  return `<line x1="${coord(x)}" y1="${coord(y - 4)}" x2="${coord(x + 20)}" y2="${coord(y - 4)}" stroke="${colour}" stroke-width="${entry.strokeWidth ?? 2.5}"${dash}${opacity}/>`;
}

function legendMarkup(legend: ReturnType<typeof layoutLegend>, top: number): string {
  const parts = legend.map((p) => {
    const y = top + p.row * ROW_PX;
    return swatchMarkup(p.entry, p.x, y) + textEl(p.x + 26, y, p.label, '');
  });
  return `<g class="legend">${parts.join('')}</g>`;
}

/** Notes in red under the legend; a wrapped note's later lines are indented. */
function notesMarkup(lines: readonly string[], top: number): string {
  const parts = lines.map((line, i) => textEl(line.startsWith('Note: ') ? 12 : 24, top + i * ROW_PX, line, 'fill="#a33"'));
  return `<g class="notes">${parts.join('')}</g>`;
}

/** Pixels from the y axis to the left edge of its longest tick label, plus a gap: what a plot area needs on its left besides the axis title. */
export function yTickLabelsWidth(yAxes: readonly Axis[]): number {
  const chars = Math.max(1, ...yAxes.flatMap((a) => a.ticks.map((t) => Math.min([...t.label].length, MAX_TICK_CHARS))));
  return chars * CHAR_PX + TICK_PX + 8;
}

/** The plot area at (left, top), size width × height, mapping data values through the two axes. */
export function plotAreaAt(xAxis: Axis, yAxis: Axis, left: number, top: number, width: number, height: number): PlotArea {
  return {
    left, top, width, height,
    toX: (v) => left + axisFraction(xAxis, v) * width,
    toY: (v) => top + (1 - axisFraction(yAxis, v)) * height,
  };
}

/** A clip path around `plot`, to be referenced as url(#id). */
export function clipPathMarkup(id: string, plot: PlotArea): string {
  // The clip reaches CLIP_PAD px past the plot so a 2 px line along an edge (100% charge, the top of a CDF) shows whole.
  return `<defs><clipPath id="${xmlText(id)}"><rect x="${coord(plot.left - CLIP_PAD)}" y="${coord(plot.top - CLIP_PAD)}" width="${coord(plot.width + 2 * CLIP_PAD)}" height="${coord(plot.height + 2 * CLIP_PAD)}"/></clipPath></defs>`;
}

/** The SVG root's opening, the accessible title, the shared style, the white background and the visible chart title. */
export function documentHead(width: number, height: number, title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">${xmlText(title)}</title>`,
    '<style>text{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;font-size:12px;fill:#222}.grid{stroke:#e4e4e4;stroke-width:1}.axis{stroke:#444;stroke-width:1}</style>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    textEl(width / 2, 20, title, 'text-anchor="middle" font-weight="bold" style="font-size:14px"', Math.floor((width - 24) / 8)),
  ];
}

/** The legend rows from `top` down, then the notes; `height` is where the document ends. */
export function legendAndNotes(entries: readonly LegendEntry[], notes: readonly string[], width: number, top: number): { legend: string; notes: string; height: number } {
  const legend = layoutLegend(entries, 12, width - 12);
  const notesTop = top + (legend.length === 0 ? 0 : legend[legend.length - 1]!.row + 1) * ROW_PX;
  const noteLines = notes.flatMap((note) => wrapWords(`Note: ${note}`, Math.floor((width - 24) / CHAR_PX)));
  return { legend: legendMarkup(legend, top), notes: notesMarkup(noteLines, notesTop), height: Math.ceil(notesTop + noteLines.length * ROW_PX + 6) };
}

/**
 * The chart as an SVG document: `drawSeries` receives the laid-out plot area
 * and returns the series markup, which is clipped to that area.
 */
export function renderChart(spec: ChartSpec, drawSeries: (plot: PlotArea) => string, emptyMessage: string | null = null): string {
  const w = spec.width;
  const left = Y_TITLE_BAND + yTickLabelsWidth([spec.yAxis]);
  const top = TITLE_BAND;
  const plotWidth = Math.max(40, w - left - RIGHT_MARGIN);
  const plotHeight = Math.max(40, spec.height - top - X_TICK_BAND - X_TITLE_BAND - TICK_PX);
  const plot = plotAreaAt(spec.xAxis, spec.yAxis, left, top, plotWidth, plotHeight);
  const bottom = top + plotHeight;
  const footer = legendAndNotes(spec.legend, spec.notes, w, bottom + TICK_PX + X_TICK_BAND + X_TITLE_BAND + 14);
  const yMid = top + plotHeight / 2;

  return [
    ...documentHead(w, footer.height, spec.title),
    clipPathMarkup('plot-area', plot),
    axesMarkup(spec.xAxis, spec.yAxis, plot),
    textEl(left + plotWidth / 2, bottom + TICK_PX + X_TICK_BAND + 14, spec.xLabel, 'class="x-label" text-anchor="middle"'),
    textEl(14, yMid, spec.yLabel, `class="y-label" text-anchor="middle" transform="rotate(-90 14 ${coord(yMid)})"`),
    `<g clip-path="url(#plot-area)">${drawSeries(plot)}</g>`,
    ...(emptyMessage === null ? [] : [textEl(left + plotWidth / 2, yMid, emptyMessage, 'text-anchor="middle" fill="#888"')]),
    footer.legend,
    footer.notes,
    '</svg>',
  ].join('\n') + '\n';
}
