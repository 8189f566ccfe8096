/**
 * Axis ticks at "nice" values (multiples of 1, 2 or 5 × 10^k) that enclose
 * the data — Paul S. Heckbert, "Nice numbers for graph labels", in Graphics
 * Gems (A. Glassner, ed.), Academic Press 1990, pp. 61–63 and 657–659
 * (the `nicenum` and `loose_label` routines, followed step by step below).
 */

/**
 * A nice number near `x` (> 0): rounded to the nearest of 1, 2, 5, 10 × 10^k
 * when `round`, else the smallest of them that is ≥ x (Heckbert's nicenum).
 */
export function niceNumber(x: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(x));
  // Dividing by 10^-k (an exact double for k ≤ 22) rather than multiplying by 10^k keeps 2 × 10^-7 from coming out as 2.0000000000000002e-7.
  const scale = (m: number): number => (exponent < 0 ? m / 10 ** -exponent : m * 10 ** exponent);
  const f = x / scale(1); // 1 ≤ f < 10
  let nice: number;
  // Heckbert's thresholds: rounding picks the nearest on a log-ish scale (1.5, 3, 7); ceiling picks the next one up.
  if (round) nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return scale(nice);
}

export interface NiceTicks {
  /** The axis range: the nice ticks at or just outside the data. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** Digits after the decimal point that show every tick exactly (Heckbert's nfrac). */
  readonly decimals: number;
  readonly values: readonly number[];
}

/** A tick count beyond which labels would overlap on any chart we draw; guards the loop against float trouble. */
const MAX_TICKS = 100;

/**
 * Heckbert's loose labelling of [lo, hi] with about `target` ticks. A range
 * of zero width (a constant series) is widened by 10% of its value each way
 * (±1 around zero) so the axis still has a span to show.
 */
export function niceTicks(lo: number, hi: number, target = 5): NiceTicks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`niceTicks: the range must be finite, got [${lo}, ${hi}]`);
  if (lo > hi) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const n = Math.max(2, Math.round(target));
  const range = niceNumber(hi - lo, false);
  const step = niceNumber(range / (n - 1), true);
  const min = Math.floor(lo / step) * step;
  const max = Math.ceil(hi / step) * step;
  const decimals = Math.max(-Math.floor(Math.log10(step)), 0);
  // Counting ticks as integers (not `x += step` until x > max) keeps float error from adding or losing one.
  const count = Math.min(Math.round((max - min) / step), MAX_TICKS);
  const values: number[] = [];
  for (let i = 0; i <= count; i++) {
    const v = Number((min + i * step).toFixed(Math.min(decimals, 100)));
    if (values[values.length - 1] !== v) values.push(v === 0 ? 0 : v); // no -0 labels
  }
  return { min, max, step, decimals, values };
}
