/**
 * Calibration of one lower bit width of a nested model. One float pass runs
 * the fused plan with every group's weights replaced by its master's b-bit
 * slice (hD's msbSlice) times least-squares refit scales (hD's refitScales,
 * falling back to the slice's nominal scale s·2^(8−b)), layer by layer in
 * execution order: on reaching a group, its per-channel output statistics
 * on its actual inputs (the upstream layers already at b bits and
 * corrected) are matched to the float model's (bn-reestimation.ts), and the
 * corrected weights feed the layers after it. The activation ranges are
 * observed in the same pass, so they are those of the b-bit model. What
 * the width adds is O(channels): scales, biases and activation parameters.
 */
import { tidy, type Tensor } from '../../../engine/index.js';
import type { CalibrationMethod } from '../../quantize/calibration/calibrate-range.js';
import { msbSlice, msbSliceScale, refitScales } from '../../quantize/msb-slice.js';
import { groupWeightTensors, PointObservers, type GroupCalibration, type WidthCalibration } from '../calibrate-int8.js';
import type { FoldedWeights } from '../fold-group.js';
import { groupPreActivation, runFloatPass, type GroupWeights } from '../float-pass.js';
import type { PlanNode, WeightedGroup } from '../plan.js';
import type { GroupQuantization } from '../quantize-group-weights.js';
import { applyChannelAffine, momentMatching } from './bn-reestimation.js';
import { channelMoments, type ChannelMoments } from './channel-moments.js';

/** Per-channel moments of the group's output before its activation, over all its input batches. */
export function preActivationMoments(group: WeightedGroup, inputs: readonly Tensor[], weights: GroupWeights): ChannelMoments {
  const ys = inputs.map((x) => tidy(() => groupPreActivation(group, x, weights)));
  try {
    return channelMoments(ys);
  } finally {
    for (const y of ys) y.dispose();
  }
}

/** scale[c] · q for weights with channels on axis 0, float32. */
export function dequantizePerChannel(q: Int8Array, scale: Float32Array): Float32Array {
  const per = q.length / scale.length;
  return Float32Array.from(q, (v, i) => v * scale[Math.floor(i / per)]!);
}

export interface SliceCalibrationInput {
  readonly plan: PlanNode;
  readonly batches: readonly Tensor[];
  readonly folded: ReadonlyMap<string, FoldedWeights>;
  /** The int8 masters. */
  readonly master: ReadonlyMap<string, GroupQuantization>;
  /** Each group's float pre-activation moments (recorded in the int8 calibration pass). */
  readonly floatMoments: ReadonlyMap<string, ChannelMoments>;
  readonly bits: number;
  readonly method: CalibrationMethod;
  /** Restore each group's float output statistics (bn-reestimation.ts); false: refit scales only. */
  readonly reestimate: boolean;
}

function correctGroup(c: SliceCalibrationInput, group: WeightedGroup, inputs: readonly Tensor[]): GroupCalibration {
  const f = c.folded.get(group.path)!;
  const m = c.master.get(group.path)!;
  const values = msbSlice(m.values, c.bits);
  const refit = refitScales(f.weight, values, f.shape, 0, msbSliceScale(m.scale, c.bits));
  if (!c.reestimate) return { values, weightScale: refit, bias: f.bias, blocks: null };
  const sliced = groupWeightTensors(f.shape, dequantizePerChannel(values, refit), f.bias, inputs[0]!);
  const actual = preActivationMoments(group, inputs, sliced);
  sliced.weight.dispose();
  sliced.bias.dispose();
  const affine = momentMatching(c.floatMoments.get(group.path)!, actual, group.batchNorm !== null);
  const corrected = applyChannelAffine(refit, f.bias, affine);
  return { values, weightScale: corrected.weightScale, bias: corrected.bias, blocks: null };
}

export function calibrateSlice(c: SliceCalibrationInput): WidthCalibration {
  const observers = new PointObservers();
  const groups = new Map<string, GroupCalibration>();
  runFloatPass(c.plan, c.batches, {
    groupWeights: (group, inputs) => {
      const g = correctGroup(c, group, inputs);
      groups.set(group.path, g);
      return groupWeightTensors(c.folded.get(group.path)!.shape, dequantizePerChannel(g.values, g.weightScale), g.bias, inputs[0]!);
    },
    observe: (point, values) => observers.observe(point, values),
  });
  return { activations: observers.ranges(c.method), groups };
}
