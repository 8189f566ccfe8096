/**
 * The STM32 HAR recordings as train/validation datasets of windows: split by
 * recording file (see file-split.ts for why never by window), cut into
 * channels-first `[3, L]` windows, converted to g and standardised with
 * statistics of the training files only, so nothing about validation leaks
 * into the features.
 */
import { Rng } from '../engine/random.js';
import { ArrayDataset } from './dataset.js';
import { splitByFileStratified } from './file-split.js';
import { harClasses, readHarRecordings, type HarRecording } from './har.js';
import { slidingWindows, windowCount } from './windows.js';

/** milli-g per g: the CSVs are in mg (file names end `_4g_mg.csv`). */
const MILLI_G_PER_G = 1000;
const AXES = 3;

export interface HarDatasetOptions {
  /**
   * Samples per window. Default 26: one second at the dataset's 26 Hz; Banos
   * et al. 2014 ("Window size impact in human activity recognition",
   * Sensors 14(4)) found windows of 1-2 s give the best accuracy/latency trade-off.
   */
  windowLength?: number;
  /**
   * Samples between window starts. Default 13: 50 % overlap, as in the UCI HAR
   * benchmark (Anguita et al. 2013, "A public domain dataset for human activity
   * recognition using smartphones", ESANN).
   */
  stride?: number;
  /** Share of each class's recordings held out for validation, in (0, 1). Default 0.2. */
  valFraction?: number;
  /** Seed of the file split. Default 0. */
  seed?: number;
  /** Standardise each axis with the training statistics. Default true; when false, windows are in g. */
  normalize?: boolean;
}

/** Per-axis statistics of the training recordings, in g; apply the same on the device. */
export interface HarStats {
  meanG: [number, number, number];
  /** Population standard deviation. */
  stdG: [number, number, number];
  /** Samples (time steps) the statistics were computed over. */
  samples: number;
}

export interface HarDataset {
  /** Windows `[3, windowLength]` with their class labels. */
  train: ArrayDataset;
  val: ArrayDataset;
  classes: string[];
  /** Recording files (relative to the dataset folder) behind each split, sorted. */
  trainFiles: string[];
  valFiles: string[];
  stats: HarStats;
  normalized: boolean;
  /** Recordings shorter than one window, left out of both splits. */
  skippedShort: { file: string; samples: number }[];
  windowLength: number;
  stride: number;
  sampleRateHz: number;
}

export function loadHarDataset(dir: string, options: HarDatasetOptions = {}): HarDataset {
  const windowLength = options.windowLength ?? 26;
  const stride = options.stride ?? 13;
  const valFraction = options.valFraction ?? 0.2;
  const normalize = options.normalize ?? true;
  for (const [name, v] of [['windowLength', windowLength], ['stride', stride]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`loadHarDataset: options.${name} must be a positive integer, got ${v}`);
  }
  if (!(valFraction > 0 && valFraction < 1)) {
    throw new RangeError(`loadHarDataset: options.valFraction must be in (0, 1), got ${valFraction}`);
  }

  const recordings = readHarRecordings(dir);
  const sampleRateHz = recordings[0]!.sampleRateHz;
  const otherRate = recordings.find((r) => r.sampleRateHz !== sampleRateHz);
  if (otherRate) {
    throw new Error(
      `loadHarDataset: ${otherRate.file} is sampled at ${otherRate.sampleRateHz} Hz but ${recordings[0]!.file} at ${sampleRateHz} Hz; windows would mix time scales`,
    );
  }
  const steps = (r: HarRecording): number => r.samples.length / AXES;
  const usable = recordings.filter((r) => steps(r) >= windowLength);
  const skippedShort = recordings.filter((r) => steps(r) < windowLength).map((r) => ({ file: r.file, samples: steps(r) }));

  const split = splitByFileStratified(usable, { classes: harClasses, valFraction, rng: new Rng(options.seed ?? 0) });
  const stats = harStats(split.train);
  const scale = normalize ? stats : { meanG: [0, 0, 0], stdG: [1, 1, 1] };
  return {
    train: windowDataset(split.train, windowLength, stride, scale),
    val: windowDataset(split.val, windowLength, stride, scale),
    classes: [...harClasses],
    trainFiles: split.train.map((r) => r.file),
    valFiles: split.val.map((r) => r.file),
    stats,
    normalized: normalize,
    skippedShort,
    windowLength,
    stride,
    sampleRateHz,
  };
}

/** Per-axis mean and population std, in g, over all time steps of `recordings` (two passes, float64 sums). */
export function harStats(recordings: readonly HarRecording[]): HarStats {
  const sum = [0, 0, 0];
  let n = 0;
  for (const r of recordings) {
    for (let i = 0; i < r.samples.length; i++) sum[i % AXES]! += r.samples[i]! / MILLI_G_PER_G;
    n += r.samples.length / AXES;
  }
  if (n === 0) throw new Error('harStats: no samples to compute statistics from');
  const mean = sum.map((s) => s / n);
  const sq = [0, 0, 0];
  for (const r of recordings) {
    for (let i = 0; i < r.samples.length; i++) {
      const d = r.samples[i]! / MILLI_G_PER_G - mean[i % AXES]!;
      sq[i % AXES]! += d * d;
    }
  }
  const std = sq.map((s) => Math.sqrt(s / n));
  std.forEach((s, axis) => {
    if (!(s > 0)) {
      throw new Error(`harStats: axis ${'xyz'[axis]} is constant over the training recordings; cannot standardise (pass normalize: false)`);
    }
  });
  return { meanG: mean as HarStats['meanG'], stdG: std as HarStats['stdG'], samples: n };
}

function windowDataset(
  recordings: readonly HarRecording[],
  windowLength: number,
  stride: number,
  scale: { meanG: readonly number[]; stdG: readonly number[] },
): ArrayDataset {
  const windowSize = AXES * windowLength;
  const total = recordings.reduce((acc, r) => acc + windowCount(r.samples.length / AXES, windowLength, stride), 0);
  const data = new Float32Array(total * windowSize);
  const labels = new Int32Array(total);
  let w = 0;
  for (const r of recordings) {
    const windows = slidingWindows(r.samples, AXES, windowLength, stride);
    data.set(windows.data, w * windowSize);
    labels.fill(r.label, w, w + windows.count);
    w += windows.count;
  }
  // Channels-first: each run of windowLength values is one axis of one window.
  for (let row = 0; row < total * AXES; row++) {
    const axis = row % AXES;
    const mean = scale.meanG[axis]!;
    const invStd = 1 / scale.stdG[axis]!;
    for (let i = row * windowLength, end = i + windowLength; i < end; i++) {
      data[i] = (data[i]! / MILLI_G_PER_G - mean) * invStd;
    }
  }
  return new ArrayDataset(data, labels, [AXES, windowLength], { numClasses: harClasses.length });
}
