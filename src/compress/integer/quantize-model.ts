/**
 * Post-training quantization to an integer-only model (Jacob et al. 2018;
 * Krishnamoorthi 2018, "Quantizing deep convolutional networks for efficient
 * inference: A whitepaper", arXiv:1806.08342, sec. 3): per-channel symmetric
 * weights (8, 4 or 2 bits), per-tensor asymmetric int8 activations
 * calibrated on data, BatchNorm folded, ReLU fused, optional bias
 * correction. The float model is only read: weights are folded into new
 * arrays and calibration runs the fused plan, not the model.
 *
 *   plan (structure, unsupported layers reported) → fold → quantize weights
 *   → calibrate (one float pass) → build the integer Module tree.
 */
import type { Module } from '../../nn/index.js';
import { buildQuantizedModel } from './build-quantized-model.js';
import { calibrateInt8, type WidthCalibration } from './calibrate-int8.js';
import { planQuantization, weightedGroups } from './plan.js';
import { foldAndQuantize, type GroupQuantization } from './quantize-group-weights.js';
import type { QuantizedModel } from './quantized-model.js';
import { storeWeights } from './quantized-weights.js';
import {
  checkBatches,
  checkInputShape,
  resolveBiasCorrection,
  resolveCalibration,
  resolveGroupSize,
  resolveWeightBits,
  type CommonQuantizeOptions,
  type WeightBits,
} from './quantize-options.js';
import type { Tensor } from '../../engine/index.js';

export interface QuantizeModelOptions extends CommonQuantizeOptions {
  /** Weight bits of every conv/linear layer, or by layer path (unlisted layers: 8); default 8. int4/int2 are stored packed. */
  weightBits?: WeightBits | Readonly<Record<string, WeightBits>>;
  /**
   * One weight scale per output channel and block of `groupSize` input
   * channels (input features of a Linear) instead of one per output channel,
   * for every ungrouped conv and linear layer with more input channels than
   * that (quantize-group-weights.ts); default none.
   */
  groupSize?: number;
  /**
   * A calibration from an earlier build of the same float model with the same
   * weight bits (`model.info.calibrations[0]`): no data is needed and the
   * result is the same integer model, e.g. on another backend.
   */
  calibrated?: WidthCalibration;
}

const WHO = 'quantizeModel';

/** A reused calibration must describe these very integer weights (same float model, weight bits and groupSize). */
function checkCalibrated(c: WidthCalibration, quantized: ReadonlyMap<string, GroupQuantization>): void {
  const stale: string[] = [];
  for (const [path, q] of quantized) {
    const g = c.groups?.get(path);
    if (!g || g.values.length !== q.values.length || g.values.some((v, i) => v !== q.values[i])) stale.push(`"${path}"`);
  }
  if (stale.length > 0) {
    throw new RangeError(`${WHO}: options.calibrated does not match the weights of ${stale.join(', ')}; pass the calibration of a model built from the same float model with the same weightBits and groupSize`);
  }
}

/**
 * `floatModel` as an integer-only QuantizedModel, calibrated on
 * `calibrationBatches` (float32 [N, ...inputShape] each).
 */
export function quantizeModel(floatModel: Module, calibrationBatches: readonly Tensor[], options: QuantizeModelOptions): QuantizedModel {
  const inputShape = checkInputShape(options?.inputShape, WHO);
  const plan = planQuantization(floatModel, WHO);
  const groups = weightedGroups(plan);
  const bits = resolveWeightBits(options.weightBits, groups, WHO);
  const method = resolveCalibration(options.calibration, WHO);
  const biasCorrection = resolveBiasCorrection(options.biasCorrection, WHO);
  const groupSize = resolveGroupSize(options.groupSize, WHO);
  const batches = checkBatches(calibrationBatches, inputShape, WHO, options.calibrated !== undefined);

  const { folded, quantized } = foldAndQuantize(plan, bits, groupSize);
  if (options.calibrated !== undefined) checkCalibrated(options.calibrated, quantized);
  const calibration = options.calibrated ?? calibrateInt8({ plan, batches, folded, quantized, method, biasCorrection });
  return buildQuantizedModel({
    plan,
    info: { source: floatModel.typeName, inputShape, weightBits: bits, precision: null, calibrations: [calibration] },
    calibrations: new Map([[8, calibration]]),
    precision: null,
    weightsOf: (g) => storeWeights(quantized.get(g.path)!.values, folded.get(g.path)!.shape, bits.get(g.path)!),
  });
}
