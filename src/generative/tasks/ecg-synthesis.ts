/**
 * Synthesis of normal heartbeats (AAMI class N) from one MIT-BIH record
 * with an unconditional VAE, judged against later real normal beats at
 * every precision (synthesis/evaluate-synthesis.ts: MMD², PSD distance,
 * discriminative score; no TSTR, there is one class).
 *
 * Beats and split are those of the abnormal-beat task
 * (datasets/ecg-beat-task.ts): one window per beat, 1.0 s before to 0.42 s
 * after the R peak at 90 Hz (128 readings, so the previous beat is in the
 * window and the rhythm is part of what is generated), split by time. The
 * normal beats of the first half train; the next 10% pick the epoch
 * (trainVae's validation); the normal beats after that are the held-out
 * set the synthetic beats are judged against — never trained on, and not
 * used to choose the weights either. Abnormal beats are in no set.
 * Windows are standardised with the training beats' statistics; synthetic
 * beats are drawn and compared in that space.
 */
import { join } from 'node:path';
import { Rng } from '../../engine/index.js';
import { readWfdbAnnotations, readWfdbRecord } from '../../data/index.js';
import { sensorVae } from '../../nn/index.js';
import { ecgBeatTask, type EcgBeatTaskOptions } from '../datasets/ecg-beat-task.js';
import { selectWindows } from '../datasets/series-windows.js';
import { codecVariants } from '../precision/codec-variants.js';
import { trainVae } from '../vae/train-vae.js';
import { evaluateSynthesis, examplesPerClass } from '../synthesis/evaluate-synthesis.js';
import type { SynthesisQuality, SynthesisResult } from '../synthesis/synthesis-result.js';
import { checkSynthesisTaskOptions, evaluationOptions, type SynthesisTaskOptions } from '../synthesis/synthesis-task-options.js';

export interface EcgSynthesisOptions extends EcgBeatTaskOptions, SynthesisTaskOptions {
  /** Record name in `dir` (`<record>.hea`, its signal file and `<record>.atr`); default '100'. */
  record?: string;
  /** Default 30. */
  epochs?: number;
}

export interface EcgSynthesisResult extends SynthesisResult {
  /** train: training beats; validation: held-out beats judged against; epochSelection: beats that picked the epoch. */
  counts: { train: number; validation: number; epochSelection: number };
  record: string;
}

export async function runEcgSynthesis(dir: string, o: EcgSynthesisOptions = {}): Promise<EcgSynthesisResult> {
  checkSynthesisTaskOptions('runEcgSynthesis', o);
  const name = o.record ?? '100';
  const header = join(dir, `${name}.hea`);
  // Both readers name the missing file (header, signal file, annotations).
  const record = readWfdbRecord(header);
  const annotations = readWfdbAnnotations(header);
  const task = ecgBeatTask(record, annotations, o);
  const normalTest = [...task.testLabels.keys()].filter((i) => task.testLabels[i] === 0);
  if (normalTest.length === 0) throw new RangeError(`runEcgSynthesis: record ${name} has no normal beats after the training and validation blocks; lower trainFraction or validationFraction`);
  const heldOut = selectWindows(task.test, normalTest);
  const seed = o.seed ?? 1;
  const unlabelled = (count: number) => new Int32Array(count);
  const vae = sensorVae({ inputChannels: task.train.channels, inputLength: task.train.length, width: 16, stages: 3, latent: o.latent ?? 8, seed });
  o.log?.(`training a VAE on ${task.counts.train} normal beats of record ${name} (${task.counts.validation} pick the epoch, ${heldOut.count} held out)`);
  const training = await trainVae(vae, { windows: task.train }, new Rng(seed), { epochs: o.epochs ?? 30, progress: o.progress, label: 'ecg-normal vae' }, { windows: task.validation });
  const variants = await codecVariants(vae, o.precisions ?? ['fp32'], { calibration: task.train, seed, log: o.log });
  let results: SynthesisQuality[];
  try {
    results = await evaluateSynthesis(variants, { windows: task.train, labels: unlabelled(task.train.count) }, { windows: heldOut, labels: unlabelled(heldOut.count) }, evaluationOptions(o, task.sampleRateHz, seed));
  } finally {
    for (const v of variants) v.dispose();
  }
  return {
    task: 'ecg-normal', classes: ['normal'], channels: task.leads, sampleRateHz: task.sampleRateHz, windowLength: task.train.length,
    counts: { train: task.train.count, validation: heldOut.count, epochSelection: task.validation.count },
    training, realExamples: examplesPerClass(heldOut, unlabelled(heldOut.count), 1, 5), results, record: name,
  };
}
