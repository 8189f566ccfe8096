/**
 * Novelty detection on the STM32 HAR accelerometer windows, leave one
 * activity out: for each activity in turn, a VAE that has seen only the
 * other activities must flag the windows of the one it has never seen —
 * the "unknown activity" a wearable meets in the field.
 *
 * Protocol, per held-out activity k:
 * - sets: the recording-level train/validation split of loadHarDataset (no
 *   recording in both). The training recordings of the known activities are
 *   split again by recording (har-novelty-split.ts): fitting windows and
 *   calibration windows; k's training recordings are not used. The test set
 *   is every validation window, k's labelled novel (1), the others known (0).
 * - scaling: per-axis standardisation with the fitting windows' statistics
 *   (datasets/standardise.ts) — not the loader's, which include activity k.
 * - model: an unconditional SensorVae trained on the fitting windows, its
 *   best epoch chosen on the calibration windows (trainVae).
 * - threshold, fixed on normal data alone as in the ECG task: the
 *   `thresholdQuantile` (default 0.99) quantile of the calibration windows'
 *   scores, numpy's linear interpolation (metrics/threshold.ts) — "alarm on
 *   the top 1 % of known behaviour".
 * - every precision (codecVariants, calibrated on the fitting windows) scores
 *   the test windows with anomalyScores; reported: ROC-AUC and PR-AUC of
 *   novel against known (threshold-free), and at the threshold the detection
 *   rate of the novel activity and the false-alarm rate on the known ones
 *   (anomaly/operating-point.ts).
 *
 * Windows as in the synthesis task (har-synthesis.ts): 32 readings (1.23 s
 * at 26 Hz), 50 % overlap.
 */
import { Rng } from '../../engine/index.js';
import { loadHarDataset, readHarRecordings, windowCount, type HarDataset } from '../../data/index.js';
import { sensorVae } from '../../nn/index.js';
import { anomalyScores } from '../anomaly/anomaly-scores.js';
import { operatingPoint } from '../anomaly/operating-point.js';
import { datasetWindows } from '../datasets/dataset-windows.js';
import { selectWindows } from '../datasets/series-windows.js';
import { standardiseWindows, type ChannelStandardisation } from '../datasets/standardise.js';
import { prAuc, rocAuc } from '../metrics/roc.js';
import { quantileThreshold } from '../metrics/threshold.js';
import { codecVariants, type CodecPrecision } from '../precision/codec-variants.js';
import { trainVae, type VaeTrainingResult } from '../vae/train-vae.js';
import { knownActivitySplit, type RecordingWindows } from './har-novelty-split.js';

export interface HarNoveltyOptions {
  /** Default 32 (a multiple of 8: the VAE halves the length three times). */
  windowLength?: number;
  /**
   * Default 15: the 3 activities × 4 precisions in about 1.5 min on 2 shared
   * cores (measured 90 s). At 20 epochs (150 s) the best epochs were 12, 19
   * and 20 and no ROC-AUC moved by more than 0.05.
   */
  epochs?: number;
  /** Default 8, as the synthesis task. */
  latent?: number;
  seed?: number;
  precisions?: readonly CodecPrecision[];
  /** Quantile of the calibration (known-activity) scores used as the threshold; default 0.99, as the ECG task. */
  thresholdQuantile?: number;
  /** Share of each known activity's training recordings used for calibration; default 0.2. */
  calibrationFraction?: number;
  /** Activities to hold out, by name; default every activity. */
  heldOut?: readonly string[];
  progress?: boolean;
  log?: (message: string) => void;
}

export interface HarNoveltyPrecisionResult {
  precision: CodecPrecision;
  /** Novel (1) against known (0) test windows, threshold-free. */
  rocAuc: number;
  prAuc: number;
  /** On the standardised windows' score scale. */
  threshold: number;
  /** Novel test windows above the threshold / novel test windows. */
  detectionRate: number;
  /** Known test windows above the threshold / known test windows. */
  falseAlarmRate: number;
  /** Per test window, in the order of testLabels. */
  scores: Float32Array;
  weightBytes: number;
}

export interface HarNoveltyFold {
  heldOut: string;
  known: string[];
  counts: { fit: number; calibration: number; testKnown: number; testNovel: number };
  fitFiles: string[];
  calibrationFiles: string[];
  /** Per axis, in g, from the fitting windows. */
  standardisation: ChannelStandardisation;
  training: VaeTrainingResult;
  /** Per validation window: 1 = the held-out activity. */
  testLabels: Uint8Array;
  results: HarNoveltyPrecisionResult[];
}

export interface HarNoveltyResult {
  classes: string[];
  sampleRateHz: number;
  windowLength: number;
  stride: number;
  thresholdQuantile: number;
  testFiles: string[];
  folds: HarNoveltyFold[];
}

