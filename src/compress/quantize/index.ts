/**
 * edgewatt/compress quantize: quantization maths over typed arrays and the
 * float-side model transforms built on it (calibration, BatchNorm folding,
 * fake quantization and QAT, bias correction, sub-byte packing, grouped
 * scales, MSB slicing for nested precision).
 */
export { roundHalfEven } from './round-half-even.js';
export {
  asymmetricFromRange,
  checkQuantParams,
  dequantizeArray,
  integerRange,
  MAX_BITS,
  MIN_BITS,
  MIN_SCALE,
  quantizeArray,
  representableRange,
  symmetricPerChannel,
  symmetricRange,
  type QuantizedArray,
  type QuantParams,
} from './qparams.js';
export { DEFAULT_HISTOGRAM_BINS, HistogramObserver, type Histogram } from './calibration/histogram.js';
export { quantile, magnitudeHistogram, type ClipRange } from './calibration/histogram-density.js';
export { calibratePercentile, DEFAULT_PERCENTILE } from './calibration/percentile.js';
export { calibrateEntropy, DEFAULT_ENTROPY_LEVELS, type EntropyOptions } from './calibration/entropy.js';
export { calibrateMse, type MseOptions } from './calibration/mse.js';
export { CALIBRATION_METHODS, calibrateMinMax, calibrateRange, type CalibrationMethod, type CalibrationMethodName } from './calibration/calibrate-range.js';
export {
  calibrateActivations,
  INPUT_KEY,
  observeActivations,
  type ArrayBatch,
  type CalibrateActivationsOptions,
  type CalibrationBatch,
  type ObserveOptions,
} from './calibration/calibrate-activations.js';
export { copyWithBias, forwardWithWeight, isWeightedLayer, outChannelsOf, type WeightedLayer } from './weighted-layer.js';
export { foldBatchNorm, foldBatchNormParams, type BatchNormStatistics, type FoldedPair, type FoldReport } from './fold-batch-norm.js';
export { fakeQuantize, type FakeQuantParams } from './fake-quant.js';
export { DEFAULT_EMA_DECAY, EmaRange } from './ema-range.js';
export { FakeQuantizedActivation, FakeQuantizedLayer, OutputQuantizer } from './fake-quantized-modules.js';
export { prepareQat, stripQat, type QatLayerInfo, type QatModel, type QatOptions } from './prepare-qat.js';
export { correctBias, expectedOutputError } from './bias-correction.js';
export { packedBytes, packInt2, packInt4, unpackInt2, unpackInt4 } from './packing.js';
export { dequantizeGrouped, quantizeGrouped, type GroupedQuantization } from './quantize-grouped.js';
export { msbSlice, msbSliceScale, refitScales } from './msb-slice.js';
