/**
 * A sensor stream checked against what a model expects before it is scored
 * (`edgewatt detect <stream>`): channel count, sample rate, invalid (NaN)
 * readings, gaps in the time stamps and enough readings for one window.
 * Every problem is either an error naming the file, where the problem is
 * and which policy option repairs it, or a repair the caller asked for that
 * is listed in the report — never a silent fix. The stream passed in is not
 * written; the result holds a repaired copy.
 *
 * Order: the cheap refusals first (channels, rate under `rate: 'error'`),
 * then NaN runs on the stream as read (so their sample indices match the
 * file, and gap filling interpolates between valid readings), then gaps,
 * then resampling, and last the window-length check on what will be scored.
 */
import { medianStep } from './csv-timeseries.js';
import { resampleFixedStep } from './resample.js';
import type { SensorStream } from './sensor-stream.js';
import { StreamCheckError } from './stream-check-error.js';
import { fillStreamGaps, findStreamGaps, type StreamGap } from './stream-check-gaps.js';
import { fillNanRuns, findNanRuns, type NanRun } from './stream-check-nans.js';
import { formatDurationS, formatStreamTime, type RateRepair, type StreamRepairReport } from './stream-check-report.js';

export interface StreamExpectation {
  /** The model's sampling rate; absent: any rate is accepted. */
  sampleRateHz?: number;
  /**
   * Tolerated relative rate mismatch, default 0.01 — the same default as
   * runtime/sensor-requests, which refuses a stream outside it.
   */
  rateTolerance?: number;
  /** Readings per model window: fewer readings (after repair) is an error. */
  windowLength?: number;
  /** Channels the model reads. */
  channels?: number;
}

export interface StreamRepairPolicy {
  /** Gaps in the time stamps: refuse, or regrid at the median step with the missing readings interpolated. */
  gaps: 'error' | 'fill';
  /** Invalid readings: refuse, or interpolate each run linearly (nearest valid value at the ends). */
  nans: 'error' | 'interpolate';
  /** A rate outside the tolerance: refuse (default), or resample with resample.ts (mean when downsampling, linear when upsampling). */
  rate?: 'error' | 'resample';
  /**
   * The longest gap `fill` may span, in seconds. Default: one model window's
   * duration (windowLength / the model's rate) — a longer gap would leave a
   * window made wholly of invented readings, scored as if measured. Without
   * a window length there is no such bound and every gap is filled (and listed).
   */
  maxGapS?: number;
}

export interface StreamCheckResult {
  /** A repaired copy (the input's arrays are never written). */
  stream: SensorStream;
  report: StreamRepairReport;
}

