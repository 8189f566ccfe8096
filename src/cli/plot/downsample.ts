/**
 * Keeps chart files small: a series of more than DOWNSAMPLE_ABOVE points is
 * reduced, in screen space, to at most four points per pixel column — the
 * first, the lowest, the highest and the last (the M4 aggregation of
 * U. Jugel, Z. Jerzak, G. Hackenbroich and V. Markl, "M4: A
 * Visualization-Oriented Time Series Data Aggregation", PVLDB 7(10), 2014).
 * A line drawn through those points covers the same pixels as the full
 * series: each column still spans its min..max and joins its neighbours at
 * the true first and last values. A day of 1 Hz samples (86,400 points)
 * becomes at most ~4 × the plot width (~2,300) points.
 */
import type { Point } from './series-points.js';

/** Series up to this length are drawn as they are; a few thousand path points is still a small file. */
export const DOWNSAMPLE_ABOVE = 2000;

/**
 * `points` in pixel coordinates, in drawing order. Consecutive points whose
 * x falls in the same pixel column are replaced by that column's first,
 * min-y, max-y and last points, in their original order.
 */
export function downsampleByColumn(points: readonly Point[]): readonly Point[] {
  if (points.length <= DOWNSAMPLE_ABOVE) return points;
  const out: Point[] = [];
  let start = 0;
  while (start < points.length) {
    const column = Math.floor(points[start]!.x);
    let end = start + 1;
    while (end < points.length && Math.floor(points[end]!.x) === column) end++;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i]!.y < points[lo]!.y) lo = i;
      if (points[i]!.y > points[hi]!.y) hi = i;
    }
    // Emit in index order so the path still runs forwards through the column.
    const picks = [...new Set([start, lo, hi, end - 1])].sort((a, b) => a - b);
    for (const i of picks) out.push(points[i]!);
    start = end;
  }
  return out;
}
