/**
 * "Real vs synthetic windows" (`edgewatt generate`): small multiples, one
 * panel per group (a class such as 'walking', or a channel), each
 * overlaying a few real windows and a few windows the generative model
 * produced, and the mean of each set drawn thick. The eye judges shape,
 * amplitude and spread at once; a shared y range (the default) makes
 * panels comparable, a per-row or per-panel range shows the detail of quiet
 * classes beside energetic ones.
 *
 * Windows are drawn thin and translucent so where several agree the line
 * darkens — a density cue without a density estimate. Only a few windows
 * per set are drawn (evenly spaced through the set, deterministically);
 * the means are over every window given.
 */
import { fixedAxis, linearAxis, type Axis } from './axis.js';
import { CHAR_PX, plotAreaAt, RIGHT_MARGIN, textEl, TICK_PX, TITLE_BAND, X_TICK_BAND, X_TITLE_BAND, Y_TITLE_BAND, yTickLabelsWidth, type LegendEntry } from './chart-frame.js';
import { renderPanels, PANEL_TITLE_BAND, type Panel } from './panel-frame.js';
import { seriesStyle } from './palette.js';
import { coord } from './svg-path.js';
import { traceMarkup, tracePixels } from './trace-path.js';

export interface WindowPanel {
  readonly title: string;
  /** Real windows of one channel, one array per window. */
  readonly real: readonly ArrayLike<number>[];
  /** Generated windows of the same channel, the same length as the real ones. */
  readonly synthetic: readonly ArrayLike<number>[];
}

export interface WindowGridChartOptions {
  readonly title: string;
  readonly panels: readonly WindowPanel[];
  /** Samples per second: the x axis is then time within the window in seconds, else the sample index. */
  readonly sampleRateHz?: number;
  /** The channel's name and unit, e.g. "acceleration x (g)". */
  readonly yLabel?: string;
  /** Panels per row (default: all of up to three in one row, else ⌈√n⌉). */
  readonly columns?: number;
  /** Which panels share a y range: all ('chart', the default), those in a row, or none ('panel'). */
  readonly sharedY?: 'chart' | 'row' | 'panel';
  /** Draw the mean of each set (of two or more windows) thick over its windows. Default true. */
  readonly showMean?: boolean;
  /** Most windows of each kind drawn per panel (default 8); the mean is still over all of them. */
  readonly maxWindowsDrawn?: number;
  /** One panel's cell, px: its plot with tick labels, title and spacing (defaults 300 × 210). */
  readonly panelWidth?: number;
  readonly panelHeight?: number;
}

type Kind = 'real' | 'synthetic';
const KINDS: readonly Kind[] = ['real', 'synthetic'];
/** Palette slots: real in blue, synthetic in vermillion (Okabe–Ito 1 and 2, far apart for every colour-vision type). */
const COLOUR: Readonly<Record<Kind, string>> = { real: seriesStyle(0).colour, synthetic: seriesStyle(1).colour };
/** Thin, translucent windows let overlaps darken; the thick means read above them. */
const WINDOW_WIDTH_PX = 1;
const WINDOW_OPACITY = 0.45;
const MEAN_WIDTH_PX = 2.5;
const DEFAULT_MAX_DRAWN = 8;
const DEFAULT_CELL_WIDTH = 300;
const DEFAULT_CELL_HEIGHT = 210;
/** Horizontal gap between a panel's plot and the next panel's tick labels, px. */
const CELL_GAP = 16;

function fail(message: string): never {
  throw new RangeError(`windowGridChartSvg: ${message}`);
}

/** The window length of each panel (0 for a panel with no windows), after checking every window. */
function checkedLengths(panels: readonly WindowPanel[]): number[] {
  return panels.map((p, i) => {
    if (p === null || typeof p !== 'object') fail(`panels[${i}] must be an object { title, real, synthetic }`);
    let first = '';
    let n = 0;
    for (const kind of KINDS) {
      const windows = p[kind];
      if (!Array.isArray(windows)) fail(`panels[${i}].${kind} must be an array of windows`);
      for (let j = 0; j < windows.length; j++) {
        const w = windows[j];
        const field = `panels[${i}].${kind}[${j}]`;
        if (w === null || typeof w !== 'object' || typeof w.length !== 'number') fail(`${field} must be an array of samples`);
        if (w.length === 0) fail(`${field} is empty; expected at least one sample`);
        if (first === '') [first, n] = [field, w.length];
        else if (w.length !== n) fail(`${field} has ${w.length} samples but ${first} has ${n}; every window in a panel must have the same length`);
      }
    }
    return n;
  });
}

