/**
 * "Anomaly score over time" (`edgewatt detect <stream>`): the detector's
 * score as a line against time, the alarm threshold as a dashed line, the
 * labelled anomaly windows shaded behind it (the ground truth, e.g. NAB's
 * windows or MIT-BIH's abnormal beats), the detections as triangles whose
 * tips sit on the line, and optionally the raw signal in a panel above on
 * the same time axis. A reader sees at once which labelled windows the
 * score rose in, which it missed, and what the false alarms looked like.
 *
 * Streams are long — a 30-minute MIT-BIH record is 650,000 samples at
 * 360 Hz — so the score and the signal are thinned to first/min/max/last
 * per pixel column (downsample.ts, M4): the file stays small and a
 * one-sample spike still reaches its full height, which averaging or
 * every-k-th decimation would hide. Times are seconds, shown in the unit
 * that reads best (time-axis.ts).
 */
import { linearAxis, type Axis } from './axis.js';
import { CHAR_PX, plotAreaAt, RIGHT_MARGIN, textEl, TICK_PX, TITLE_BAND, X_TICK_BAND, X_TITLE_BAND, Y_TITLE_BAND, yTickLabelsWidth, type LegendEntry, type PlotArea } from './chart-frame.js';
import { renderPanels, type Panel } from './panel-frame.js';
import { seriesStyle } from './palette.js';
import { coord } from './svg-path.js';
import { EPOCH_AFTER_S, timeAxis, utcInstantLabel } from './time-axis.js';
import { traceMarkup, tracePixels } from './trace-path.js';

export interface LabelledWindow {
  /** Start and end in the same seconds as `timeS` (epoch seconds when `timeS` is). */
  readonly startS: number;
  readonly endS: number;
  readonly label?: string;
}

export interface ScoreTimelineChartOptions {
  readonly title: string;
  /** Sample times in seconds — since the start of the stream, or Unix epoch seconds — finite and non-decreasing. */
  readonly timeS: ArrayLike<number>;
  /** The anomaly score per sample; non-finite scores (a detector warming up) are left out with a note. */
  readonly score: ArrayLike<number>;
  readonly threshold?: number;
  readonly windows?: readonly LabelledWindow[];
  /** Times of the detector's alarms, in the same seconds as `timeS`. */
  readonly detectionsS?: readonly number[];
  /** The raw stream, one value per sample, drawn in a panel above. */
  readonly signal?: { readonly values: ArrayLike<number>; readonly label: string };
  /** The score's axis title (default "anomaly score"). */
  readonly yLabel?: string;
  /** true: `timeS` is Unix epoch seconds, drawn relative to its first sample; default: when the first time is ≥ EPOCH_AFTER_S. */
  readonly epoch?: boolean;
  /** Overall size in px before the legend and notes (defaults 800 × 360, 800 × 520 with a signal panel). */
  readonly width?: number;
  readonly height?: number;
}

const SCORE_COLOUR = seriesStyle(0).colour; // blue
const SIGNAL_COLOUR = seriesStyle(6).colour; // black, thin: context rather than a series to compare
const THRESHOLD_COLOUR = seriesStyle(6).colour;
const THRESHOLD_DASH = '6 3';
/** Labelled windows: the palette's vermillion at 18% — a light red that leaves the blue score line on top legible. */
const BAND_COLOUR = seriesStyle(1).colour;
const BAND_OPACITY = 0.18;
const DETECTION_COLOUR = seriesStyle(1).colour;
/** A long stream wants width: at 800 px a 30-minute ECG gets ~2.7 s per pixel column. */
const DEFAULT_TIMELINE_WIDTH = 800;
const DEFAULT_HEIGHT_ALONE = 360;
const DEFAULT_HEIGHT_WITH_SIGNAL = 520;
/** Share of the plotting height the signal panel gets, and the gap between the two panels, px. */
const SIGNAL_SHARE = 0.35;
const PANEL_GAP = 14;

