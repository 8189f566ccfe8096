/**
 * Invalid readings (NaN) in a `[length, channels]` stream, found as runs per
 * channel and, when the policy allows, filled by linear interpolation in
 * time between the run's valid neighbours (the nearest valid value held at
 * the stream's ends, where there is only one neighbour) — numpy.interp's
 * rule, and resample.ts's. WFDB records mark a sample invalid with the
 * format's reserved value (format 212: -2048, WFDB "signal(5)"), which the
 * reader turns into NaN; the CSV readers refuse non-numeric cells instead,
 * so a CSV stream never reaches here with a NaN.
 */

export interface NanRun {
  /** Channel index and its name (the stream's column name, else `column <k+1>`). */
  channel: number;
  name: string;
  /** First invalid sample (row of the stream as read) and the run's length in samples. */
  start: number;
  length: number;
  /** `linear` between two valid neighbours; `nearest` at the stream's start or end (one neighbour). */
  fill: 'linear' | 'nearest';
}

/** Every NaN run, in time order (ties by channel). Pure. */
export function findNanRuns(values: Float32Array, length: number, channels: number, names: readonly string[]): NanRun[] {
  const runs: NanRun[] = [];
  for (let c = 0; c < channels; c++) {
    let t = 0;
    while (t < length) {
      if (!Number.isNaN(values[t * channels + c]!)) {
        t++;
        continue;
      }
      const start = t;
      while (t < length && Number.isNaN(values[t * channels + c]!)) t++;
      const fill = start === 0 || t === length ? 'nearest' : 'linear';
      runs.push({ channel: c, name: names[c]!, start, length: t - start, fill });
    }
  }
  return runs.sort((a, b) => a.start - b.start || a.channel - b.channel);
}

/**
 * Fills `runs` in place in `values` (a copy the caller owns), interpolating
 * by the readings' times `timeOf(i)` so uneven spacing is honoured. A run
 * covering a whole channel has no neighbour and must be refused before this.
 */
export function fillNanRuns(values: Float32Array, length: number, channels: number, runs: readonly NanRun[], timeOf: (i: number) => number): void {
  for (const run of runs) {
    const c = run.channel;
    const before = run.start - 1;
    const after = run.start + run.length;
    if (before < 0 && after >= length) throw new RangeError(`fillNanRuns: channel ${run.name} has no valid reading to fill from`);
    for (let t = run.start; t < after; t++) {
      let v: number;
      if (before < 0) v = values[after * channels + c]!;
      else if (after >= length) v = values[before * channels + c]!;
      else {
        const a = values[before * channels + c]!;
        const b = values[after * channels + c]!;
        v = a + ((b - a) * (timeOf(t) - timeOf(before))) / (timeOf(after) - timeOf(before));
      }
      values[t * channels + c] = v;
    }
  }
}