const WHO = 'runHarNovelty';

export async function runHarNovelty(dir: string, o: HarNoveltyOptions = {}): Promise<HarNoveltyResult> {
  const L = o.windowLength ?? 32;
  if (!Number.isInteger(L) || L < 8 || L % 8 !== 0) throw new RangeError(`${WHO}: windowLength must be a positive multiple of 8 (the VAE halves it three times), got ${L}`);
  const q = o.thresholdQuantile ?? 0.99;
  if (!(q > 0 && q < 1)) throw new RangeError(`${WHO}: thresholdQuantile must lie in (0, 1), got ${q}`);
  const seed = o.seed ?? 1;
  const stride = L / 2;
  // In g: standardised below with the known activities' statistics only.
  const har = loadHarDataset(dir, { windowLength: L, stride, normalize: false });
  const names = o.heldOut ?? har.classes;
  for (const name of names) if (!har.classes.includes(name)) throw new RangeError(`${WHO}: heldOut names an activity "${name}"; the activities are ${har.classes.join(', ')}`);
  const train = datasetWindows(har.train);
  const test = datasetWindows(har.val);
  const recordings = trainingRecordings(dir, har);
  const folds: HarNoveltyFold[] = [];
  for (const name of names) {
    const k = har.classes.indexOf(name);
    const split = knownActivitySplit(recordings, har.classes, k, o.calibrationFraction ?? 0.2, new Rng(seed * 7919 + k));
    const scale = standardiseWindows(selectWindows(train.windows, split.fit));
    const fit = scale.apply(selectWindows(train.windows, split.fit));
    const calibration = scale.apply(selectWindows(train.windows, split.calibration));
    const testWindows = scale.apply(test.windows);
    const testLabels = Uint8Array.from(test.labels, (y) => (y === k ? 1 : 0));
    const known = har.classes.filter((_, j) => j !== k);
    o.log?.(`held out ${name}: training a VAE on ${fit.count} windows of ${known.join(', ')} (${calibration.count} calibrate)`);
    const vae = sensorVae({ inputChannels: 3, inputLength: L, width: 16, stages: 3, latent: o.latent ?? 8, seed: seed * 100 + k });
    const training = await trainVae(vae, { windows: fit }, new Rng(seed * 100 + k), { epochs: o.epochs ?? 15, progress: o.progress, label: `har novelty −${name}` }, { windows: calibration });
    const variants = await codecVariants(vae, o.precisions ?? ['fp32'], { calibration: fit, seed, log: o.log });
    try {
      const results = variants.map((v): HarNoveltyPrecisionResult => {
        const threshold = quantileThreshold(anomalyScores(v.codec, calibration).scores, q);
        const scores = anomalyScores(v.codec, testWindows).scores;
        const point = operatingPoint(scores, testLabels, threshold);
        return {
          precision: v.id, rocAuc: rocAuc(scores, testLabels), prAuc: prAuc(scores, testLabels), threshold,
          detectionRate: point.detectionRate, falseAlarmRate: point.falseAlarmRate, scores, weightBytes: v.weightBytes,
        };
      });
      const novel = testLabels.reduce((s, y) => s + y, 0);
      folds.push({
        heldOut: name, known, counts: { fit: fit.count, calibration: calibration.count, testKnown: testLabels.length - novel, testNovel: novel },
        fitFiles: split.fitFiles, calibrationFiles: split.calibrationFiles, standardisation: scale.parameters, training, testLabels, results,
      });
    } finally {
      for (const v of variants) v.dispose();
    }
  }
  return { classes: har.classes, sampleRateHz: har.sampleRateHz, windowLength: L, stride, thresholdQuantile: q, testFiles: har.valFiles, folds };
}

/** The training recordings in the order loadHarDataset stored their windows, with each one's window count. */
function trainingRecordings(dir: string, har: HarDataset): RecordingWindows[] {
  const steps = new Map(readHarRecordings(dir).map((r) => [r.file, { label: r.label, steps: r.samples.length / 3 }]));
  const out = har.trainFiles.map((file): RecordingWindows => {
    const r = steps.get(file);
    if (r === undefined) throw new Error(`${WHO}: ${file}, a training recording of loadHarDataset, is not among the recordings of ${dir}`);
    return { file, label: r.label, windows: windowCount(r.steps, har.windowLength, har.stride) };
  });
  const total = out.reduce((s, r) => s + r.windows, 0);
  if (total !== har.train.length) throw new Error(`${WHO}: the training recordings of ${dir} give ${total} windows but loadHarDataset returned ${har.train.length}; cannot tell which window belongs to which recording`);
  return out;
}
