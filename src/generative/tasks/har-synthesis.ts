/**
 * Synthesis of activity windows (STM32 HAR accelerometer: running,
 * stationary, walking) with a conditional VAE, judged against held-out real
 * windows at every precision (synthesis/evaluate-synthesis.ts: MMD², PSD
 * distance, discriminative score, TSTR against TRTR).
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
import { codecVariants, type CodecPrecision } from '../precision/codec-variants.js';
import { trainVae } from '../vae/train-vae.js';
import { evaluateSynthesis, examplesPerClass } from '../synthesis/evaluate-synthesis.js';
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
  let results: SynthesisQuality[];
  try {
    results = await evaluateSynthesis(variants, train, val, { sampleRateHz: har.sampleRateHz, seed, ...(o.classifierEpochs !== undefined ? { classifierEpochs: o.classifierEpochs } : {}), ...(o.log ? { log: o.log } : {}) });
  } finally {
    for (const v of variants) v.dispose();
  }
  return {
    task: 'har', classes: har.classes, channels: ['x', 'y', 'z'], sampleRateHz: har.sampleRateHz, windowLength: L,
    counts: { train: train.windows.count, validation: val.windows.count },
    training, realExamples: examplesPerClass(val.windows, val.labels, K, 5), results,
  };
}
