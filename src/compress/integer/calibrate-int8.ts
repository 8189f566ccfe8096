/**
 * Calibration of the int8 model: one float pass of the fused float model
 * (folded weights, float activations — the float model's own function)
 * over the calibration batches, with
 *  - a histogram observer (hD's HistogramObserver) at every quantization
 *    point, whose clipping range (minmax, percentile, entropy or mse; hD's
 *    calibrateRange) becomes the point's int8 scale and zero point;
 *  - optionally, empirical bias correction of every group (Nagel et al.
 *    2019, "Data-Free Quantization Through Weight Equalization and Bias
 *    Correction", ICCV, sec. 4.2; hD's correctBias): the mean output error
 *    that weight quantization causes, measured on the group's float inputs,
 *    is taken out of the bias.
 * The result is a WidthCalibration: everything of the integer model that
 * depends on data, for one weight precision.
 */
import { tensor, type Tensor } from '../../engine/index.js';
import { correctBias } from '../quantize/bias-correction.js';
import { calibrateRange, type CalibrationMethod } from '../quantize/calibration/calibrate-range.js';
import { HistogramObserver } from '../quantize/calibration/histogram.js';
import { copyWithBias } from '../quantize/weighted-layer.js';
import type { FoldedWeights } from './fold-group.js';
import { runFloatPass, type GroupWeights } from './float-pass.js';
import type { PlanNode, WeightedGroup } from './plan.js';
import type { GroupQuantization, ScaleBlocks } from './quantize-group-weights.js';
import { activationQuantFromRange, type ActivationQuant } from './requant-math.js';

/** The data-dependent part of one weighted group at one precision. */
export interface GroupCalibration {
  /** The integer weights in use. */
  readonly values: Int8Array;
  /** Effective per-channel weight scale: real weight = weightScale[c] · values. */
  readonly weightScale: Float32Array;
  /** The real bias (BatchNorm folded, corrected). */
  readonly bias: Float32Array;
  /** Per-block scales (weightScale then holds each channel's largest), or null. */
  readonly blocks: ScaleBlocks | null;
}

/** Everything of an integer model that depends on calibration, for one weight precision. */
export interface WidthCalibration {
  /** By quantization point (INPUT_POINT, group, residual and average-pool paths). */
  readonly activations: ReadonlyMap<string, ActivationQuant>;
  /** By weighted group path. */
  readonly groups: ReadonlyMap<string, GroupCalibration>;
}

/** Collects each point's values in a histogram; ranges() applies the calibration method. */
export class PointObservers {
  private readonly observers = new Map<string, HistogramObserver>();

  observe(point: string, values: readonly Tensor[]): void {
    let o = this.observers.get(point);
    if (!o) this.observers.set(point, (o = new HistogramObserver()));
    for (const v of values) o.observe(v.toArray());
  }

  ranges(method: CalibrationMethod): Map<string, ActivationQuant> {
    const out = new Map<string, ActivationQuant>();
    for (const [point, o] of this.observers) {
      const { min, max } = calibrateRange(o.histogram(), method);
      out.set(point, activationQuantFromRange(min, max));
    }
    return out;
  }
}

/** float32 tensors of a group's weight and bias, on the backend of `like`. */
export function groupWeightTensors(shape: readonly number[], weight: Float32Array, bias: ArrayLike<number>, like: Tensor): GroupWeights {
  return {
    weight: tensor(weight, [...shape], 'float32', like.backend),
    bias: tensor(Float32Array.from(bias), [shape[0]!], 'float32', like.backend),
  };
}

/** b − E[(W_q − W)·x] on the group's float inputs, through a float copy of the layer holding the folded weights. */
function correctedBias(group: WeightedGroup, folded: FoldedWeights, q: GroupQuantization, inputs: readonly Tensor[]): Float32Array {
  const copy = copyWithBias(group.layer);
  try {
    copy.weight.view().set(folded.weight);
    copy.bias!.view().set(folded.bias);
    return correctBias(copy, q.dequantized, inputs);
  } finally {
    copy.dispose();
  }
}

export interface Int8CalibrationInput {
  readonly plan: PlanNode;
  readonly batches: readonly Tensor[];
  readonly folded: ReadonlyMap<string, FoldedWeights>;
  readonly quantized: ReadonlyMap<string, GroupQuantization>;
  readonly method: CalibrationMethod;
  readonly biasCorrection: boolean;
  /** Sees each group's float inputs and weights during the pass (the nested model records float statistics here). */
  readonly onGroup?: (group: WeightedGroup, inputs: readonly Tensor[], weights: GroupWeights) => void;
}

export function calibrateInt8(c: Int8CalibrationInput): WidthCalibration {
  const observers = new PointObservers();
  const groups = new Map<string, GroupCalibration>();
  runFloatPass(c.plan, c.batches, {
    groupWeights: (group, inputs) => {
      const folded = c.folded.get(group.path)!;
      const q = c.quantized.get(group.path)!;
      const bias = c.biasCorrection ? correctedBias(group, folded, q, inputs) : folded.bias;
      groups.set(group.path, { values: q.values, weightScale: q.scale, bias, blocks: q.blocks });
      const weights = groupWeightTensors(folded.shape, folded.weight, folded.bias, inputs[0]!);
      c.onGroup?.(group, inputs, weights);
      return weights;
    },
    observe: (point, values) => observers.observe(point, values),
  });
  return { activations: observers.ranges(c.method), groups };
}