function checkOptions(o: WindowGridChartOptions): void {
  if (!Array.isArray(o.panels) || o.panels.length === 0) fail('panels is empty; expected at least one panel');
  if (o.sampleRateHz !== undefined && !(Number.isFinite(o.sampleRateHz) && o.sampleRateHz > 0)) fail(`sampleRateHz must be a positive number of samples per second, got ${o.sampleRateHz}`);
  if (o.columns !== undefined && !(Number.isInteger(o.columns) && o.columns >= 1)) fail(`columns must be a positive integer, got ${o.columns}`);
  if (o.maxWindowsDrawn !== undefined && !(Number.isInteger(o.maxWindowsDrawn) && o.maxWindowsDrawn >= 1)) fail(`maxWindowsDrawn must be a positive integer, got ${o.maxWindowsDrawn}`);
  for (const key of ['panelWidth', 'panelHeight'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 120)) fail(`${key} must be at least 120 px, got ${v}`);
  }
}

/** `k` indices evenly spread over 0..n−1 (all of them when n ≤ k): the first window, the last, and steps between. */
function evenlySpaced(n: number, k: number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  if (k === 1) return [0];
  return Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / (k - 1)));
}

/** The per-sample mean over the windows' finite values (NaN where none is finite). */
function meanWindow(windows: readonly ArrayLike<number>[], n: number): Float64Array {
  const sum = new Float64Array(n);
  const count = new Uint32Array(n);
  for (const w of windows) {
    for (let i = 0; i < n; i++) {
      const v = w[i]!;
      if (Number.isFinite(v)) {
        sum[i]! += v;
        count[i]!++;
      }
    }
  }
  return sum.map((s, i) => (count[i]! > 0 ? s / count[i]! : NaN));
}

interface Range {
  lo: number;
  hi: number;
  bad: number;
}

function rangeOf(windows: readonly ArrayLike<number>[]): Range {
  const r = { lo: Infinity, hi: -Infinity, bad: 0 };
  for (const w of windows) {
    for (let i = 0; i < w.length; i++) {
      const v = w[i]!;
      if (!Number.isFinite(v)) r.bad++;
      else {
        if (v < r.lo) r.lo = v;
        if (v > r.hi) r.hi = v;
      }
    }
  }
  return r;
}

function yAxisOver(ranges: readonly Range[]): Axis {
  const lo = Math.min(...ranges.map((r) => r.lo));
  const hi = Math.max(...ranges.map((r) => r.hi));
  return lo <= hi ? linearAxis(lo, hi) : linearAxis(0, 1);
}

function missingMessage(p: WindowPanel): string | null {
  if (p.real.length === 0 && p.synthetic.length === 0) return 'no windows';
  if (p.real.length === 0) return 'no real windows';
  if (p.synthetic.length === 0) return 'no synthetic windows';
  return null;
}

