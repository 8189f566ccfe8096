/**
 * The nested any-precision model (Yu et al. 2021, "Any-Precision Deep
 * Neural Networks", AAAI; Nair et al. 2025, "Matryoshka Quantization"): one
 * int8 master per layer — the plain int8 model built with the same options —
 * whose int4/int2 versions are its most significant bits, sliced on the fly
 * (msb-sliced-weights.ts). Each lower width adds only O(channels)
 * parameters: refit weight scales, re-estimated BatchNorm statistics in
 * folded form, activation ranges from the b-bit model (calibrate-slice.ts),
 * and the requantization multipliers, shifts and int32 biases they give.
 * `model.setBits(b)` switches every layer at once through one shared
 * PrecisionState; no weight is copied or allocated.
 */
import type { Tensor } from '../../../engine/index.js';
import type { Module } from '../../../nn/index.js';
import { buildQuantizedModel } from '../build-quantized-model.js';
import { calibrateInt8, type WidthCalibration } from '../calibrate-int8.js';
import { weightedGroups, planQuantization } from '../plan.js';
import { PrecisionState } from '../precision-state.js';
import { foldAndQuantize } from '../quantize-group-weights.js';
import type { QuantizedModel } from '../quantized-model.js';
import { checkBatches, checkInputShape, resolveBiasCorrection, resolveCalibration, type CommonQuantizeOptions } from '../quantize-options.js';
import type { ChannelMoments } from './channel-moments.js';
import { calibrateSlice, preActivationMoments } from './calibrate-slice.js';
import { MsbSlicedWeights } from './msb-sliced-weights.js';

export interface NestedModelOptions extends CommonQuantizeOptions {
  /** The weight bit widths, 8 (the master) among them; each an integer from 2 to 8. Default [8, 4, 2]. */
  bits?: readonly number[];
  /**
   * Per lower width, restore every conv/linear output's float per-channel
   * mean and spread (BatchNorm re-estimation in folded form,
   * bn-reestimation.ts); default true. false keeps only the refit scales.
   */
  batchNormReestimation?: boolean;
}

const WHO = 'buildNestedModel';
const MASTER_BITS = 8;

function resolveWidths(bits: unknown): number[] {
  const widths = bits === undefined ? [8, 4, 2] : bits;
  if (!Array.isArray(widths) || !widths.every((b) => Number.isInteger(b) && b >= 2 && b <= MASTER_BITS) || new Set(widths).size !== widths.length) {
    throw new RangeError(`${WHO}: options.bits must list distinct integers from 2 to 8, got ${JSON.stringify(bits)}`);
  }
  if (!widths.includes(MASTER_BITS)) throw new RangeError(`${WHO}: options.bits must include 8, the master the other widths are sliced from; got ${JSON.stringify(bits)}`);
  return [...widths] as number[];
}

/**
 * `floatModel` as a nested QuantizedModel with the widths of `options.bits`,
 * active width 8. At 8 bits it computes exactly what quantizeModel with the
 * same options computes.
 */
export function buildNestedModel(floatModel: Module, calibrationBatches: readonly Tensor[], options: NestedModelOptions): QuantizedModel {
  const inputShape = checkInputShape(options?.inputShape, WHO);
  const plan = planQuantization(floatModel, WHO);
  const widths = resolveWidths(options.bits);
  const method = resolveCalibration(options.calibration, WHO);
  const biasCorrection = resolveBiasCorrection(options.biasCorrection, WHO);
  const batches = checkBatches(calibrationBatches, inputShape, WHO);
  const reestimate = options.batchNormReestimation ?? true;
  if (typeof reestimate !== 'boolean') throw new TypeError(`${WHO}: options.batchNormReestimation must be true or false, got ${JSON.stringify(reestimate)}`);

  const bits = new Map(weightedGroups(plan).map((g) => [g.path, MASTER_BITS]));
  const { folded, quantized } = foldAndQuantize(plan, bits);
  const floatMoments = new Map<string, ChannelMoments>();
  const master = calibrateInt8({
    plan, batches, folded, quantized, method, biasCorrection,
    onGroup: (group, inputs, weights) => floatMoments.set(group.path, preActivationMoments(group, inputs, weights)),
  });
  const calibrations = new Map<number, WidthCalibration>([[MASTER_BITS, master]]);
  for (const b of widths) {
    if (b !== MASTER_BITS) calibrations.set(b, calibrateSlice({ plan, batches, folded, master: quantized, floatMoments, bits: b, method, reestimate }));
  }
  const precision = new PrecisionState(widths, MASTER_BITS);
  return buildQuantizedModel({
    plan,
    info: { source: floatModel.typeName, inputShape, weightBits: bits, precision, calibrations: widths.map((w) => calibrations.get(w)!) },
    calibrations,
    precision,
    weightsOf: (g) => new MsbSlicedWeights(quantized.get(g.path)!.values, folded.get(g.path)!.shape, precision),
  });
}
