/**
 * Synthesis of machine-temperature windows per operating regime (NAB
 * realKnownCause/machine_temperature_system_failure.csv) with a conditional
 * VAE, judged against later real windows at every precision
 * (synthesis/evaluate-synthesis.ts: MMD², PSD distance, discriminative score,
 * TSTR against TRTR).
 *
 * Windows. The 5-min readings are decimated to 20-min means, as the
 * failure-detection task does (nab-anomaly.ts), and cut into windows of 72
 * readings — one day, so a window holds one daily cycle; a multiple of 8,
 * as the VAE halves the length three times — every 4 readings (80 min).
 * A window touching a labelled anomaly window (combined_windows.json) is
 * used nowhere: those are the failures, not operating states.
 *
 * Split by time, no window across a boundary: the first 60% of the
 * readings train, the next 10% pick the epoch (trainVae's validation), the
 * last 30% are the held-out windows the synthetic ones are judged against
 * (late January to mid-February 2014, never seen in training).
 *
 * Regimes (datasets/temperature-regimes.ts): the levels the machine runs
 * at, from optimal 1-D k-means (k = 3 by default) on the training windows'
 * means, each window labelled by the nearest centroid, boundaries fixed on
 * training data. On this stream they are a low level (partial shut-downs,
 * cooling and recovery; centroid ≈ 78), the usual running level (≈ 88) and
 * a hot one (≈ 97, e.g. mid-December and February). A regime with fewer
 * than `minWindows` training or held-out windows is merged into its nearer
 * neighbour; if one regime is left the model is an unconditional VAE on
 * the normal windows (class 'normal', no TSTR) and the log says so.
 *
 * Windows are standardised with the training windows' mean and deviation;
 * synthetic windows are drawn and compared in that space.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../engine/index.js';
import { readNabStream } from '../../data/index.js';
import { sensorVae } from '../../nn/index.js';
import { decimateSeries, windowsAt } from '../datasets/series-windows.js';
import { standardiseWindows } from '../datasets/standardise.js';
import { countPerRegime, levelRegimes, regimeLabels, regimeNames, windowMeans } from '../datasets/temperature-regimes.js';
import { codecVariants } from '../precision/codec-variants.js';
import { trainVae } from '../vae/train-vae.js';
import { evaluateSynthesis, examplesPerClass } from '../synthesis/evaluate-synthesis.js';
import type { SynthesisQuality, SynthesisResult } from '../synthesis/synthesis-result.js';
import { checkSynthesisTaskOptions, evaluationOptions, type SynthesisTaskOptions } from '../synthesis/synthesis-task-options.js';

export const MACHINE_TEMPERATURE_FILE = 'machine_temperature_system_failure.csv';

export interface MachineTempSynthesisOptions extends SynthesisTaskOptions {
  /** Readings averaged into one; default 4 (5 min → 20 min). */
  decimation?: number;
  /** Readings per window after decimation, a multiple of 8; default 72 (one day at 20 min). */
  windowLength?: number;
  /** Readings between window starts; default 4 (80 min). */
  stride?: number;
  /** Default 0.6. */
  trainFraction?: number;
  /** Readings after the training block that pick the epoch; default 0.1. The rest is held out. */
  validationFraction?: number;
  /** Regimes k-means looks for; default 3. */
  regimes?: number;
  /** Fewest training and held-out windows a regime needs before it is merged; default 3. */
  minWindows?: number;
  /** Default 40. */
  epochs?: number;
}

export interface MachineTempSynthesisResult extends SynthesisResult {
  /** train: training windows; validation: held-out windows judged against; epochSelection: windows that picked the epoch. */
  counts: { train: number; validation: number; epochSelection: number };
  regimes: {
    /** How the classes were defined, in words. */
    definition: string;
    /** Mean level of each regime's training windows (the stream's units), in class order. */
    centroids: number[];
    /** Boundaries between adjacent regimes (midpoints of the centroids). */
    thresholds: number[];
    /** Regimes merged into a neighbour for want of windows. */
    merged: number;
    /** Windows per regime in each split. */
    counts: { train: number[]; epochSelection: number[]; heldOut: number[] };
  };
}

