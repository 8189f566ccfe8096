/**
 * Abnormal-beat detection on an MIT-BIH record with a VAE trained on normal
 * beats only (datasets/ecg-beat-task.ts for the windows and the split by
 * time). Each precision scores the test beats with the same code
 * (anomaly-scores.ts); ROC-AUC and PR-AUC are threshold-free, and the
 * operating point is fixed on normal data alone: the 99th percentile of the
 * validation beats' scores (a 1% false-alarm rate on normal beats by
 * construction), reported as sensitivity and false alarms on the test set.
 *
 * Imputation on the same model: every normal test beat loses one gap of
 * 5–20 readings (55–220 ms at 90 Hz: a dropped BLE packet or two, long
 * enough to swallow a QRS complex), filled by the VAE (imputeWindows) and by
 * linear interpolation; errors in the record's units (mV).
 */
import { Rng } from '../../engine/index.js';
import type { WfdbAnnotation, WfdbRecord } from '../../data/index.js';
import { sensorVae } from '../../nn/index.js';
import { ecgBeatTask, type EcgBeatTask, type EcgBeatTaskOptions } from '../datasets/ecg-beat-task.js';
import { anomalyScores } from '../anomaly/anomaly-scores.js';
import { prAuc, rocAuc } from '../metrics/roc.js';
import { quantileThreshold } from '../metrics/threshold.js';
import { codecVariants, type CodecPrecision, type CodecVariant } from '../precision/codec-variants.js';
import { trainVae, type VaeTrainingResult } from '../vae/train-vae.js';
import { dropoutMask } from '../metrics/dropout-mask.js';
import { maskedErrors, type MaskedErrors } from '../metrics/imputation-error.js';
import { linearInterpolate } from '../metrics/linear-interpolation.js';
import { imputeWindows } from '../imputation/impute-windows.js';
import { selectWindows } from '../datasets/series-windows.js';
import type { WindowSet } from '../metrics/window-set.js';
import type { LadderResult } from '../../compress/index.js';
import { buildDetectorLadder } from '../precision/detector-ladder.js';

export interface EcgAnomalyOptions extends EcgBeatTaskOptions {
  epochs?: number;
  /** Default 8. */
  latent?: number;
  seed?: number;
  precisions?: readonly CodecPrecision[];
  /** Quantile of validation (normal) scores used as the threshold; default 0.99. */
  thresholdQuantile?: number;
  progress?: boolean;
  log?: (message: string) => void;
  /**
   * Also save the trained detector as a precision ladder (detector-ladder.ts)
   * in this folder: fp32, int8, int4 and mixed ONNX files whose quality is
   * the ROC-AUC on these test beats, for `edgewatt run` and the scheduler.
   */
  ladder?: { outDir: string; timeLatency?: boolean; datasetLabel?: string };
}

export interface EcgPrecisionResult {
  precision: CodecPrecision;
  rocAuc: number;
  prAuc: number;
  threshold: number;
  /** Abnormal test beats above the threshold / all abnormal test beats. */
  sensitivity: number;
  /** Normal test beats above the threshold. */
  falseAlarms: number;
  /** Per test beat. */
  scores: Float32Array;
  weightBytes: number;
  variant: Pick<CodecVariant, 'work' | 'bits'>;
  /** VAE imputation of the dropped readings, mV (one lead). */
  imputation: MaskedErrors;
}

export interface EcgAnomalyResult {
  task: Omit<EcgBeatTask, 'train' | 'validation' | 'test'>;
  training: VaeTrainingResult;
  results: EcgPrecisionResult[];
  /** Linear interpolation of the same gaps, mV. */
  linearImputation: MaskedErrors;
  /** The detector ladder, when options.ladder asked for one. */
  ladder: LadderResult | null;
}

