/**
 * An axis: a data range, how values map onto it (linear, log10, or
 * categories) and its labelled ticks. Built from the data alone, before the
 * chart knows its pixel size, so the frame can size its margins to the
 * labels; `axisFraction` then places a value along it (0 = start, 1 = end).
 */
import { niceTicks } from './nice-ticks.js';

export interface Tick {
  readonly value: number;
  readonly label: string;
}

export interface Axis {
  readonly kind: 'linear' | 'log' | 'category';
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly Tick[];
  /** Draw from max to min (categories: the first one at the top). */
  readonly reversed: boolean;
}

/** Labels the chart's tick values: fixed decimals in the everyday range, exponent form outside it. */
export function formatTickValue(v: number, decimals: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  // Beyond these, fixed notation gets too long for a tick label (seven digits or six leading zeros).
  // toExponential() with no argument writes as many digits as the (already rounded) tick needs: 2.5e6, 1e-7.
  if (a >= 1e6 || decimals > 6) return Number(v.toPrecision(12)).toExponential().replace('e+', 'e');
  return v.toFixed(decimals);
}

/** Nice linear ticks around [lo, hi] (Heckbert); `includeZero` stretches the range to 0 for quantities that start there. */
export function linearAxis(lo: number, hi: number, opts: { target?: number; includeZero?: boolean } = {}): Axis {
  if (opts.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  const t = niceTicks(lo, hi, opts.target ?? 6);
  return { kind: 'linear', min: t.min, max: t.max, ticks: t.values.map((value) => ({ value, label: formatTickValue(value, t.decimals) })), reversed: false };
}

/** A fixed range (a percentage 0–100, say) with nice ticks inside it; data beyond it is clipped by the frame. */
export function fixedAxis(min: number, max: number, target = 6): Axis {
  const t = niceTicks(min, max, target);
  const ticks = t.values.filter((v) => v >= min - t.step * 1e-9 && v <= max + t.step * 1e-9);
  return { kind: 'linear', min, max, ticks: ticks.map((value) => ({ value, label: formatTickValue(value, t.decimals) })), reversed: false };
}

/** 0.001 … 500000 written out; beyond that "1e6", "1e-4" — shorter than the digits. */
function logTickLabel(v: number): string {
  const exact = Number(v.toPrecision(12));
  return v >= 1e6 || v < 1e-3 ? exact.toExponential().replace('e+', 'e') : String(exact);
}

/** The most tick labels a log axis carries; more decades than this and only every k-th one is labelled. */
const MAX_LOG_TICKS = 8;

/**
 * log10 axis over whole decades enclosing [lo, hi] (both > 0). Ticks at the
 * powers of ten; when the range spans two decades or fewer, also at 2× and
 * 5× — the usual 1-2-5 sequence, so short ranges still get several labels.
 */
export function logAxis(lo: number, hi: number): Axis {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`logAxis: the range must be positive and finite, got [${lo}, ${hi}]`);
  let a = Math.floor(Math.log10(Math.min(lo, hi)));
  let b = Math.ceil(Math.log10(Math.max(lo, hi)));
  if (a === b) b = a + 1;
  a = Math.max(a, -300); // keep 10^a a normal double
  b = Math.min(b, 300);
  const decades = b - a;
  const every = Math.ceil((decades + 1) / MAX_LOG_TICKS);
  const values: number[] = [];
  for (let k = a; k <= b; k++) {
    if ((k - a) % every !== 0 && k !== b) continue;
    values.push(10 ** k);
    if (decades <= 2 && k < b) values.push(2 * 10 ** k, 5 * 10 ** k);
  }
  const ticks = values.map((v) => ({ value: v, label: logTickLabel(v) }));
  return { kind: 'log', min: 10 ** a, max: 10 ** b, ticks, reversed: false };
}

/** One slot per label at 0, 1, …, n−1 with half a slot of room each side; the first label at the top. */
export function categoryAxis(labels: readonly string[]): Axis {
  const n = Math.max(labels.length, 1);
  return { kind: 'category', min: -0.5, max: n - 0.5, ticks: labels.map((label, value) => ({ value, label })), reversed: true };
}

/** Where `v` sits along the axis, 0 at its start and 1 at its end (outside [0, 1] when out of range). */
export function axisFraction(axis: Axis, v: number): number {
  const f = axis.kind === 'log' ? (Math.log10(v) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min)) : (v - axis.min) / (axis.max - axis.min);
  return axis.reversed ? 1 - f : f;
}
