/**
 * The requantization parameters of one quantized convolution or linear
 * layer at one precision: everything but the integer weights. Built from
 * the real-valued quantities (scales, float bias) by the pure functions of
 * requant-math.ts; the int32 bias lives in a tensor because the
 * requantize primitive takes it as an input.
 */
import { tensor, type Tensor } from '../../engine/index.js';
import type { FusedActivation } from './plan.js';
import type { ScaleBlocks } from './quantize-group-weights.js';
import {
  activationClamp,
  blockRowSums,
  blockwiseBias,
  fixedPointMultipliers,
  foldInputZeroPoint,
  quantizeBias,
  requantScales,
  weightRowSums,
  type ActivationQuant,
  type ChannelMultipliers,
} from './requant-math.js';

/** How a blockwise layer rescales each block's int32 sum to its channel's largest block scale. */
export interface BlockRescale {
  readonly blocks: ScaleBlocks;
  /** Per block k: the Q31 multipliers and shifts of s_c,k / S_c, one per output channel. */
  readonly perBlock: readonly ChannelMultipliers[];
}

export interface WeightedParams {
  readonly input: ActivationQuant;
  readonly output: ActivationQuant;
  /** Per output channel, float32: real weight = weightScale[c] · q. */
  readonly weightScale: Float32Array;
  /** int32 [C]: round(b / (s_x·s_w)) − z_x·Σ q_w (requant-math.ts), what the requantize step adds. */
  readonly bias: Tensor;
  /** round(b / (s_x·s_w)): the bias on the accumulator grid without the zero-point term, as QDQ files carry it. */
  readonly biasQ: Int32Array;
  /** Blockwise weights: each block's sum is rescaled before the channel's (null: per channel). */
  readonly blockRescale: BlockRescale | null;
  readonly multiplier: readonly number[];
  readonly shift: readonly number[];
  /** The fused activation and the clamp it becomes. */
  readonly activation: FusedActivation;
  readonly min: number;
  readonly max: number;
}

export interface WeightedParamsInput {
  readonly input: ActivationQuant;
  readonly output: ActivationQuant;
  readonly weightScale: Float32Array;
  /** The real bias per output channel (BatchNorm folded, corrected). */
  readonly bias: ArrayLike<number>;
  /** The integer weights the layer will run with, channels on axis 0. */
  readonly weights: Int8Array;
  readonly activation: FusedActivation;
  /** Block scales (weightScale then holds each channel's largest), or null for per-channel weights. */
  readonly blocks?: ScaleBlocks | null;
}

function blockRescale(blocks: ScaleBlocks, channelScale: Float32Array): BlockRescale {
  const channels = channelScale.length;
  const perBlock = Array.from({ length: blocks.count }, (_, k) =>
    fixedPointMultipliers(Float64Array.from({ length: channels }, (_, c) => blocks.scales[c * blocks.count + k]! / channelScale[c]!)),
  );
  return { blocks, perBlock };
}

export function weightedParams(p: WeightedParamsInput): WeightedParams {
  const channels = p.weightScale.length;
  const blocks = p.blocks ?? null;
  const biasQ = quantizeBias(p.bias, p.input.scale, p.weightScale);
  const bias = blocks
    ? blockwiseBias(p.bias, p.input.scale, p.weightScale, blocks.scales, blockRowSums(p.weights, channels, blocks.size, blocks.count, blocks.kernelArea), p.input.zeroPoint)
    : foldInputZeroPoint(biasQ, weightRowSums(p.weights, channels), p.input.zeroPoint);
  const { multiplier, shift } = fixedPointMultipliers(requantScales(p.input.scale, p.weightScale, p.output.scale));
  const { min, max } = activationClamp(p.activation, p.output);
  return {
    input: p.input,
    output: p.output,
    weightScale: p.weightScale,
    bias: tensor(bias, [channels], 'int32'),
    biasQ,
    blockRescale: blocks ? blockRescale(blocks, p.weightScale) : null,
    multiplier,
    shift,
    activation: p.activation,
    min,
    max,
  };
}
