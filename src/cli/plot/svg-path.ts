/**
 * SVG path data from points already in pixels (SVG 1.1 §8.3, "Path data"):
 * polylines for quantities that change continuously, steps for ones that
 * hold a value until the next sample (the precision in use, an empirical
 * CDF). Coordinates are written with two decimals — 1/100 px is below
 * anything a screen shows and keeps files short — and a non-finite
 * coordinate is a bug upstream, so it throws rather than writing "NaN".
 */
import type { Point } from './series-points.js';

/** `v` as an SVG number: at most two decimals, never NaN, Infinity or "-0". */
export function coord(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`coord: a chart coordinate must be finite, got ${v}`);
  const r = Math.round(v * 100) / 100;
  return r === 0 ? '0' : String(r);
}

/** "M x y L x y …" per segment: straight lines between samples. */
export function linePathData(segments: readonly (readonly Point[])[]): string {
  return segments
    .filter((s) => s.length > 0)
    .map((s) => s.map((p, i) => `${i === 0 ? 'M' : 'L'}${coord(p.x)} ${coord(p.y)}`).join(''))
    .join('');
}

/** "M x0 y0 H x1 V y1 H x2 V y2 …" per segment: each value holds until the next sample's x, then jumps. */
export function stepPathData(segments: readonly (readonly Point[])[]): string {
  return segments
    .filter((s) => s.length > 0)
    .map((s) => s.map((p, i) => (i === 0 ? `M${coord(p.x)} ${coord(p.y)}` : `H${coord(p.x)}V${coord(p.y)}`)).join(''))
    .join('');
}
