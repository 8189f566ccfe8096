/**
 * Which points of a series get plotted. A point that cannot be placed
 * (NaN, ±Infinity, a non-positive value on a log axis, a level outside the
 * category list) is left out and counted, and the line breaks there rather
 * than bridging the gap; the chart prints the count as a note, so a reader
 * sees that something was dropped instead of a silently shorter line. No
 * unplaceable number ever reaches an SVG coordinate. The notes say "not a
 * finite number" rather than quoting NaN, so "the file contains no NaN"
 * stays a check anyone can run with grep.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlottedSeries {
  /** Runs of consecutive plottable points; a left-out point ends one run. */
  readonly segments: readonly (readonly Point[])[];
  readonly kept: number;
  readonly skipped: number;
  /** What the chart should say about this series, or null when every point was plotted. */
  readonly note: string | null;
}

export const bothFinite = (x: number, y: number): boolean => Number.isFinite(x) && Number.isFinite(y);

/**
 * Pairs `xs[i]` with `ys[i]`, keeping those `accept` allows. `reason` names
 * what was left out for the note ("not a finite number", "≤ 0 on the log axis").
 */
export function plottedSeries(
  name: string,
  xs: readonly number[],
  ys: readonly number[],
  accept: (x: number, y: number) => boolean = bothFinite,
  reason = 'not a finite number',
): PlottedSeries {
  const n = Math.min(xs.length, ys.length);
  const segments: Point[][] = [];
  let current: Point[] = [];
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (accept(x, y)) {
      current.push({ x, y });
    } else {
      skipped++;
      if (current.length > 0) segments.push(current);
      current = [];
    }
  }
  if (current.length > 0) segments.push(current);
  const notes: string[] = [];
  if (skipped > 0) notes.push(`${skipped} of ${n} point${n === 1 ? '' : 's'} left out (${reason})`);
  if (xs.length !== ys.length) notes.push(`x has ${xs.length} values but y has ${ys.length}; only the first ${n} are paired`);
  return { segments, kept: n - skipped, skipped, note: notes.length > 0 ? `${name}: ${notes.join('; ')}` : null };
}

export interface Extent {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** The bounding box of every plotted point, or null when there are none. */
export function extentOf(series: readonly PlottedSeries[]): Extent | null {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series) {
    for (const seg of s.segments) {
      for (const p of seg) {
        if (p.x < xMin) xMin = p.x;
        if (p.x > xMax) xMax = p.x;
        if (p.y < yMin) yMin = p.y;
        if (p.y > yMax) yMax = p.y;
      }
    }
  }
  return xMin <= xMax ? { xMin, xMax, yMin, yMax } : null;
}