function fail(message: string): never {
  throw new RangeError(`scoreTimelineChartSvg: ${message}`);
}

const isSeries = (v: unknown): v is ArrayLike<number> => v !== null && typeof v === 'object' && typeof (v as ArrayLike<number>).length === 'number';

/** Checks every input at the entry point, naming the field; the drawing code below trusts them. */
function checkInputs(o: ScoreTimelineChartOptions): void {
  if (!isSeries(o.timeS)) fail('timeS must be an array of times in seconds');
  if (!isSeries(o.score)) fail('score must be an array of scores');
  const n = o.timeS.length;
  if (n === 0) fail('timeS is empty; expected at least one sample');
  if (o.score.length !== n) fail(`score has ${o.score.length} values but timeS has ${n}; expected one score per time`);
  for (let i = 0; i < n; i++) {
    const t = o.timeS[i]!;
    if (!Number.isFinite(t)) fail(`timeS[${i}] is not a finite number of seconds`);
    if (i > 0 && t < o.timeS[i - 1]!) fail(`timeS[${i}] = ${t} is before timeS[${i - 1}] = ${o.timeS[i - 1]}; expected times in non-decreasing order`);
  }
  if (o.threshold !== undefined && !Number.isFinite(o.threshold)) fail(`threshold must be a finite number, got ${o.threshold}`);
  (o.windows ?? []).forEach((w, i) => {
    if (!Number.isFinite(w.startS) || !Number.isFinite(w.endS)) fail(`windows[${i}] needs finite startS and endS in seconds, got ${w.startS} and ${w.endS}`);
    if (w.endS < w.startS) fail(`windows[${i}] ends (endS = ${w.endS}) before it starts (startS = ${w.startS})`);
  });
  (o.detectionsS ?? []).forEach((d, i) => {
    if (!Number.isFinite(d)) fail(`detectionsS[${i}] is not a finite number of seconds`);
  });
  if (o.signal !== undefined) {
    if (!isSeries(o.signal.values)) fail('signal.values must be an array of samples');
    if (o.signal.values.length !== n) fail(`signal.values has ${o.signal.values.length} samples but timeS has ${n}; expected one per time`);
  }
  for (const key of ['width', 'height'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 160)) fail(`${key} must be at least 160 px, got ${v}`);
  }
}

/** Nice y axis over the finite values (and `extra`, e.g. the threshold); [0, 1] when there are none. */
function valueAxis(values: ArrayLike<number>, extra: number | undefined): Axis {
  let lo = extra ?? Infinity;
  let hi = extra ?? -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v; // NaN compares false both ways: skipped
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? linearAxis(lo, hi) : linearAxis(0, 1);
}

/** The score's value at `tS` on the drawn line (linear between the samples around it), or NaN when neither is finite. */
function scoreAt(timeS: ArrayLike<number>, score: ArrayLike<number>, tS: number): number {
  let lo = 0;
  let hi = timeS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timeS[mid]! <= tS) lo = mid;
    else hi = mid - 1;
  }
  const next = Math.min(lo + 1, timeS.length - 1);
  const a = score[lo]!;
  const b = score[next]!;
  if (Number.isFinite(a) && Number.isFinite(b) && timeS[next]! > timeS[lo]!) return a + ((b - a) * (tS - timeS[lo]!)) / (timeS[next]! - timeS[lo]!);
  return Number.isFinite(a) ? a : b;
}

