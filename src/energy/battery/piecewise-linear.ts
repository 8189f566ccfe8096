/**
 * Clamped linear interpolation in a table with strictly ascending abscissae:
 * the OCV and resistance curves of the battery model are such tables.
 * Outside the table the end values hold (no extrapolation), so a state of
 * charge a hair outside [0, 1] from rounding reads the end point.
 */

/** The i with xs[i] <= x < xs[i+1] (0 below the table, n-2 at or above its end), by binary search. */
export function segmentIndex(xs: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n < 2 || x <= xs[0]!) return 0;
  if (x >= xs[n - 1]!) return n - 2;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** y(x) by linear interpolation between the bracketing points; the end values outside the table. */
export function interpolateClamped(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 1 || x <= xs[0]!) return ys[0]!;
  if (x >= xs[n - 1]!) return ys[n - 1]!;
  const i = segmentIndex(xs, x);
  const x0 = xs[i]!;
  const x1 = xs[i + 1]!;
  const w = (x - x0) / (x1 - x0);
  return ys[i]! + w * (ys[i + 1]! - ys[i]!);
}

/** True when every element is strictly greater than the one before. */
export function isStrictlyAscending(xs: ArrayLike<number>): boolean {
  for (let i = 1; i < xs.length; i++) if (!(xs[i]! > xs[i - 1]!)) return false;
  return true;
}
