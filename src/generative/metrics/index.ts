/**
 * Quality metrics of the generative part: how close synthetic sensor windows
 * are to real ones (MMD, spectra), how well anomaly scores rank and alarm
 * (ROC/PR AUC, thresholds from normal data, NAB-style event scoring), and how
 * well imputations recover dropped samples, and how useful synthetic windows
 * are to a classifier (discriminative score, TSTR). Pure functions over typed
 * arrays, except those two, which train small classifiers on the engine.
 */
export type { NumericArray } from './argument-checks.js';
export { checkWindowSet, requireSameWindowShape, windowSet, type WindowSet } from './window-set.js';
export { rbfMmd2, type MmdOptions, type MmdResult } from './mmd.js';
export {
  meanWindowPsd,
  psdDistance,
  welchPsd,
  type PowerSpectrum,
  type PsdDistance,
  type PsdDistanceOptions,
  type WelchOptions,
  type WindowSetSpectrum,
} from './psd.js';
export { prAuc, rocAuc, rocCurve, type RocPoint } from './roc.js';
export { MAD_NORMAL_CONSISTENCY, madThreshold, quantileThreshold } from './threshold.js';
export { scoreDetections, type DetectionOptions, type DetectionReport, type LabelledWindow } from './nab-detections.js';
export { maskedErrors, type MaskedErrors } from './imputation-error.js';
export { dropoutMask, type DropoutGap, type DropoutMask, type DropoutOptions } from './dropout-mask.js';
export { linearInterpolate } from './linear-interpolation.js';
export { DEFAULT_CLASSIFIER_EPOCHS, discriminativeScore, type DiscriminativeScore, type DiscriminativeScoreOptions } from './discriminative-score.js';
export { trainOnSyntheticTestOnReal, type TstrOptions, type TstrResult } from './tstr.js';