/** Shaded bands for the windows that overlap the axis, clamped to it; `labels` writes each window's label at its top. */
function bandsMarkup(windows: readonly LabelledWindow[], origin: number, xAxis: Axis, plot: PlotArea, labels: boolean): { markup: string; outside: number } {
  const shown: { x: number; widthPx: number; label: string }[] = [];
  for (const w of windows) {
    const a = Math.max(w.startS - origin, xAxis.min);
    const b = Math.min(w.endS - origin, xAxis.max);
    if (a > b) continue;
    const x = plot.toX(a);
    shown.push({ x, widthPx: Math.max(1, plot.toX(b) - x), label: w.label ?? '' }); // a one-sample window still shows as 1 px
  }
  const rects = shown.map((b) => `<rect class="anomaly-window" x="${coord(b.x)}" y="${coord(plot.top)}" width="${coord(b.widthPx)}" height="${coord(plot.height)}" fill="${BAND_COLOUR}" fill-opacity="${BAND_OPACITY}"/>`);
  const texts: string[] = [];
  if (labels) {
    // A label may run past its band up to the next band's start (or the plot's end); beyond that it is cut, with the full text as a tooltip.
    const starts = shown.map((b) => b.x).sort((p, q) => p - q);
    for (const b of shown) {
      if (b.label === '') continue;
      const next = starts.find((x) => x > b.x) ?? plot.left + plot.width;
      // At 10 px a glyph is 10/12 of the frame's 12 px estimate.
      texts.push(textEl(b.x + 3, plot.top + 12, b.label, 'class="window-label" fill="#a33" style="font-size:10px"', Math.max(3, Math.floor((next - b.x - 6) / (CHAR_PX * (10 / 12))))));
    }
  }
  return { markup: rects.join('') + texts.join(''), outside: windows.length - shown.length };
}

