/**
 * Train on Synthetic, Test on Real (Esteban, Hyland & Rätsch 2017,
 * "Real-valued (Medical) Time Series Generation with Recurrent Conditional
 * GANs", arXiv:1706.02633): a class-conditional generator is
 * useful when a classifier trained only on its labelled windows classifies
 * real windows about as well as the same classifier trained on real ones.
 * TSTR is the accuracy of the first on held-out real windows; TRTR (Train
 * on Real, Test on Real) that of the second on the same windows; the gap
 * between them is what the synthetic data cost.
 *
 * Both sides use one recipe — the zoo's cnn1d at width 16 (the size
 * `edgewatt train har` uses for [3, 26] windows), the same epochs, the same
 * seed for the initial weights and the shuffle stream — so only the
 * training data differ. Training runs a fixed number of epochs with no
 * early stopping: choosing the epoch on a validation set drawn from real
 * data would let real data steer the synthetic side, and TSTR would no
 * longer measure the synthetic data alone.
 */
import { perClassScores } from '../../train/index.js';
import { requireInteger } from './argument-checks.js';
import { classifierRecipe, trainAndTestWindowClassifier, type LabelledWindows } from './discriminative-score.js';
import { checkWindowSet, requireSameWindowShape, type WindowSet } from './window-set.js';

export interface TstrOptions {
  /** Labelled synthetic windows: what a class-conditional generator produced, with the class it was asked for. */
  synthetic: WindowSet;
  syntheticLabels: Int32Array;
  /** Real windows for the TRTR baseline; never seen by the TSTR classifier. */
  realTrain: WindowSet;
  realTrainLabels: Int32Array;
  /** Real windows both classifiers are tested on; disjoint from realTrain (and from the generator's training data) for an honest score. */
  realTest: WindowSet;
  realTestLabels: Int32Array;
  numClasses: number;
  /** Initial weights and shuffle stream, the same for both classifiers. */
  seed: number;
  /** Epochs of each classifier; default 10 (DEFAULT_CLASSIFIER_EPOCHS in discriminative-score.ts). */
  epochs?: number;
  /** Progress bars on stderr while training; default false. */
  progress?: boolean;
  /** Total seconds for both trainings, half each so neither side gets more time; default no limit. */
  timeBudgetS?: number;
}

export interface TstrResult {
  /** Accuracy on realTest of the classifier trained on the synthetic windows. */
  tstr: number;
  /** Accuracy on realTest of the same recipe trained on realTrain. */
  trtr: number;
  /** (trtr − tstr) × 100: accuracy points the synthetic data cost; negative when it did better. */
  gapPts: number;
  /** Recall on realTest of each class, for each side: where the synthetic data fall short. */
  perClass: { tstr: number[]; trtr: number[] };
  /** Epochs each classifier trained (fewer than asked when the time budget ran out). */
  epochs: { synthetic: number; real: number };
  stoppedByBudget: boolean;
}

/** A class with fewer windows than this in any set cannot be learnt or scored meaningfully. */
const MIN_WINDOWS_PER_CLASS = 3;
/** cnn1d's default width, the model `edgewatt train har` trains on [3, 26] windows. */
const CLASSIFIER_WIDTH = 16;
const WHO = 'trainOnSyntheticTestOnReal';

export async function trainOnSyntheticTestOnReal(options: TstrOptions): Promise<TstrResult> {
  if (options === null || typeof options !== 'object') throw new TypeError(`${WHO}: options must be an object { synthetic, syntheticLabels, realTrain, realTrainLabels, realTest, realTestLabels, numClasses, seed }`);
  const o = options;
  requireInteger(WHO, 'options.numClasses', o.numClasses, 2);
  checkWindowSet(WHO, 'options.synthetic', o.synthetic);
  checkWindowSet(WHO, 'options.realTrain', o.realTrain);
  checkWindowSet(WHO, 'options.realTest', o.realTest);
  requireSameWindowShape(WHO, 'options.synthetic', o.synthetic, 'options.realTest', o.realTest);
  requireSameWindowShape(WHO, 'options.realTrain', o.realTrain, 'options.realTest', o.realTest);
  checkLabels('synthetic', o.synthetic, o.syntheticLabels, o.numClasses);
  checkLabels('realTrain', o.realTrain, o.realTrainLabels, o.numClasses);
  checkLabels('realTest', o.realTest, o.realTestLabels, o.numClasses);
  const recipe = classifierRecipe(WHO, o, CLASSIFIER_WIDTH, 'tstr');
  const half = recipe.timeBudgetS !== undefined ? { timeBudgetS: recipe.timeBudgetS / 2 } : {};
  const test = labelled(o.realTest, o.realTestLabels);
  const onSynthetic = await trainAndTestWindowClassifier(labelled(o.synthetic, o.syntheticLabels), test, o.numClasses, { ...recipe, ...half, label: 'tstr: train on synthetic' });
  const onReal = await trainAndTestWindowClassifier(labelled(o.realTrain, o.realTrainLabels), test, o.numClasses, { ...recipe, ...half, label: 'trtr: train on real' });
  return {
    tstr: onSynthetic.accuracy,
    trtr: onReal.accuracy,
    gapPts: (onReal.accuracy - onSynthetic.accuracy) * 100,
    perClass: { tstr: perClassScores(onSynthetic.confusion).map((s) => s.recall), trtr: perClassScores(onReal.confusion).map((s) => s.recall) },
    epochs: { synthetic: onSynthetic.epochs, real: onReal.epochs },
    stoppedByBudget: onSynthetic.stoppedByBudget || onReal.stoppedByBudget,
  };
}

/** Throws unless `labels` is an Int32Array with one class in [0, numClasses) per window and every class has enough windows. */
function checkLabels(name: string, set: WindowSet, labels: Int32Array, numClasses: number): void {
  const field = `options.${name}Labels`;
  if (!(labels instanceof Int32Array)) throw new TypeError(`${WHO}: ${field} must be an Int32Array of class indices, one per window of options.${name}`);
  if (labels.length !== set.count) throw new RangeError(`${WHO}: ${field} has ${labels.length} labels but options.${name} has ${set.count} windows; expected one label per window`);
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y < 0 || y >= numClasses) throw new RangeError(`${WHO}: ${field}[${i}] is ${y}; expected a class index in [0, ${numClasses})`);
    counts[y]!++;
  }
  const short = counts.findIndex((c) => c < MIN_WINDOWS_PER_CLASS);
  if (short >= 0) {
    throw new RangeError(`${WHO}: options.${name} has ${counts[short]} windows of class ${short}; need at least ${MIN_WINDOWS_PER_CLASS} of every class (counts per class: ${counts.join(', ')})`);
  }
}

function labelled(set: WindowSet, labels: Int32Array): LabelledWindows {
  // The classifier reads float32; a Float32Array set is used in place (the dataset never writes to it).
  const data = set.data instanceof Float32Array ? set.data : Float32Array.from(set.data);
  return { data, labels, channels: set.channels, length: set.length };
}