export function checkStream(stream: SensorStream, expect: StreamExpectation, policy: StreamRepairPolicy): StreamCheckResult {
  checkArguments(expect, policy);
  const c = checkShape(stream);
  const file = stream.source;
  const n = stream.length;
  const names = stream.channels ?? stream.units.map((_, k) => `column ${k + 1}`);
  const startUtcS = stream.startUtcS ?? null;
  const timeOf = (i: number): number => (stream.timeS !== null ? stream.timeS[i]! : i / stream.sampleRateHz);
  const at = (i: number): string => `the reading at index ${i} (${formatStreamTime(timeOf(i), startUtcS)})`;

  if (expect.channels !== undefined && c !== expect.channels) {
    throw new StreamCheckError(file, 'channels', `the stream has ${c} channel${c === 1 ? '' : 's'} (${names.join(', ')}) but ${expect.channels} ${expect.channels === 1 ? 'is' : 'are'} expected`, 'channels');
  }
  const wantHz = expect.sampleRateHz;
  const tolerance = expect.rateTolerance ?? 0.01;
  const rateOff = wantHz !== undefined && Math.abs(stream.sampleRateHz / wantHz - 1) > tolerance;
  if (rateOff && (policy.rate ?? 'error') === 'error') {
    throw new StreamCheckError(file, 'sample rate', `the stream is sampled at ${+stream.sampleRateHz.toPrecision(6)} Hz but ${wantHz} Hz is expected (tolerance ${+(tolerance * 100).toPrecision(3)}%); resample it (policy rate: 'resample')`, 'rate');
  }
  if (stream.timeS !== null) {
    for (let i = 1; i < n; i++) {
      if (!(stream.timeS[i]! > stream.timeS[i - 1]!)) {
        throw new StreamCheckError(file, 'time', `${at(i)} does not come after ${at(i - 1)}; read the file with outOfOrder: 'drop' to leave such rows out (they are then listed)`, 'time');
      }
    }
  }

  const nanRuns = findNanRuns(stream.values, n, c, names);
  checkNanRuns(file, nanRuns, n, policy, (i) => formatStreamTime(timeOf(i), startUtcS));
  let values: Float32Array = stream.values.slice();
  fillNanRuns(values, n, c, nanRuns, timeOf);

  let timeS: Float64Array | null = stream.timeS === null ? null : stream.timeS.slice();
  let gaps: StreamGap[] = [];
  const stepS = timeS === null ? null : medianStep(timeS);
  if (timeS !== null && stepS !== null && stepS > 0) {
    gaps = findStreamGaps(timeS, stepS);
    if (gaps.length > 0) {
      checkGaps(file, gaps, stepS, at, policy, maxGapDefaultS(expect, stream.sampleRateHz));
      ({ timeS, values } = fillStreamGaps(timeS, values, c, stepS, gaps));
    }
  }

  let length = n + gaps.reduce((sum, g) => sum + g.inserted, 0);
  let sampleRateHz = stream.sampleRateHz;
  let resampled: RateRepair | null = null;
  if (rateOff) {
    // A stream without time stamps is on its own grid; resample.ts needs the times spelled out.
    const r = resampleFixedStep(timeS ?? Float64Array.from({ length }, (_, i) => i / sampleRateHz), values, c, 1 / wantHz!, { method: 'auto' });
    resampled = { fromHz: sampleRateHz, toHz: wantHz!, method: r.method, readingsBefore: length, readingsAfter: r.timeS.length, interpolatedBins: r.interpolatedBins };
    ({ values } = r);
    timeS = timeS === null ? null : r.timeS;
    length = r.timeS.length;
    sampleRateHz = wantHz!;
  }

  const w = expect.windowLength;
  if (w !== undefined && length < w) {
    const asRead = length === n ? '' : ` after repair (${n} as read)`;
    throw new StreamCheckError(file, 'length', `${length} readings${asRead} are fewer than the ${w} one model window needs (${formatDurationS(w / sampleRateHz)} at ${+sampleRateHz.toPrecision(6)} Hz); a longer recording is needed`, 'length');
  }

  const report: StreamRepairReport = {
    source: file, readingsIn: n, readingsOut: length, stepS, startUtcS,
    droppedRows: [...(stream.droppedRows ?? [])], gaps, nanRuns, resampled,
  };
  return { stream: { ...stream, values, length, timeS, sampleRateHz }, report };
}

/** The channel count; a stream whose arrays disagree with its length is a caller's bug (RangeError). */
function checkShape(stream: SensorStream): number {
  const { source, length: n } = stream;
  const c = stream.channels?.length ?? stream.units.length;
  if (stream.values.length !== n * c) throw new RangeError(`checkStream: ${source}: values hold ${stream.values.length} numbers, not length ${n} × ${c} channels`);
  if (stream.timeS !== null && stream.timeS.length !== n) throw new RangeError(`checkStream: ${source}: timeS holds ${stream.timeS.length} times for ${n} readings`);
  return c;
}

/** A dead channel is always refused; other runs unless the policy interpolates them. */
function checkNanRuns(file: string, runs: NanRun[], n: number, policy: StreamRepairPolicy, when: (i: number) => string): void {
  const dead = runs.find((r) => r.length === n);
  if (dead !== undefined) throw new StreamCheckError(file, dead.name, `all ${n} readings are invalid (NaN): there is nothing to interpolate from`, 'nan');
  if (runs.length === 0 || policy.nans === 'interpolate') return;
  const first = runs[0]!;
  const total = runs.reduce((sum, r) => sum + r.length, 0);
  throw new StreamCheckError(file, first.name, `sample index ${first.start} (${when(first.start)}) is invalid (NaN), a run of ${first.length}; ${runs.length} run${runs.length === 1 ? '' : 's'} (${total} samples) in all. Policy nans: 'interpolate' fills them linearly`, 'nan');
}

