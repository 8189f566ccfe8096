/**
 * A set of equally shaped multichannel sensor windows, the unit the
 * generative metrics compare (real against synthetic). Row-major
 * [count, channels, length]: sample t of channel c of window w is
 * `data[(w * channels + c) * length + t]`, the channels-first layout that
 * data/windows.ts `slidingWindows` produces and Conv1d consumes, so its
 * output (or a batch of model outputs) can be wrapped without copying.
 */
import { requireInteger } from './argument-checks.js';

export interface WindowSet {
  data: Float32Array | Float64Array;
  /** Number of windows. */
  count: number;
  channels: number;
  /** Samples per channel in each window. */
  length: number;
}

/** Wraps `data` as a window set after checking its shape and values; the array is not copied. */
export function windowSet(data: Float32Array | Float64Array, count: number, channels: number, length: number): WindowSet {
  const set = { data, count, channels, length };
  checkWindowSet('windowSet', '', set);
  return set;
}

/**
 * Throws unless `set` is a well-formed window set: positive integer shape,
 * a Float32Array or Float64Array of exactly count × channels × length
 * values, all finite. `who` and `name` say which call and argument failed
 * (an empty `name` names the fields alone, for {@link windowSet}'s arguments).
 */
export function checkWindowSet(who: string, name: string, set: WindowSet): void {
  const field = (f: string): string => (name === '' ? f : `${name}.${f}`);
  if (set === null || typeof set !== 'object') throw new TypeError(`${who}: ${name} must be a window set { data, count, channels, length }, got ${String(set)}`);
  requireInteger(who, field('count'), set.count, 1);
  requireInteger(who, field('channels'), set.channels, 1);
  requireInteger(who, field('length'), set.length, 1);
  const { data } = set;
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
    throw new TypeError(`${who}: ${field('data')} must be a Float32Array or Float64Array`);
  }
  const expected = set.count * set.channels * set.length;
  if (data.length !== expected) {
    throw new RangeError(`${who}: ${field('data')} has ${data.length} values; expected count × channels × length = ${set.count} × ${set.channels} × ${set.length} = ${expected}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      const w = Math.floor(i / (set.channels * set.length));
      const c = Math.floor(i / set.length) % set.channels;
      throw new RangeError(`${who}: ${field('data')} is not finite at window ${w}, channel ${c}, sample ${i % set.length} (got ${data[i]})`);
    }
  }
}

/** Throws unless the two sets have the same channels and length (their counts may differ). */
export function requireSameWindowShape(who: string, nameA: string, a: WindowSet, nameB: string, b: WindowSet): void {
  if (a.channels !== b.channels || a.length !== b.length) {
    throw new RangeError(`${who}: ${nameA} has windows of ${a.channels} channels × ${a.length} samples but ${nameB} has ${b.channels} × ${b.length}; they must match`);
  }
}
