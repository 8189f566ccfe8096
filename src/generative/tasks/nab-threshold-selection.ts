/**
 * The NAB task's threshold rule, chosen on development streams and then
 * applied unchanged to the stream that is reported — so the reported
 * stream's labels never choose its threshold.
 *
 * The rule is a multiple of the largest held-out normal score
 * (runNabAnomaly's `thresholdFactor`): the held-out maximum alone is the
 * most sensitive threshold a model's own normal data allows, and a margin
 * over it trades missed windows for fewer false alarms; how much margin a
 * kind of stream needs is what the development streams measure. The
 * debounce, window length and decimation stay as the task sets them.
 *
 * Criterion, NAB-style (Lavin & Ahmad 2015 count detected windows and
 * false alarms; here with equal weights, no position weighting): over the
 * grid, maximise Σ windows detected − Σ false alarms summed over the
 * development streams; ties go to the lowest factor (the most sensitive
 * rule of equal merit: a missed failure is dearer than an alarm).
 *
 * The grid, fixed before any development stream was scored: 1 to 3 in
 * steps of 0.25 — from no margin to three times the largest normal score
 * held out, at the step of the earlier sweep (bench/generative). Its ends
 * are a convention, not tuned: a rule at either end is reported as such.
 */
import type { NabStream } from '../../data/index.js';
import { requireFiniteValues } from '../metrics/argument-checks.js';
import { scoreDetections, type DetectionOptions, type LabelledWindow } from '../metrics/nab-detections.js';
import type { CodecPrecision } from '../precision/codec-variants.js';
import { runNabAnomaly, type NabAnomalyOptions, type NabAnomalyResult } from './nab-anomaly.js';

export const NAB_THRESHOLD_FACTORS: readonly number[] = [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3];

export const NAB_THRESHOLD_CRITERION = 'maximise Σ windows detected − Σ false alarms over the development streams; ties to the lowest factor';

/** One development stream's scores at thresholdFactor 1 (1 = the held-out maximum) and how its detections are counted. */
export interface DevelopmentScores {
  key: string;
  score: ArrayLike<number>;
  windows: readonly LabelledWindow[];
  detectionOptions: DetectionOptions;
}

export interface StreamOutcome {
  key: string;
  windowsDetected: number;
  windowsTotal: number;
  falseAlarms: number;
}

export interface FactorOutcome {
  factor: number;
  windowsDetected: number;
  windowsTotal: number;
  falseAlarms: number;
  /** windowsDetected − falseAlarms, the criterion. */
  net: number;
  streams: StreamOutcome[];
}

export interface FactorChoice {
  factor: number;
  criterion: string;
  /** One entry per grid factor, in grid order. */
  sweep: FactorOutcome[];
}

/** The factor of `grid` (ascending, each > 0) that the criterion picks on `streams`, with the whole sweep. */
export function chooseThresholdFactor(streams: readonly DevelopmentScores[], grid: readonly number[] = NAB_THRESHOLD_FACTORS): FactorChoice {
  const who = 'chooseThresholdFactor';
  if (!Array.isArray(streams) || streams.length === 0) throw new RangeError(`${who}: streams must list at least one development stream`);
  requireFiniteValues(who, 'grid', grid);
  grid.forEach((f, i) => {
    if (!(f > 0)) throw new RangeError(`${who}: grid[${i}] must be a factor > 0, got ${f}`);
    if (i > 0 && !(f > grid[i - 1]!)) throw new RangeError(`${who}: grid must be strictly ascending; grid[${i}] = ${f} follows ${grid[i - 1]}`);
  });
  streams.forEach((s, i) => {
    if (s.windows.length === 0) throw new RangeError(`${who}: streams[${i}] (${s.key}) has no labelled window; it cannot tell a detection from a false alarm`);
  });
  const sweep = grid.map((factor): FactorOutcome => {
    const per = streams.map((s): StreamOutcome => {
      const d = scoreDetections(s.score, factor, s.windows, s.detectionOptions);
      return { key: s.key, windowsDetected: d.windowsDetected, windowsTotal: d.windowsTotal, falseAlarms: d.falseAlarms };
    });
    const windowsDetected = per.reduce((a, s) => a + s.windowsDetected, 0);
    const falseAlarms = per.reduce((a, s) => a + s.falseAlarms, 0);
    return { factor, windowsDetected, windowsTotal: per.reduce((a, s) => a + s.windowsTotal, 0), falseAlarms, net: windowsDetected - falseAlarms, streams: per };
  });
  // Strictly greater replaces: the first (lowest) factor of a tie stays.
  let best = sweep[0]!;
  for (const o of sweep) if (o.net > best.net) best = o;
  return { factor: best.factor, criterion: NAB_THRESHOLD_CRITERION, sweep };
}

/** A development stream (gaps already repaired: data/stream-check.ts) and the task options its sampling calls for. */
export interface DevelopmentStream {
  stream: NabStream;
  options?: Omit<NabAnomalyOptions, 'thresholdFactor' | 'precisions'>;
}

export interface NabThresholdSelection extends FactorChoice {
  precision: CodecPrecision;
  /** The task on each development stream at thresholdFactor 1. */
  runs: NabAnomalyResult[];
}

/**
 * Runs the NAB task on each development stream at thresholdFactor 1 and
 * `precision` (default fp32) and chooses the factor there. Apply the
 * returned `factor` unchanged to the evaluation stream.
 */
export async function selectNabThresholdFactor(streams: readonly DevelopmentStream[], o: { grid?: readonly number[]; precision?: CodecPrecision; log?: (message: string) => void } = {}): Promise<NabThresholdSelection> {
  if (streams.length === 0) throw new RangeError('selectNabThresholdFactor: streams must list at least one development stream');
  const precision = o.precision ?? 'fp32';
  const runs: NabAnomalyResult[] = [];
  for (const { stream, options } of streams) {
    o.log?.(`threshold selection: ${stream.key} (development)`);
    runs.push(await runNabAnomaly(stream, { ...(o.log ? { log: o.log } : {}), ...options, precisions: [precision], thresholdFactor: 1 }));
  }
  const scores = runs.map((r): DevelopmentScores => ({ key: r.key, score: r.results[0]!.score, windows: r.windows, detectionOptions: r.detectionOptions }));
  return { ...chooseThresholdFactor(scores, o.grid), precision, runs };
}