/** One model window's duration (see StreamRepairPolicy.maxGapS), or no bound without a window length. */
function maxGapDefaultS(expect: StreamExpectation, streamHz: number): { seconds: number; why: string } {
  const w = expect.windowLength;
  if (w === undefined) return { seconds: Infinity, why: 'no window length given' };
  return { seconds: w / (expect.sampleRateHz ?? streamHz), why: `one model window of ${w} readings; filling more would invent whole windows` };
}

/** Refuses the gaps as they are, or any too long to fill. */
function checkGaps(file: string, gaps: StreamGap[], stepS: number, at: (i: number) => string, policy: StreamRepairPolicy, fallback: { seconds: number; why: string }): void {
  const describe = (g: StreamGap): string => `a gap of ${formatDurationS(g.endS - g.startS)} after ${at(g.afterIndex)}, ${g.inserted} reading${g.inserted === 1 ? '' : 's'} missing at the ${formatDurationS(stepS)} step`;
  if (policy.gaps === 'error') {
    const missing = gaps.reduce((sum, g) => sum + g.inserted, 0);
    throw new StreamCheckError(file, 'time', `${describe(gaps[0]!)}; ${gaps.length} gap${gaps.length === 1 ? '' : 's'} (${missing} readings) in all. Policy gaps: 'fill' regrids the stream and interpolates them`, 'gap');
  }
  const maxGapS = policy.maxGapS ?? fallback.seconds;
  const tooLong = gaps.filter((g) => g.endS - g.startS > maxGapS);
  if (tooLong.length > 0) {
    const why = policy.maxGapS !== undefined ? 'policy maxGapS' : fallback.why;
    const count = `${tooLong.length} gap${tooLong.length === 1 ? ' is' : 's are'} too long`;
    throw new StreamCheckError(file, 'time', `${describe(tooLong[0]!)}, is longer than the ${formatDurationS(maxGapS)} a fill may span (${why}); ${count}. Cut the stream there, or raise policy maxGapS`, 'gap');
  }
}

function checkArguments(expect: StreamExpectation, policy: StreamRepairPolicy): void {
  const check = (x: number | undefined, name: string, ok: (x: number) => boolean, what: string): void => {
    if (x !== undefined && !ok(x)) throw new RangeError(`checkStream: ${name} must be ${what}, got ${x}`);
  };
  const positiveInteger = (x: number): boolean => Number.isInteger(x) && x > 0;
  check(expect.sampleRateHz, 'expect.sampleRateHz', (x) => x > 0 && Number.isFinite(x), 'a positive finite number of Hz');
  check(expect.windowLength, 'expect.windowLength', positiveInteger, 'a positive integer');
  check(expect.channels, 'expect.channels', positiveInteger, 'a positive integer');
  check(policy.maxGapS, 'policy.maxGapS', (x) => x > 0, 'a positive number of seconds (Infinity: no bound)');
  check(expect.rateTolerance, 'expect.rateTolerance', (x) => x >= 0 && Number.isFinite(x), 'a finite relative tolerance >= 0');
  const oneOf = (value: unknown, name: string, allowed: readonly string[], optional: boolean): void => {
    if ((optional && value === undefined) || allowed.includes(value as string)) return;
    throw new RangeError(`checkStream: ${name} must be ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${JSON.stringify(value)}`);
  };
  oneOf(policy.gaps, 'policy.gaps', ['error', 'fill'], false);
  oneOf(policy.nans, 'policy.nans', ['error', 'interpolate'], false);
  oneOf(policy.rate, 'policy.rate', ['error', 'resample'], true);
}
