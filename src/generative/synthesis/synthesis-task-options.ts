/**
 * What every synthesis task (tasks/*-synthesis.ts) takes beyond its data:
 * the VAE's training, the precisions, how its windows are drawn and
 * judged (evaluate-synthesis.ts) and progress. One definition, so
 * `edgewatt generate` passes the same options to any task.
 */
import type { CodecPrecision } from '../precision/codec-variants.js';
import type { EvaluateSynthesisOptions, LatentChoice, NoiseChoice } from './evaluate-synthesis.js';

export interface SynthesisTaskOptions {
  /** VAE training epochs; each task documents its default. */
  epochs?: number;
  /** Latent dimensions; default 8. */
  latent?: number;
  seed?: number;
  /** Default ['fp32']. */
  precisions?: readonly CodecPrecision[];
  /** Epochs of the TSTR/TRTR and discriminative classifiers; default 10. */
  classifierEpochs?: number;
  /** Classifier seeds TSTR and TRTR are averaged over; each task documents its default. */
  classifierSeeds?: number;
  /** Where synthetic windows draw z from; default DEFAULT_LATENTS. */
  latents?: LatentChoice;
  /** The noise added to the decoder's mean; default DEFAULT_NOISE. */
  noise?: NoiseChoice;
  /** Synthetic windows per class kept in each result's `samples` (the draw the metrics scored); none by default. */
  samplesPerClass?: number;
  progress?: boolean;
  log?: (message: string) => void;
}

/** Throws, naming the task, for an option no run could use — before any data is read. */
export function checkSynthesisTaskOptions(who: string, o: SynthesisTaskOptions): void {
  for (const key of ['epochs', 'latent', 'classifierEpochs', 'classifierSeeds', 'samplesPerClass'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new RangeError(`${who}: ${key} must be a positive integer, got ${v}`);
  }
}

/** The evaluateSynthesis options a task passes on: its stream's rate and seed, the caller's choices, the task's defaults under them. */
export function evaluationOptions(o: SynthesisTaskOptions, sampleRateHz: number, seed: number, defaults: { classifierSeeds?: number } = {}): EvaluateSynthesisOptions {
  const classifierSeeds = o.classifierSeeds ?? defaults.classifierSeeds;
  return {
    sampleRateHz, seed,
    ...(o.classifierEpochs !== undefined ? { classifierEpochs: o.classifierEpochs } : {}),
    ...(classifierSeeds !== undefined ? { classifierSeeds } : {}),
    ...(o.latents !== undefined ? { latents: o.latents } : {}),
    ...(o.noise !== undefined ? { noise: o.noise } : {}),
    ...(o.samplesPerClass !== undefined ? { samplesPerClass: o.samplesPerClass } : {}),
    ...(o.log ? { log: o.log } : {}),
  };
}
