/**
 * Failure detection on a NAB stream (machine temperature: four labelled
 * failure windows) with a VAE, every score out of sample.
 *
 * Protocol. The stream is decimated (mean of `decimation` readings: 5 min →
 * 20 min) and cut into sliding windows of `windowLength` readings, each
 * scored at its last reading (online: a score uses only the past). The
 * readings are split into `folds` contiguous blocks in time; the model
 * that scores a block is trained on the other blocks' windows that touch
 * no labelled window (normal data only — cross-fitting, so no reading is
 * scored by a model that saw it), 20% of them held out. The threshold is
 * fixed before any test score is seen: `thresholdFactor` (default 1) times
 * the largest score on the held-out normal windows (scores are divided by
 * it, so 1 is the threshold of every fold). The factor is a rule chosen on
 * other streams (nab-threshold-selection.ts), never on the stream scored
 * here. Detections are upward crossings, debounced for one day, counted
 * NAB-style (Lavin & Ahmad 2015): a window is detected by any detection
 * inside it, every detection outside all windows is a false alarm.
 */
import { Rng } from '../../engine/index.js';
import type { NabStream } from '../../data/index.js';
import { sensorVae, type SensorVae } from '../../nn/index.js';
import { scoreDetections, type DetectionReport } from '../metrics/nab-detections.js';
import { rocAuc } from '../metrics/roc.js';
import { trainVae, type VaeTrainingResult } from '../vae/train-vae.js';
import { anomalyScores } from '../anomaly/anomaly-scores.js';
import { codecVariants, type CodecPrecision } from '../precision/codec-variants.js';
import { windowsAt } from '../datasets/series-windows.js';
import { decimateNabStream, standardiseOn, usableWindowStarts } from '../datasets/nab-series.js';

export interface NabAnomalyOptions {
  /** Default 4 (5-min readings → 20 min). */
  decimation?: number;
  /** Default 64 readings (21 h at 20 min). */
  windowLength?: number;
  /** Default 2. */
  folds?: number;
  /** Default 2 (the codes of a few day-shapes). */
  latent?: number;
  epochs?: number;
  seed?: number;
  precisions?: readonly CodecPrecision[];
  /** Detections closer than this to the previous one are the same event; default one day. */
  debounceS?: number;
  /**
   * The threshold as a multiple of the largest held-out normal score, > 0;
   * default 1. Choose it on development streams (nab-threshold-selection.ts).
   */
  thresholdFactor?: number;
  progress?: boolean;
  log?: (message: string) => void;
}

export interface NabPrecisionResult {
  precision: CodecPrecision;
  /** Per decimated reading: score / fold threshold (1 = threshold: thresholdFactor × the fold's held-out maximum); 0 before the first full window. */
  score: Float32Array;
  detection: DetectionReport;
  /** Point-wise ROC-AUC of the score against the labelled readings (threshold-free). */
  rocAuc: number;
  weightBytes: number;
}

export interface NabAnomalyResult {
  key: string;
  stepS: number;
  /** Seconds since the first reading of each decimated reading. */
  timeS: Float64Array;
  /** The decimated readings (original units). */
  values: Float32Array;
  windows: { firstIndex: number; lastIndex: number; start: string; end: string }[];
  folds: { from: number; to: number; trainWindows: number; validationWindows: number; training: VaeTrainingResult }[];
  /** The threshold's multiple of the held-out maximum the scores were divided by. */
  thresholdFactor: number;
  /** How the detections were counted (scoreDetections): the debounce and the unscored first window, in decimated readings. */
  detectionOptions: { minGap: number; probation: number };
  results: NabPrecisionResult[];
}

