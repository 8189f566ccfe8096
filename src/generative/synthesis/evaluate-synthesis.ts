/**
 * The quality of a generator's windows at every precision of its codec
 * ladder, judged against real held-out windows the generator never saw:
 *
 *   MMD²     RBF kernel, median heuristic (Gretton et al. 2012)
 *   PSD      mean |Δ log10 PSD| per channel (Welch)
 *   disc.    held-out accuracy of a CNN telling real from synthetic (0.5 best; TimeGAN)
 *   TSTR     accuracy on the real held-out windows of a CNN trained on
 *            synthetic windows, against the same CNN trained on the real
 *            training windows (TRTR); only for class-conditional models
 *
 * As many synthetic windows per class as the training set has windows per
 * class (so TSTR's classifier sees as much data as TRTR's), drawn with the
 * per-channel residual noise of the variant's own reconstructions
 * (residualStd). Every precision draws with the same seed.
 */
import type { WindowSet } from '../metrics/window-set.js';
import { rbfMmd2 } from '../metrics/mmd.js';
import { psdDistance } from '../metrics/psd.js';
import { discriminativeScore } from '../metrics/discriminative-score.js';
import { trainOnSyntheticTestOnReal } from '../metrics/tstr.js';
import type { CodecVariant } from '../precision/codec-variants.js';
import { residualStd } from './residual-std.js';
import { sampleWindows } from './sample-windows.js';
import type { SynthesisQuality } from './synthesis-result.js';

/** Real windows with their class labels (all 0 for an unconditional model). */
export interface LabelledWindowSet {
  windows: WindowSet;
  labels: Int32Array;
}

export interface EvaluateSynthesisOptions {
  sampleRateHz: number;
  seed: number;
  /** Epochs of the TSTR/TRTR and discriminative classifiers; default 10. */
  classifierEpochs?: number;
  /** Windows per set behind MMD² (a random subset above it; the kernel matrix is quadratic); default 1000. */
  maxMmdWindows?: number;
  /** Synthetic windows kept per class for plots; default 5. */
  examplesPerClass?: number;
  log?: (message: string) => void;
}

export async function evaluateSynthesis(variants: readonly CodecVariant[], train: LabelledWindowSet, heldOut: LabelledWindowSet, o: EvaluateSynthesisOptions): Promise<SynthesisQuality[]> {
  const shape = [train.windows.channels, train.windows.length] as const;
  const results: SynthesisQuality[] = [];
  for (const v of variants) {
    const K = Math.max(1, v.codec.classes);
    const perClass = Math.ceil(train.windows.count / K);
    o.log?.(`${v.id}: sampling ${perClass} windows${K > 1 ? ' per class' : ''} and scoring them`);
    const noise = residualStd(v.codec, train.windows, v.codec.classes > 0 ? train.labels : undefined);
    const synthetic = sampleWindows(v.codec, perClass, shape, o.seed + 7, noise);
    const mmd = rbfMmd2(heldOut.windows, synthetic.windows, { maxWindows: o.maxMmdWindows ?? 1000, seed: o.seed });
    const psd = psdDistance(heldOut.windows, synthetic.windows, { sampleRateHz: o.sampleRateHz });
    const disc = await discriminativeScore(heldOut.windows, synthetic.windows, { seed: o.seed, ...(o.classifierEpochs !== undefined ? { epochs: o.classifierEpochs } : {}) });
    const tstr = K > 1
      ? await trainOnSyntheticTestOnReal({
          synthetic: synthetic.windows, syntheticLabels: synthetic.labels,
          realTrain: train.windows, realTrainLabels: train.labels,
          realTest: heldOut.windows, realTestLabels: heldOut.labels,
          numClasses: K, seed: o.seed, ...(o.classifierEpochs !== undefined ? { epochs: o.classifierEpochs } : {}),
        })
      : null;
    results.push({
      precision: v.id, mmd2: mmd.mmd2, psdDistance: psd.distance, discriminativeAccuracy: disc.accuracy,
      tstr: tstr?.tstr ?? null, trtr: tstr?.trtr ?? null, tstrGapPts: tstr?.gapPts ?? null, weightBytes: v.weightBytes,
      variant: { work: v.work, bits: v.bits },
      examples: examplesPerClass(synthetic.windows, synthetic.labels, K, o.examplesPerClass ?? 5),
    });
  }
  return results;
}

/** Up to `n` windows of each class, evenly spaced through the set. */
export function examplesPerClass(set: WindowSet, labels: Int32Array, classes: number, n: number): Float32Array[][] {
  const per = set.channels * set.length;
  return Array.from({ length: classes }, (_, k) => {
    const idx = [...labels.keys()].filter((i) => labels[i] === k);
    const step = Math.max(1, Math.floor(idx.length / n));
    return idx.filter((_, j) => j % step === 0).slice(0, n).map((i) => Float32Array.from(set.data.subarray(i * per, (i + 1) * per)));
  });
}