/** A downward triangle per detection with its tip on the score line; detections on the same pixel are drawn once. */
function detectionsMarkup(o: ScoreTimelineChartOptions, origin: number, xAxis: Axis, yAxis: Axis, plot: PlotArea): { markup: string; outside: number } {
  const parts: string[] = [];
  const seen = new Set<string>();
  let outside = 0;
  for (const d of o.detectionsS ?? []) {
    if (d - origin < xAxis.min || d - origin > xAxis.max) {
      outside++;
      continue;
    }
    const v = scoreAt(o.timeS, o.score, d);
    // No finite score near it (a warm-up gap): put it at the threshold it must have crossed, else on the axis.
    const y = plot.toY(Number.isFinite(v) ? v : o.threshold ?? yAxis.min);
    const x = plot.toX(d - origin);
    const key = `${Math.round(x)},${Math.round(y)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`<path class="detection" d="M${coord(x)} ${coord(y)}L${coord(x + 4.5)} ${coord(y - 8)}L${coord(x - 4.5)} ${coord(y - 8)}Z" fill="${DETECTION_COLOUR}" stroke="#000" stroke-width="0.5"/>`);
  }
  return { markup: parts.join(''), outside };
}

const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;

export function scoreTimelineChartSvg(options: ScoreTimelineChartOptions): string {
  checkInputs(options);
  const { timeS, score, signal } = options;
  const n = timeS.length;
  const epoch = options.epoch ?? timeS[0]! >= EPOCH_AFTER_S;
  const origin = epoch ? timeS[0]! : 0;
  const { axis: xAxis, unit } = timeAxis(timeS[0]! - origin, timeS[n - 1]! - origin);
  const scoreAxis = valueAxis(score, options.threshold);
  const signalAxis = signal === undefined ? null : valueAxis(signal.values, undefined);

  const width = options.width ?? DEFAULT_TIMELINE_WIDTH;
  const height = options.height ?? (signal === undefined ? DEFAULT_HEIGHT_ALONE : DEFAULT_HEIGHT_WITH_SIGNAL);
  const left = Y_TITLE_BAND + yTickLabelsWidth(signalAxis === null ? [scoreAxis] : [scoreAxis, signalAxis]);
  const plotW = Math.max(40, width - left - RIGHT_MARGIN);
  const regionH = Math.max(80, height - TITLE_BAND - X_TICK_BAND - X_TITLE_BAND - TICK_PX);
  const signalH = signalAxis === null ? 0 : Math.round((regionH - PANEL_GAP) * SIGNAL_SHARE);
  const scoreTop = TITLE_BAND + (signalAxis === null ? 0 : signalH + PANEL_GAP);
  const scorePlot = plotAreaAt(xAxis, scoreAxis, left, scoreTop, plotW, TITLE_BAND + regionH - scoreTop);
  const xOf = (i: number): number => timeS[i]! - origin;
  const windows = options.windows ?? [];
  const notes: string[] = [];
  const panels: Panel[] = [];
  const legend: LegendEntry[] = [];

  if (signal !== undefined && signalAxis !== null) {
    const plot = plotAreaAt(xAxis, signalAxis, left, TITLE_BAND, plotW, signalH);
    const trace = tracePixels(n, xOf, signal.values, plot);
    const body = bandsMarkup(windows, origin, xAxis, plot, false).markup + traceMarkup(trace, { cls: 'signal-line', colour: SIGNAL_COLOUR, widthPx: 1 });
    panels.push({ plot, xAxis, yAxis: signalAxis, xTickLabels: false, yLabel: { text: signal.label, x: 14 }, message: trace.kept === 0 ? 'no finite samples' : null, body });
    legend.push({ name: signal.label, colour: SIGNAL_COLOUR, dash: '', empty: trace.kept === 0, strokeWidth: 1.5 });
    if (trace.skipped > 0) notes.push(`${signal.label}: ${trace.skipped} of ${plural(n, 'point')} left out (not a finite number)`);
  }

  const bands = bandsMarkup(windows, origin, xAxis, scorePlot, true);
  const trace = tracePixels(n, xOf, score, scorePlot);
  const body: string[] = [bands.markup, traceMarkup(trace, { cls: 'score-line', colour: SCORE_COLOUR, widthPx: 1.5 })];
  legend.push({ name: 'anomaly score', colour: SCORE_COLOUR, dash: '', empty: trace.kept === 0 });
  if (trace.skipped > 0) notes.push(`anomaly score: ${trace.skipped} of ${plural(n, 'point')} left out (not a finite number)`);
  if (options.threshold !== undefined) {
    const y = coord(scorePlot.toY(options.threshold));
    body.push(`<line class="threshold" x1="${coord(scorePlot.left)}" y1="${y}" x2="${coord(scorePlot.left + scorePlot.width)}" y2="${y}" stroke="${THRESHOLD_COLOUR}" stroke-width="1.5" stroke-dasharray="${THRESHOLD_DASH}"/>`);
    legend.push({ name: `threshold ${Number(options.threshold.toPrecision(4))}`, colour: THRESHOLD_COLOUR, dash: THRESHOLD_DASH, empty: false });
  }
  const detections = detectionsMarkup(options, origin, xAxis, scoreAxis, scorePlot);
  body.push(detections.markup);
  if (windows.length > 0) legend.push({ name: 'labelled anomaly', colour: BAND_COLOUR, dash: '', empty: bands.outside === windows.length, swatch: 'band', opacity: BAND_OPACITY * 2 });
  if ((options.detectionsS ?? []).length > 0) legend.push({ name: 'detection', colour: DETECTION_COLOUR, dash: '', empty: detections.markup === '', swatch: 'marker' });
  if (bands.outside > 0) notes.push(`${plural(bands.outside, 'labelled window')} outside the time range not shown`);
  if (detections.outside > 0) notes.push(`${plural(detections.outside, 'detection')} outside the time range not shown`);
  panels.push({ plot: scorePlot, xAxis, yAxis: scoreAxis, yLabel: { text: options.yLabel ?? 'anomaly score', x: 14 }, message: trace.kept === 0 ? 'no finite scores' : null, body: body.join('') });

  const bottom = scorePlot.top + scorePlot.height;
  const xLabel = epoch ? `time since ${utcInstantLabel(origin)} (${unit.name})` : `time (${unit.name})`;
  const labels = [textEl(left + plotW / 2, bottom + TICK_PX + X_TICK_BAND + 14, xLabel, 'class="x-label" text-anchor="middle"')];
  return renderPanels({ title: options.title, width, panels, labels, legendTop: bottom + TICK_PX + X_TICK_BAND + X_TITLE_BAND + 14, legend, notes });
}
