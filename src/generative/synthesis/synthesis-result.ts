/**
 * What a synthesis task reports, whatever the stream (HAR activities, normal
 * ECG beats, machine-temperature regimes): the real windows it was judged
 * against, and per precision of the codec ladder the quality of its
 * synthetic windows. `edgewatt generate` and bench:generative read only
 * this shape, so a new synthesis task is one function returning it.
 *
 * Windows are compared in the task's standardised space (training
 * statistics); `channels` names them in the model's channel order.
 */
import type { CodecPrecision, CodecVariant } from '../precision/codec-variants.js';
import type { VaeTrainingResult } from '../vae/train-vae.js';

export interface SynthesisQuality {
  precision: CodecPrecision;
  /** Squared MMD, RBF kernel with the median heuristic (0 best). */
  mmd2: number;
  /** Mean |Δ log10 PSD| per channel (Welch; 0 best). */
  psdDistance: number;
  /** Held-out accuracy of a classifier telling real from synthetic (0.5 best). */
  discriminativeAccuracy: number;
  /** Train-on-synthetic accuracy on real held-out windows (mean over classifier seeds); null for a task with one class. */
  tstr: number | null;
  /** The same classifier trained on real windows; null for a task with one class. */
  trtr: number | null;
  /** (TRTR − TSTR) in accuracy points; null for a task with one class. */
  tstrGapPts: number | null;
  /** TSTR and TRTR of each classifier seed, when more than one was run (tstr and trtr are their means). */
  tstrRuns?: TstrRun[];
  weightBytes: number;
  /** Float32 bytes the sampler keeps beside the decoder (latent density, noise σ and ρ); 0 for the prior without noise. */
  samplerBytes?: number;
  variant: Pick<CodecVariant, 'work' | 'bits'>;
  /** A few synthetic windows per class for plots: [class][window] → [C·L] standardised. */
  examples: Float32Array[][];
  /**
   * Synthetic windows kept for use outside the evaluation (augmentation,
   * `edgewatt generate --samples`): up to `samplesPerClass` of each class,
   * evenly spaced through the very windows the metrics above were computed
   * on (fewer when the draw holds fewer), [class][window] → [C·L]
   * standardised. Present only when EvaluateSynthesisOptions.samplesPerClass
   * asked for them.
   */
  samples?: Float32Array[][];
}

/** One classifier seed's TSTR and TRTR. */
export interface TstrRun {
  seed: number;
  tstr: number;
  trtr: number;
}

export interface SynthesisResult {
  /** 'har', 'ecg-normal', 'machine-temperature'. */
  task: string;
  /** Class (activity, regime) names in label order; one entry for an unconditional model. */
  classes: string[];
  /** Channel names in the model's order ('x', 'MLII', 'temperature'). */
  channels: string[];
  sampleRateHz: number;
  windowLength: number;
  counts: { train: number; validation: number };
  training: VaeTrainingResult;
  /** A few real held-out windows per class, for plots. */
  realExamples: Float32Array[][];
  results: SynthesisQuality[];
}