export async function runNabAnomaly(stream: NabStream, o: NabAnomalyOptions = {}): Promise<NabAnomalyResult> {
  const who = 'runNabAnomaly';
  const factor = o.decimation ?? 4;
  const L = o.windowLength ?? 64;
  const K = o.folds ?? 2;
  const precisions = o.precisions ?? ['fp32'];
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`${who}: folds must be an integer >= 2 (cross-fitting needs another block to train on), got ${K}`);
  const thresholdFactor = o.thresholdFactor ?? 1;
  if (!(Number.isFinite(thresholdFactor) && thresholdFactor > 0)) throw new RangeError(`${who}: thresholdFactor must be a finite number > 0 (a multiple of the largest held-out normal score), got ${thresholdFactor}`);
  const { values, timeS, stepS, windows, labelled } = decimateNabStream(stream, factor);
  const n = values.length;
  if (n < K * L * 2) throw new RangeError(`${who}: ${stream.key} has ${n} readings after decimation by ${factor}; need at least ${K * L * 2} for ${K} folds of windows of ${L}`);
  const scores = new Map<CodecPrecision, Float32Array>(precisions.map((p) => [p, new Float32Array(n)]));
  const bytes = new Map<CodecPrecision, number>();
  const folds: NabAnomalyResult['folds'] = [];
  const rng = new Rng(o.seed ?? 1);
  const foldAt = (f: number) => {
    const from = Math.floor((f * n) / K);
    const to = Math.floor(((f + 1) * n) / K);
    const normalOutside = (i: number) => (i < from || i >= to) && !labelled[i];
    return { from, to, normalOutside, starts: usableWindowStarts(n, L, normalOutside) };
  };
  // Every fold's model needs one training and one validation window of normal readings outside its block: checked for all folds before the first trains.
  for (let f = 0; f < K; f++) {
    const { from, to, starts } = foldAt(f);
    if (starts.length < 2) {
      throw new RangeError(`${who}: ${stream.key}: fold ${f + 1} of ${K} (decimated readings ${from}..${to - 1}) leaves ${starts.length} window${starts.length === 1 ? '' : 's'} of ${L} normal readings outside it to train on; need at least 2 (one to train, one to validate): the labelled windows cover too much of the rest of the stream`);
    }
  }
  for (let f = 0; f < K; f++) {
    const { from, to, normalOutside, starts } = foldAt(f);
    const { z } = standardiseOn(values, normalOutside);
    rng.shuffle(starts);
    const nVal = Math.max(1, Math.floor(starts.length * 0.2));
    const validation = windowsAt(z, starts.slice(0, nVal), L);
    const train = windowsAt(z, starts.slice(nVal), L);
    o.log?.(`fold ${f + 1}/${K}: training on ${train.count} normal windows outside readings ${from}..${to - 1}`);
    const vae: SensorVae = sensorVae({ inputChannels: 1, inputLength: L, width: 16, stages: 3, latent: o.latent ?? 2, seed: (o.seed ?? 1) * 100 + f });
    const training = await trainVae(vae, { windows: train }, rng.fork(), { epochs: o.epochs ?? 30, progress: o.progress, label: `nab fold ${f + 1}` }, { windows: validation });
    folds.push({ from, to, trainWindows: train.count, validationWindows: validation.count, training });
    const testStarts: number[] = [];
    for (let e = Math.max(from, L - 1); e < to; e++) testStarts.push(e - L + 1);
    const test = windowsAt(z, testStarts, L);
    const variants = await codecVariants(vae, precisions, { calibration: train, seed: o.seed ?? 1, log: o.log });
    try {
      for (const v of variants) {
        const threshold = thresholdFactor * maxOf(anomalyScores(v.codec, validation).scores);
        const s = anomalyScores(v.codec, test).scores;
        const out = scores.get(v.id)!;
        testStarts.forEach((a, k) => (out[a + L - 1] = s[k]! / threshold));
        bytes.set(v.id, v.weightBytes);
      }
    } finally {
      for (const v of variants) v.dispose();
    }
  }
  const detectionOptions = { minGap: Math.max(1, Math.round((o.debounceS ?? 86_400) / (stepS || 1))), probation: L - 1 };
  const results = precisions.map((p): NabPrecisionResult => {
    const score = scores.get(p)!;
    return {
      precision: p,
      score,
      detection: scoreDetections(score, 1, windows, detectionOptions),
      rocAuc: rocAuc(score.subarray(L - 1), labelled.subarray(L - 1)),
      weightBytes: bytes.get(p)!,
    };
  });
  return { key: stream.key, stepS, timeS, values, windows, folds, thresholdFactor, detectionOptions, results };
}

function maxOf(a: Float32Array): number {
  let m = -Infinity;
  for (const v of a) m = Math.max(m, v);
  return m > 0 ? m : 1;
}