export async function runMachineTempSynthesis(dir: string, o: MachineTempSynthesisOptions = {}): Promise<MachineTempSynthesisResult> {
  const who = 'runMachineTempSynthesis';
  checkSynthesisTaskOptions(who, o);
  for (const file of [MACHINE_TEMPERATURE_FILE, 'combined_windows.json']) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`${who}: ${path} not found (expected NAB's ${MACHINE_TEMPERATURE_FILE} and its labels combined_windows.json in ${dir})`);
  }
  const factor = o.decimation ?? 4;
  const L = o.windowLength ?? 72;
  const stride = o.stride ?? 4;
  const trainFraction = o.trainFraction ?? 0.6;
  const validationFraction = o.validationFraction ?? 0.1;
  const seed = o.seed ?? 1;
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`${who}: options.stride must be an integer >= 1, got ${stride}`);
  if (!(trainFraction > 0 && validationFraction > 0 && trainFraction + validationFraction < 1)) {
    throw new RangeError(`${who}: need trainFraction > 0, validationFraction > 0 and their sum < 1, got ${trainFraction} and ${validationFraction}`);
  }
  const stream = readNabStream(dir, MACHINE_TEMPERATURE_FILE);
  const values = decimateSeries(stream.series.values, factor);
  const n = values.length;
  const labelled = new Uint8Array(n);
  for (const w of stream.windows) if (w.firstIndex >= 0) labelled.fill(1, Math.floor(w.firstIndex / factor), Math.min(n, Math.floor(w.lastIndex / factor) + 1));
  const trainEnd = Math.floor(trainFraction * n);
  const valEnd = Math.floor((trainFraction + validationFraction) * n);
  const starts = (from: number, to: number): number[] => {
    const out: number[] = [];
    for (let a = from; a + L <= to; a += stride) if (!labelled.subarray(a, a + L).includes(1)) out.push(a);
    return out;
  };
  const raw = { train: windowsAt(values, starts(0, trainEnd), L), selection: windowsAt(values, starts(trainEnd, valEnd), L), heldOut: windowsAt(values, starts(valEnd, n), L) };
  for (const [split, set] of Object.entries(raw)) {
    if (set.count === 0) throw new RangeError(`${who}: the ${split} block holds no window of ${L} readings clear of the labelled windows; change the fractions or the window length`);
  }
  const found = levelRegimes(windowMeans(raw.train), [windowMeans(raw.heldOut)], { regimes: o.regimes ?? 3, ...(o.minWindows !== undefined ? { minWindows: o.minWindows } : {}) });
  const K = found.centroids.length;
  const labels = { train: found.labels.train, selection: regimeLabels(windowMeans(raw.selection), found.thresholds), heldOut: found.labels.others[0]! };
  const classes = regimeNames(K);
  if (K === 1) o.log?.(`no regime split has ${o.minWindows ?? 3} training and held-out windows in every regime; falling back to an unconditional VAE on the normal windows`);
  const standardiser = standardiseWindows(raw.train);
  const train = { windows: standardiser.apply(raw.train), labels: labels.train };
  const selection = { windows: standardiser.apply(raw.selection), labels: labels.selection };
  const heldOut = { windows: standardiser.apply(raw.heldOut), labels: labels.heldOut };
  const vae = sensorVae({ inputChannels: 1, inputLength: L, width: 16, stages: 3, latent: o.latent ?? 8, classes: K > 1 ? K : 0, seed });
  o.log?.(`training a ${K > 1 ? `conditional VAE on ${K} regimes (${classes.join(', ')})` : 'VAE'} with ${train.windows.count} windows`);
  // An unconditional model takes no labels (the all-zero ones still go to evaluateSynthesis, which groups by them).
  const forModel = (set: typeof train) => (K > 1 ? set : { windows: set.windows });
  const training = await trainVae(vae, forModel(train), new Rng(seed), { epochs: o.epochs ?? 40, progress: o.progress, label: 'machine-temperature vae' }, forModel(selection));
  const variants = await codecVariants(vae, o.precisions ?? ['fp32'], { calibration: train.windows, ...(K > 1 ? { labels: train.labels } : {}), seed, log: o.log });
  const sampleRateHz = 1 / (stream.series.medianStepS * factor);
  let results: SynthesisQuality[];
  try {
    results = await evaluateSynthesis(variants, train, heldOut, evaluationOptions(o, sampleRateHz, seed));
  } finally {
    for (const v of variants) v.dispose();
  }
  return {
    task: 'machine-temperature', classes, channels: ['temperature'], sampleRateHz, windowLength: L,
    counts: { train: train.windows.count, validation: heldOut.windows.count, epochSelection: selection.windows.count },
    training, realExamples: examplesPerClass(heldOut.windows, heldOut.labels, K, 5), results,
    regimes: {
      definition: `optimal 1-D k-means (k = ${o.regimes ?? 3}) on the means of the training windows, nearest centroid${found.merged > 0 ? `, ${found.merged} merged for want of windows` : ''}`,
      centroids: found.centroids, thresholds: found.thresholds, merged: found.merged,
      counts: { train: countPerRegime(labels.train, K), epochSelection: countPerRegime(labels.selection, K), heldOut: countPerRegime(labels.heldOut, K) },
    },
  };
}