export async function runEcgAnomaly(record: WfdbRecord, annotations: readonly WfdbAnnotation[], o: EcgAnomalyOptions = {}): Promise<EcgAnomalyResult> {
  const task = ecgBeatTask(record, annotations, o);
  if (task.counts.testAbnormal === 0 || task.counts.testNormal === 0) {
    throw new RangeError(`runEcgAnomaly: the record has ${task.counts.testAbnormal} abnormal and ${task.counts.testNormal} normal test beats; scoring needs both (check normalSymbols and the fractions)`);
  }
  const seed = o.seed ?? 1;
  const vae = sensorVae({ inputChannels: task.train.channels, inputLength: task.train.length, width: 16, stages: 3, latent: o.latent ?? 8, seed });
  o.log?.(`training a VAE on ${task.counts.train} normal beats (${task.counts.validation} validate)`);
  const training = await trainVae(vae, { windows: task.train }, new Rng(seed), { epochs: o.epochs ?? 30, progress: o.progress, label: 'ecg vae' }, { windows: task.validation });
  const ladder = o.ladder
    ? await buildDetectorLadder({
        vae, name: 'ecg-vae', task: 'ecg-anomaly', calibration: task.train, test: { windows: task.test, labels: task.testLabels },
        datasetLabel: o.ladder.datasetLabel ?? `the test beats: ${task.counts.testNormal} normal, ${task.counts.testAbnormal} abnormal (${task.leads.join(', ')}, ${task.sampleRateHz} Hz)`,
        outDir: o.ladder.outDir, ...(o.ladder.timeLatency !== undefined ? { timeLatency: o.ladder.timeLatency } : {}), ...(o.log ? { log: o.log } : {}),
      })
    : null;
  const variants = await codecVariants(vae, o.precisions ?? ['fp32'], { calibration: task.train, seed, log: o.log });
  const q = o.thresholdQuantile ?? 0.99;
  const normal = normalTestBeats(task);
  const masks = new Uint8Array(normal.data.length);
  const per = normal.channels * normal.length;
  for (let w = 0; w < normal.count; w++) masks.set(dropoutMask(normal.length, normal.channels, { gapLengths: [5, 20], gapCount: 1, seed: seed * 100_003 + w }).mask, w * per);
  const linear = new Float32Array(normal.data.length);
  for (let w = 0; w < normal.count; w++) linear.set(linearInterpolate(Float32Array.from(normal.data.subarray(w * per, (w + 1) * per)), normal.channels, masks.subarray(w * per, (w + 1) * per)), w * per);
  // Back to mV with the lead's training deviation (one lead; with several the errors stay standardised).
  const unit = normal.channels === 1 ? task.standardisation.std[0]! : 1;
  const inMv = (errors: MaskedErrors): MaskedErrors => ({ ...errors, mae: errors.mae * unit, rmse: errors.rmse * unit });
  try {
    const results = variants.map((v): EcgPrecisionResult => {
      const threshold = quantileThreshold(anomalyScores(v.codec, task.validation).scores, q);
      const scores = anomalyScores(v.codec, task.test).scores;
      let hits = 0;
      let falseAlarms = 0;
      scores.forEach((s, i) => {
        if (s > threshold) task.testLabels[i] === 1 ? hits++ : falseAlarms++;
      });
      return {
        precision: v.id,
        rocAuc: rocAuc(scores, task.testLabels),
        prAuc: prAuc(scores, task.testLabels),
        threshold,
        sensitivity: hits / task.counts.testAbnormal,
        falseAlarms,
        scores,
        weightBytes: v.weightBytes,
        variant: { work: v.work, bits: v.bits },
        imputation: inMv(maskedErrors(normal.data, imputeWindows(v.codec, normal, masks), masks)),
      };
    });
    const { train: _t, validation: _v, test: _x, ...rest } = task;
    return { task: rest, training, results, linearImputation: inMv(maskedErrors(normal.data, linear, masks)), ladder };
  } finally {
    for (const v of variants) v.dispose();
  }
}

/** The normal beats of the test set (standardised). */
function normalTestBeats(task: EcgBeatTask): WindowSet {
  return selectWindows(task.test, [...task.testLabels.keys()].filter((i) => task.testLabels[i] === 0));
}
