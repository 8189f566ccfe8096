/**
 * edgewatt compress/integer: post-training int8 (and int4/int2 weight)
 * quantization to an integer-only model, its QDQ ONNX export, the nested
 * any-precision master, the integer-model file that saves either, and the
 * size account.
 */
export { quantizeModel, type QuantizeModelOptions } from './quantize-model.js';
export { buildNestedModel, type NestedModelOptions } from './nested/build-nested-model.js';
export {
  saveQuantizedModel,
  loadQuantizedModel,
  encodeQuantizedModel,
  decodeQuantizedModel,
  MAX_QUANTIZED_MODEL_BYTES,
} from './model-file/model-file.js';
export { QUANTIZED_MODEL_FORMAT, QUANTIZED_MODEL_VERSION } from './model-file/model-file-schema.js';
export { exportQdqOnnx, exportQdqOnnxModel, type ExportQdqOptions } from './export/export-qdq.js';
export { QuantizedModel, type QuantizedModelInfo } from './quantized-model.js';
export { planQuantization, weightedGroups, type PlanNode, type WeightedGroup, type FusedActivation } from './plan.js';
export { type WeightBits, type CommonQuantizeOptions } from './quantize-options.js';
export type { WidthCalibration, GroupCalibration } from './calibrate-int8.js';
export { PrecisionState, PerWidth, fixedParams, type Switchable } from './precision-state.js';
export { Int8Weights, PackedWeights, storeWeights, type QuantizedWeights } from './quantized-weights.js';
export { MsbSlicedWeights, msbSliceTensor } from './nested/msb-sliced-weights.js';
export { QuantizeInput } from './layers/quantize-input.js';
export { DequantizeOutput } from './layers/dequantize-output.js';
export { QConv } from './layers/qconv.js';
export { QLinear } from './layers/qlinear.js';
export { QResidual } from './layers/qresidual.js';
export { QAvgPool, type PoolParams } from './layers/qavg-pool.js';
export { QMaxPool } from './layers/qmax-pool.js';
export { quantizedAdd, addParams, LEFT_SHIFT, type AddParams } from './layers/quantized-add.js';
export { weightedParams, type WeightedParams, type WeightedParamsInput, type BlockRescale } from './weighted-params.js';
export { quantizeGroupWeights, type GroupQuantization, type ScaleBlocks } from './quantize-group-weights.js';
export { activationQuantFromRange, activationClamp, type ActivationQuant } from './requant-math.js';
export { momentMatching, applyChannelAffine, type ChannelAffine } from './nested/bn-reestimation.js';
export {
  quantizedSize,
  quantizedSizeBytes,
  macsByPrecision,
  CHANNEL_PARAM_BYTES,
  LAYER_PARAM_BYTES,
  ADD_PARAM_BYTES,
  POOL_PARAM_BYTES,
  BOUNDARY_PARAM_BYTES,
  BLOCK_PARAM_BYTES,
  type QuantizedSize,
  type LayerSize,
} from './size-account.js';
