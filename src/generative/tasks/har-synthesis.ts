/**
 * Synthesis of activity windows (STM32 HAR accelerometer: running,
 * stationary, walking) with a conditional VAE, judged against held-out real
 * windows at every precision:
 *
 *   MMD²     RBF kernel, median heuristic (Gretton et al. 2012), per class and pooled
 *   PSD      mean |Δ log10 PSD| per axis (Welch)
 *   disc.    held-out accuracy of a CNN telling real from synthetic (0.5 best; TimeGAN)
 *   TSTR     accuracy on real validation windows of a CNN trained on synthetic
 *            windows, against the same CNN trained on real training windows (TRTR)
 *
 * Windows are 32 readings (1.23 s at 26 Hz, 50% overlap): the VAE halves
 * the length three times, so a multiple of 8 close to the 1 s the
 * classifiers use. The real sets are the recording-level split of
 * loadHarDataset (no recording in both), standardised per axis with the
 * training statistics; synthetic windows are drawn in that standardised
 * space and compared there.
 */
import { Rng } from '../../engine/index.js';
import { loadHarDataset } from '../../data/index.js';
import { sensorVae } from '../../nn/index.js';
import { datasetWindows } from '../datasets/dataset-windows.js';
import { rbfMmd2 } from '../metrics/mmd.js';
import { psdDistance } from '../metrics/psd.js';
import { discriminativeScore } from '../metrics/discriminative-score.js';
import { trainOnSyntheticTestOnReal } from '../metrics/tstr.js';
import type { WindowSet } from '../metrics/window-set.js';
import { codecVariants, type CodecPrecision } from '../precision/codec-variants.js';
import { sampleWindows } from '../synthesis/sample-windows.js';
import { residualStd } from '../synthesis/residual-std.js';
import { trainVae } from '../vae/train-vae.js';
import type { SynthesisQuality, SynthesisResult } from '../synthesis/synthesis-result.js';

export interface HarSynthesisOptions {
  /** Default 32. */
  windowLength?: number;
  epochs?: number;
  /** Default 8. */
  latent?: number;
  seed?: number;
  precisions?: readonly CodecPrecision[];
  /** Epochs of the TSTR/TRTR and discriminative classifiers; default 10. */
  classifierEpochs?: number;
  progress?: boolean;
  log?: (message: string) => void;
}

export async function runHarSynthesis(dir: string, o: HarSynthesisOptions = {}): Promise<SynthesisResult> {
  const L = o.windowLength ?? 32;
  const seed = o.seed ?? 1;
  const har = loadHarDataset(dir, { windowLength: L, stride: L / 2 });
  const train = datasetWindows(har.train);
  const val = datasetWindows(har.val);
  const K = har.classes.length;
  const vae = sensorVae({ inputChannels: 3, inputLength: L, width: 16, stages: 3, latent: o.latent ?? 8, classes: K, seed });
  o.log?.(`training a conditional VAE on ${train.windows.count} windows of ${K} activities`);
  const training = await trainVae(vae, train, new Rng(seed), { epochs: o.epochs ?? 40, progress: o.progress, label: 'har cvae' }, val);
  const variants = await codecVariants(vae, o.precisions ?? ['fp32'], { calibration: train.windows, labels: train.labels, seed, log: o.log });
  const perClass = Math.ceil(train.windows.count / K);
  const results: SynthesisQuality[] = [];
  try {
    for (const v of variants) {
      o.log?.(`${v.id}: sampling ${perClass} windows per activity and scoring them`);
      const noise = residualStd(v.codec, train.windows, train.labels);
      const synthetic = sampleWindows(v.codec, perClass, [3, L], seed + 7, noise);
      const mmd = rbfMmd2(val.windows, synthetic.windows, { maxWindows: 1000, seed });
      const psd = psdDistance(val.windows, synthetic.windows, { sampleRateHz: har.sampleRateHz });
      const disc = await discriminativeScore(val.windows, synthetic.windows, { seed, epochs: o.classifierEpochs });
      const tstr = await trainOnSyntheticTestOnReal({
        synthetic: synthetic.windows, syntheticLabels: synthetic.labels,
        realTrain: train.windows, realTrainLabels: train.labels,
        realTest: val.windows, realTestLabels: val.labels,
        numClasses: K, seed, epochs: o.classifierEpochs,
      });
      results.push({
        precision: v.id, mmd2: mmd.mmd2, psdDistance: psd.distance, discriminativeAccuracy: disc.accuracy,
        tstr: tstr.tstr, trtr: tstr.trtr, tstrGapPts: tstr.gapPts, weightBytes: v.weightBytes,
        variant: { work: v.work, bits: v.bits },
        examples: examplesPerClass(synthetic.windows, synthetic.labels, K, 5),
      });
    }
  } finally {
    for (const v of variants) v.dispose();
  }
  return {
    task: 'har', classes: har.classes, channels: ['x', 'y', 'z'], sampleRateHz: har.sampleRateHz, windowLength: L,
    counts: { train: train.windows.count, validation: val.windows.count },
    training, realExamples: examplesPerClass(val.windows, val.labels, K, 5), results,
  };
}

/** The first `n` windows of each class, evenly spaced through the set. */
export function examplesPerClass(set: WindowSet, labels: Int32Array, classes: number, n: number): Float32Array[][] {
  const per = set.channels * set.length;
  return Array.from({ length: classes }, (_, k) => {
    const idx = [...labels.keys()].filter((i) => labels[i] === k);
    const step = Math.max(1, Math.floor(idx.length / n));
    return idx.filter((_, j) => j % step === 0).slice(0, n).map((i) => Float32Array.from(set.data.subarray(i * per, (i + 1) * per)));
  });
}