export function windowGridChartSvg(options: WindowGridChartOptions): string {
  checkOptions(options);
  const { panels } = options;
  const lengths = checkedLengths(panels);
  const n = panels.length;
  const columns = Math.min(n, options.columns ?? (n <= 3 ? n : Math.ceil(Math.sqrt(n))));
  const rows = Math.ceil(n / columns);
  const fs = options.sampleRateHz;
  const maxDrawn = options.maxWindowsDrawn ?? DEFAULT_MAX_DRAWN;
  const showMean = options.showMean ?? true;

  // y axes: per panel, then merged over the chosen sharing group.
  const ranges = panels.map((p) => rangeOf([...p.real, ...p.synthetic]));
  const sharing = options.sharedY ?? 'chart';
  const groupOf = (i: number): number => (sharing === 'chart' ? 0 : sharing === 'row' ? Math.floor(i / columns) : i);
  const groupAxes = new Map<number, Axis>();
  for (let i = 0; i < n; i++) {
    const g = groupOf(i);
    if (!groupAxes.has(g)) groupAxes.set(g, yAxisOver(ranges.filter((_, k) => groupOf(k) === g)));
  }
  const yAxes = panels.map((_, i) => groupAxes.get(groupOf(i))!);
  const fallbackLength = Math.max(1, ...lengths);
  const xAxes = lengths.map((len) => {
    const span = ((len || fallbackLength) - 1) / (fs ?? 1);
    return span > 0 ? fixedAxis(0, span) : linearAxis(0, 0);
  });

  // Layout: every cell the same size, tick-label room sized for the widest y labels anywhere, so plots line up.
  const cellW = options.panelWidth ?? DEFAULT_CELL_WIDTH;
  const cellH = options.panelHeight ?? DEFAULT_CELL_HEIGHT;
  const tickW = yTickLabelsWidth(yAxes);
  const plotW = Math.max(40, cellW - tickW - CELL_GAP);
  const plotH = Math.max(40, cellH - PANEL_TITLE_BAND - TICK_PX - X_TICK_BAND - 8);
  const gridLeft = Y_TITLE_BAND;
  const width = Math.ceil(gridLeft + columns * cellW + RIGHT_MARGIN - CELL_GAP);
  const xOf = (i: number): number => i / (fs ?? 1);

  const notes: string[] = [];
  let thinned = false;
  const meanKinds = new Set<Kind>();
  const drawnPanels: Panel[] = panels.map((p, i) => {
    const col = i % columns;
    const row = Math.floor(i / columns);
    const plot = plotAreaAt(xAxes[i]!, yAxes[i]!, gridLeft + col * cellW + tickW, TITLE_BAND + row * cellH + PANEL_TITLE_BAND, plotW, plotH);
    const len = lengths[i]!;
    const body: string[] = [];
    for (const kind of KINDS) {
      const windows = p[kind];
      if (windows.length > maxDrawn) thinned = true;
      for (const j of evenlySpaced(windows.length, maxDrawn)) {
        body.push(traceMarkup(tracePixels(len, xOf, windows[j]!, plot), { cls: `window-${kind}`, colour: COLOUR[kind], widthPx: WINDOW_WIDTH_PX, opacity: WINDOW_OPACITY }));
      }
    }
    for (const kind of KINDS) {
      if (!showMean || p[kind].length < 2) continue; // the mean of one window is that window
      meanKinds.add(kind);
      body.push(traceMarkup(tracePixels(len, xOf, meanWindow(p[kind], len), plot), { cls: `mean-${kind}`, colour: COLOUR[kind], widthPx: MEAN_WIDTH_PX }));
    }
    for (const kind of KINDS) {
      const bad = rangeOf(p[kind]).bad;
      if (bad > 0) notes.push(`${p.title}, ${kind}: ${bad} of ${p[kind].length * len} samples left out (not a finite number)`);
    }
    return { plot, xAxis: xAxes[i]!, yAxis: yAxes[i]!, title: p.title, message: missingMessage(p), body: body.join('') };
  });
  if (thinned) notes.unshift(`at most ${maxDrawn} windows of each kind drawn per panel, evenly spaced through the set${showMean ? '; the thick means are over all of them' : ''}`);

  const gridBottom = TITLE_BAND + rows * cellH;
  const gridMid = TITLE_BAND + (rows * cellH) / 2;
  const xLabel = fs === undefined ? 'sample' : 'time in window (s)';
  const yLabel = options.yLabel ?? 'value';
  const labels = [
    textEl(gridLeft + (columns * cellW - CELL_GAP) / 2, gridBottom + 6, xLabel, 'class="x-label" text-anchor="middle"'),
    textEl(14, gridMid, yLabel, `class="y-label" text-anchor="middle" transform="rotate(-90 14 ${coord(gridMid)})"`, Math.floor((rows * cellH) / CHAR_PX)),
  ];
  const hasKind = (kind: Kind): boolean => panels.some((p) => p[kind].length > 0);
  const legend: LegendEntry[] = KINDS.map((kind) => ({ name: kind, colour: COLOUR[kind], dash: '', empty: !hasKind(kind), strokeWidth: 1.5 }));
  legend.push(...KINDS.filter((k) => meanKinds.has(k)).map((kind) => ({ name: `${kind} mean`, colour: COLOUR[kind], dash: '', empty: false, strokeWidth: MEAN_WIDTH_PX })));
  return renderPanels({ title: options.title, width, panels: drawnPanels, labels, legendTop: gridBottom + X_TITLE_BAND + 10, legend, notes });
}
