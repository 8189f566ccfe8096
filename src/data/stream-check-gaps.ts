/**
 * Gaps in a time-stamped stream and their repair by regridding: a step
 * longer than 1.5 × the median step is a gap (csv-timeseries' `findGaps`
 * rule — past 1.5 steps the nearest whole number of steps is 2, so at least
 * one reading is missing), and filling inserts the missing readings at the
 * nominal step from the gap's start, each linearly interpolated in time
 * between the two real readings either side. Real readings are kept as they
 * are (not moved onto a grid), so a stream without gaps comes back equal.
 */
import { findGaps } from './csv-timeseries.js';

/** The step factor beyond which a step is a gap (see the file comment). */
export const streamGapFactor = 1.5;

export interface StreamGap {
  /** Index (in the stream as read) of the last reading before the gap. */
  afterIndex: number;
  /** Times of the real readings either side, in the stream's seconds since its first reading. */
  startS: number;
  endS: number;
  /** Readings missing at the nominal step (inserted when filled): round((end − start) / step) − 1. */
  inserted: number;
}

/** Every gap of `timeS` for a nominal step `stepS`. Pure. */
export function findStreamGaps(timeS: Float64Array, stepS: number): StreamGap[] {
  return findGaps(timeS, stepS, streamGapFactor).map((g) => ({ afterIndex: g.afterIndex, startS: g.fromS, endS: g.toS, inserted: g.missingSteps }));
}

/** The stream with each gap's readings inserted (new arrays; the inputs are not written). */
export function fillStreamGaps(timeS: Float64Array, values: Float32Array, channels: number, stepS: number, gaps: readonly StreamGap[]): { timeS: Float64Array; values: Float32Array } {
  const n = timeS.length;
  const total = n + gaps.reduce((sum, g) => sum + g.inserted, 0);
  const outT = new Float64Array(total);
  const out = new Float32Array(total * channels);
  let from = 0;
  let k = 0;
  const copy = (to: number): void => {
    outT.set(timeS.subarray(from, to), k);
    out.set(values.subarray(from * channels, to * channels), k * channels);
    k += to - from;
    from = to;
  };
  for (const gap of gaps) {
    copy(gap.afterIndex + 1);
    const a = gap.afterIndex;
    const span = gap.endS - gap.startS;
    for (let m = 1; m <= gap.inserted; m++, k++) {
      const w = (m * stepS) / span;
      outT[k] = gap.startS + m * stepS;
      for (let c = 0; c < channels; c++) {
        const va = values[a * channels + c]!;
        out[k * channels + c] = va + (values[(a + 1) * channels + c]! - va) * w;
      }
    }
  }
  copy(n);
  return { timeS: outT, values: out };
}
