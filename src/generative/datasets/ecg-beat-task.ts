/**
 * Abnormal-beat detection on an MIT-BIH record as an unsupervised task:
 * one window per annotated beat from `beforeS` before its R peak to
 * `afterS` after it, long enough before the peak (1 s by default) to hold
 * the previous beat, so a premature beat shows as a previous R wave where a
 * normal rhythm has none — record 100's abnormal beats are 33 atrial
 * premature beats and 1 PVC (MIT-BIH directory, record 100), whose
 * morphology is close to normal and whose timing is not (RR 0.52–0.68 s
 * against a normal median of 0.80 s on this record).
 *
 * The split is by time: normal beats in the first `trainFraction` of the
 * record train, the next `validationFraction` validate (and calibrate the
 * threshold: normal data only), and the test set is every beat after that
 * plus every abnormal beat anywhere. No abnormal beat is a training window,
 * but a window reaches 1 s back, so a normal training beat right after an
 * abnormal one holds part of its waveform (the model sees a few abnormal
 * preceding beats in context, which makes the test harder, not easier).
 * Windows are standardised per lead with the training windows' mean and
 * standard deviation.
 */
import { aamiNormalSymbols, beatWindows, type WfdbAnnotation, type WfdbRecord } from '../../data/index.js';
import type { WindowSet } from '../metrics/window-set.js';
import { decimateWindows } from './decimate.js';
import { selectWindows } from './series-windows.js';
import { standardiseWindows, type ChannelStandardisation } from './standardise.js';

export interface EcgBeatTaskOptions {
  /** Signal names or indices; default ['MLII']. */
  leads?: readonly (string | number)[];
  /** Default 1.0 s. */
  beforeS?: number;
  /** Default 0.4222 s (so that 1.4222 s at 90 Hz is 128 samples). */
  afterS?: number;
  /** Integer decimation factor; default 4 (360 Hz → 90 Hz). */
  decimation?: number;
  /** Default 0.5. */
  trainFraction?: number;
  /** Default 0.1. */
  validationFraction?: number;
  /** Symbols counted as normal; default AAMI class N (N, L, R, e, j). */
  normalSymbols?: readonly string[];
}

export interface EcgBeatTask {
  sampleRateHz: number;
  leads: string[];
  train: WindowSet;
  validation: WindowSet;
  test: WindowSet;
  /** 1 abnormal, 0 normal, per test window. */
  testLabels: Uint8Array;
  /** R-peak sample (at the record's rate) and symbol of each test window. */
  testBeats: { sample: Int32Array; symbols: string[] };
  standardisation: ChannelStandardisation;
  counts: { train: number; validation: number; testNormal: number; testAbnormal: number; skippedAtEdges: number };
}

export function ecgBeatTask(record: WfdbRecord, annotations: readonly WfdbAnnotation[], options: EcgBeatTaskOptions = {}): EcgBeatTask {
  const who = 'ecgBeatTask';
  const fs = record.header.samplingFrequencyHz;
  const factor = options.decimation ?? 4;
  const trainFraction = options.trainFraction ?? 0.5;
  const validationFraction = options.validationFraction ?? 0.1;
  if (!(trainFraction > 0 && validationFraction > 0 && trainFraction + validationFraction < 1)) {
    throw new RangeError(`${who}: need trainFraction > 0, validationFraction > 0 and their sum < 1, got ${trainFraction} and ${validationFraction}`);
  }
  const beats = beatWindows(record, annotations, {
    leads: options.leads ?? ['MLII'],
    beforeS: options.beforeS ?? 1.0,
    afterS: options.afterS ?? 0.4222,
    normalSymbols: options.normalSymbols ?? aamiNormalSymbols,
  });
  const leads = beats.dataset.sampleShape[0]!;
  const raw = beats.dataset.sampleShape[1]!;
  const usable = raw - (raw % factor);
  const count = beats.beatSamples.length;
  // Trim the window's tail to a multiple of the factor, then decimate.
  const trimmed = new Float32Array(count * leads * usable);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const sample = beats.dataset.get(i);
    labels[i] = sample.y;
    for (let l = 0; l < leads; l++) trimmed.set(sample.x.subarray(l * raw, l * raw + usable), (i * leads + l) * usable);
  }
  const dec = decimateWindows(trimmed, count * leads, usable, factor);
  const trainEnd = trainFraction * record.length;
  const valEnd = (trainFraction + validationFraction) * record.length;
  const trainIdx: number[] = [];
  const valIdx: number[] = [];
  const testIdx: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = beats.beatSamples[i]!;
    const abnormal = labels[i] === 1;
    if (s >= valEnd || abnormal) testIdx.push(i);
    else if (s < trainEnd) trainIdx.push(i);
    else valIdx.push(i);
  }
  if (trainIdx.length === 0 || valIdx.length === 0) throw new RangeError(`${who}: the split left ${trainIdx.length} training and ${valIdx.length} validation beats; the record is too short for these fractions`);
  const all: WindowSet = { data: dec.data, count, channels: leads, length: dec.length };
  const gather = (idx: number[]): WindowSet => selectWindows(all, idx);
  const train = gather(trainIdx);
  const standardisation = standardiseWindows(train);
  const validation = standardisation.apply(gather(valIdx));
  const test = standardisation.apply(gather(testIdx));
  const testLabels = Uint8Array.from(testIdx, (i) => labels[i]!);
  const names = (options.leads ?? ['MLII']).map((l) => (typeof l === 'string' ? l : record.header.signals[l]!.description ?? `signal ${l}`));
  return {
    sampleRateHz: fs / factor,
    leads: names,
    train: standardisation.apply(train),
    validation,
    test,
    testLabels,
    testBeats: { sample: Int32Array.from(testIdx, (i) => beats.beatSamples[i]!), symbols: testIdx.map((i) => beats.symbols[i]!) },
    standardisation: standardisation.parameters,
    counts: { train: trainIdx.length, validation: valIdx.length, testNormal: testLabels.length - testLabels.reduce((a, b) => a + b, 0), testAbnormal: testLabels.reduce((a, b) => a + b, 0), skippedAtEdges: beats.skippedAtEdges },
  };
}
