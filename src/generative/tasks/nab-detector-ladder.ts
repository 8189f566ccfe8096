/**
 * The deployable NAB failure detector as a precision ladder: one VAE
 * trained on the normal windows of the stream's leading stretch
 * (datasets/nab-ladder-split.ts), saved at fp32, int8, int4 and mixed
 * precision through precision/detector-ladder.ts — the same code as the
 * ECG detector's ladder — each rung's quality the ROC-AUC of its own
 * reconstruction error on the windows of the rest of the stream, against
 * the labelled anomaly windows. The model, its width and its latent size
 * are those of the cross-fitted task (tasks/nab-anomaly.ts), so the two
 * results describe the same detector, trained on different data.
 *
 * The manifest carries no `sensorInput`: the model's readings are means of
 * `decimation` raw readings, a step the manifest's sensor-input schema
 * (compress/ladder/manifest.ts: windows of consecutive raw readings) cannot
 * state, so a raw stream served as that schema describes would reach the
 * model undecimated.
 */
import { Rng } from '../../engine/index.js';
import type { NabStream } from '../../data/index.js';
import { sensorVae } from '../../nn/index.js';
import type { LadderResult } from '../../compress/index.js';
import { nabLadderSplit, type NabLadderSplit, type NabLadderSplitOptions } from '../datasets/nab-ladder-split.js';
import { buildDetectorLadder } from '../precision/detector-ladder.js';
import { trainVae, type VaeTrainingResult } from '../vae/train-vae.js';

export interface NabDetectorLadderOptions extends NabLadderSplitOptions {
  outDir: string;
  /** Default 2 (as tasks/nab-anomaly.ts). */
  latent?: number;
  /** Default 30. */
  epochs?: number;
  /** Default 1. */
  seed?: number;
  /** Time each rung (buildLadder's latency); default true, tests turn it off. */
  timeLatency?: boolean;
  createdAt?: string;
  progress?: boolean;
  log?: (message: string) => void;
}

export interface NabDetectorLadderResult {
  split: Omit<NabLadderSplit, 'train' | 'validation' | 'test' | 'testLabels' | 'testStarts' | 'series'>;
  /** UTC of the first reading after the training stretch. */
  testFromUtc: string;
  training: VaeTrainingResult;
  ladder: LadderResult;
  /** The manifest's quality.dataset text before the score's description. */
  datasetLabel: string;
}

export async function runNabDetectorLadder(stream: NabStream, o: NabDetectorLadderOptions): Promise<NabDetectorLadderResult> {
  const seed = o.seed ?? 1;
  const rng = new Rng(seed);
  const split = nabLadderSplit(stream, rng, o);
  const { train, validation, test, testLabels, testStarts: _s, series, ...rest } = split;
  const L = split.windowLength;
  const D = split.decimation;
  const t0 = stream.series.timeS[0]!;
  const testFromUtc = utc(t0 + series.timeS[split.trainReadings]!);
  const stepMin = series.stepS / 60;
  const c = split.counts;
  o.log?.(`training the deployable detector on ${c.train} normal windows of the first ${split.trainReadings} readings (${c.validation} held out); scoring ${c.test} windows from ${testFromUtc} on`);
  const vae = sensorVae({ inputChannels: 1, inputLength: L, width: 16, stages: 3, latent: o.latent ?? 2, seed });
  const training = await trainVae(vae, { windows: train }, rng.fork(), { epochs: o.epochs ?? 30, progress: o.progress, label: 'nab detector' }, { windows: validation });
  const datasetLabel =
    `${stream.key}, trained on the normal windows of its first ${+(split.trainFraction * 100).toFixed(2)} % (${split.trainReadings} readings, the mean of ${D} raw readings each, ${fmt(stepMin)} min apart); ` +
    `scored on the rest (from ${testFromUtc}): ${c.test} sliding windows of ${L} readings, one per reading, ${c.testPositive} positive — a window is positive when any of its readings lies in a labelled anomaly window (ends included)`;
  const ladder = await buildDetectorLadder({
    vae, name: 'nab-vae', task: 'nab-anomaly', calibration: train, test: { windows: test, labels: testLabels }, datasetLabel, outDir: o.outDir,
    ...(o.timeLatency !== undefined ? { timeLatency: o.timeLatency } : {}),
    ...(o.createdAt !== undefined ? { createdAt: o.createdAt } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  return { split: rest, testFromUtc, training, ladder, datasetLabel };
}

/** "YYYY-MM-DD HH:MM UTC" of epoch seconds. */
function utc(epochS: number): string {
  const iso = new Date(Math.round(epochS * 1000)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
