/**
 * One trace of a multi-panel chart — a window, a mean, an anomaly score, a
 * raw signal — from typed arrays straight to pixels. Unlike the line
 * chart's series (series-points.ts, arrays of {x, y} in data units) this
 * walks the samples once, without building a data-space point per sample,
 * because an ECG record has 650,000 of them. As there, a non-finite value
 * is left out and counted and breaks the line; long runs are thinned to the
 * first/min/max/last point per pixel column (downsample.ts, M4), which keeps
 * a one-sample spike at its full height.
 */
import { downsampleByColumn } from './downsample.js';
import type { PlotArea } from './chart-frame.js';
import type { Point } from './series-points.js';
import { coord, linePathData } from './svg-path.js';
import { xmlText } from './xml-text.js';

export interface PixelTrace {
  /** Runs of consecutive finite samples, in pixels, each thinned per pixel column. */
  readonly segments: readonly (readonly Point[])[];
  readonly kept: number;
  /** Samples left out because their value was not a finite number. */
  readonly skipped: number;
}

/**
 * Samples 0..n−1 at data x `xOf(i)` (finite, non-decreasing — the caller
 * checks) and value `values[i]`, mapped through `plot`.
 */
export function tracePixels(n: number, xOf: (i: number) => number, values: ArrayLike<number>, plot: PlotArea): PixelTrace {
  const segments: (readonly Point[])[] = [];
  let current: Point[] = [];
  let skipped = 0;
  const flush = (): void => {
    if (current.length > 0) segments.push(downsampleByColumn(current));
    current = [];
  };
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) current.push({ x: plot.toX(xOf(i)), y: plot.toY(v) });
    else {
      skipped++;
      flush();
    }
  }
  flush();
  return { segments, kept: n - skipped, skipped };
}

export interface TraceStyle {
  /** The class of the <path> (and of the dots for lone samples), so tests and stylesheets can find it. */
  readonly cls: string;
  readonly colour: string;
  readonly widthPx: number;
  readonly opacity?: number;
}

/** A path through the trace's runs, plus a dot for any run of one sample (a one-point path draws nothing). */
export function traceMarkup(trace: PixelTrace, style: TraceStyle): string {
  const opacity = style.opacity === undefined ? '' : ` stroke-opacity="${style.opacity}"`;
  const drawn = trace.segments.filter((s) => s.length > 1);
  const parts: string[] = [];
  if (drawn.length > 0) {
    parts.push(`<path class="${xmlText(style.cls)}" d="${linePathData(drawn)}" fill="none" stroke="${xmlText(style.colour)}" stroke-width="${style.widthPx}" stroke-linejoin="round"${opacity}/>`);
  }
  for (const s of trace.segments) {
    if (s.length === 1) parts.push(`<circle class="${xmlText(style.cls)}-point" cx="${coord(s[0]!.x)}" cy="${coord(s[0]!.y)}" r="${Math.max(1.5, style.widthPx)}" fill="${xmlText(style.colour)}"/>`);
  }
  return parts.join('');
}
