/**
 * Missing-data masks shaped like sensor dropouts, for scoring imputation.
 * A device loses data in bursts (a radio outage, a brown-out reboot), and on
 * all its channels at once; masking isolated points instead makes every
 * imputer, plain interpolation included, look better than it will be in the
 * field. This is the "blackout" scenario of M. Khayati, A. Lerner, Z. Tymchenko,
 * P. Cudré-Mauroux, "Mind the Gap: An Experimental Evaluation of Imputation
 * of Missing Values Techniques in Time Series", PVLDB 13(5):768–782, 2020.
 *
 * Gaps are contiguous runs of time steps missing on every channel. They
 * never touch the first or the last sample and are separated by at least one
 * observed sample, so each gap is one distinct run with an observed value on
 * both sides (what interpolation and the masked-error protocol assume).
 *
 * Layout [channels, length], row-major, as one window of a WindowSet:
 * mask[c · length + t] is 1 when sample t of channel c is missing, else 0.
 *
 * Placement: the interior samples not taken by gaps or their one-sample
 * separators are split into (gaps + 1) observed stretches at sorted uniform
 * draws, and stretches and gaps alternate, so any feasible request succeeds
 * without rejection sampling. One seed, one mask.
 */
import { Rng } from '../../engine/random.js';
import { requireFinite, requireInteger } from './argument-checks.js';

export interface DropoutOptions {
  /** Inclusive [shortest, longest] gap, in samples; each gap's length is drawn uniformly from it. */
  gapLengths: readonly [number, number];
  /** Number of gaps. Give this or missingFraction. */
  gapCount?: number;
  /**
   * Fraction of time steps to drop, in (0, 1). Gaps are drawn until adding the
   * shortest would overshoot; the last one is shortened to fit, so the missing
   * count is round(missingFraction · length) less at most gapLengths[0] − 1.
   */
  missingFraction?: number;
  seed: number;
}

/** A gap as inclusive time-step indices. */
export interface DropoutGap {
  firstIndex: number;
  lastIndex: number;
}

export interface DropoutMask {
  /** [channels, length], 1 = missing. */
  mask: Uint8Array;
  /** The gaps, in time order. */
  gaps: DropoutGap[];
}

/** A seeded mask of contiguous all-channel gaps inside a [channels, length] window. */
export function dropoutMask(length: number, channels: number, options: DropoutOptions): DropoutMask {
  const who = 'dropoutMask';
  requireInteger(who, 'length', length, 3);
  requireInteger(who, 'channels', channels, 1);
  if (options === null || typeof options !== 'object') throw new TypeError(`${who}: options must be an object with gapLengths, seed and gapCount or missingFraction`);
  const [shortest, longest] = checkGapLengths(who, options.gapLengths, length);
  requireInteger(who, 'options.seed', options.seed, 0);
  const rng = new Rng(options.seed);

  const lengths = drawGapLengths(who, options, length, shortest, longest, rng);
  const missing = lengths.reduce((a, b) => a + b, 0);
  const interior = length - 2;
  const slack = interior - missing - (lengths.length - 1);
  if (slack < 0) {
    throw new RangeError(`${who}: ${lengths.length} gaps of ${missing} samples in all, each followed by an observed sample, do not fit in the ${interior} interior samples of length ${length}; ask for fewer or shorter gaps`);
  }
  const offsets = Array.from({ length: lengths.length }, () => rng.int(slack + 1)).sort((a, b) => a - b);

  const mask = new Uint8Array(channels * length);
  const gaps: DropoutGap[] = [];
  let cursor = 1; // first interior sample
  let used = 0; // slack spent so far
  lengths.forEach((gapLength, i) => {
    cursor += offsets[i]! - used;
    used = offsets[i]!;
    gaps.push({ firstIndex: cursor, lastIndex: cursor + gapLength - 1 });
    for (let c = 0; c < channels; c++) mask.fill(1, c * length + cursor, c * length + cursor + gapLength);
    cursor += gapLength + 1;
  });
  return { mask, gaps };
}

function checkGapLengths(who: string, gapLengths: readonly [number, number], length: number): [number, number] {
  if (!Array.isArray(gapLengths) || gapLengths.length !== 2) {
    throw new TypeError(`${who}: options.gapLengths must be [shortest, longest] in samples`);
  }
  const [shortest, longest] = gapLengths;
  requireInteger(who, 'options.gapLengths[0]', shortest, 1);
  requireInteger(who, 'options.gapLengths[1]', longest, shortest);
  if (longest > length - 2) throw new RangeError(`${who}: options.gapLengths[1] is ${longest} but only ${length - 2} interior samples of length ${length} can be dropped`);
  return [shortest, longest];
}

function drawGapLengths(who: string, options: DropoutOptions, length: number, shortest: number, longest: number, rng: Rng): number[] {
  const draw = (): number => shortest + rng.int(longest - shortest + 1);
  const { gapCount, missingFraction } = options;
  if ((gapCount === undefined) === (missingFraction === undefined)) {
    throw new TypeError(`${who}: give exactly one of options.gapCount and options.missingFraction`);
  }
  if (gapCount !== undefined) {
    requireInteger(who, 'options.gapCount', gapCount, 1);
    return Array.from({ length: gapCount }, draw);
  }
  requireFinite(who, 'options.missingFraction', missingFraction!);
  if (!(missingFraction! > 0 && missingFraction! < 1)) throw new RangeError(`${who}: options.missingFraction must lie in (0, 1), got ${missingFraction}`);
  const target = Math.round(missingFraction! * length);
  if (target < shortest) {
    throw new RangeError(`${who}: missingFraction ${missingFraction} of length ${length} is ${target} samples, fewer than the shortest gap (${shortest})`);
  }
  const lengths: number[] = [];
  let total = 0;
  while (target - total >= shortest) {
    const gap = Math.min(draw(), target - total);
    lengths.push(gap);
    total += gap;
  }
  // The shortened gap is the last drawn; shuffle so it is not always the last in time.
  rng.shuffle(lengths);
  return lengths;
}
