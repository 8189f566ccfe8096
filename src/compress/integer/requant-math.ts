/**
 * The integer arithmetic of one quantized layer, as pure functions (Jacob et
 * al. 2018, "Quantization and Training of Neural Networks for Efficient
 * Integer-Arithmetic-Only Inference", CVPR, sec. 2.2-2.4, in the form
 * TensorFlow Lite's int8 kernels use). For real = s·(q − z), a layer
 * y = act(W·x + b) with per-channel symmetric weights (z_w = 0) is
 *
 *   q_y,c = clamp(z_y + M_c · (Σ_k q_w,c,k · (q_x,k − z_x) + b_q,c)),   M_c = s_x·s_w,c / s_y,
 *
 * where the sum runs over the padded input whose pad cells hold z_x (real 0),
 * so Σ q_w·(q_x − z_x) = Σ q_w·q_x − z_x·Σ_k q_w,c,k, and the second term is
 * folded into the int32 bias once: bias_c = round(b_c / (s_x·s_w,c)) − z_x·Σ_k q_w,c,k.
 * M_c becomes a Q31 multiplier and a shift (quantizeMultiplier), and a fused
 * ReLU/ReLU6 is the clamp (sec. 2.4).
 */
import { quantizeMultiplier, type RoundingMode } from '../../engine/index.js';
import { asymmetricFromRange } from '../quantize/qparams.js';
import { roundHalfEven } from '../quantize/round-half-even.js';
import type { FusedActivation } from './plan.js';

/** Per-tensor int8 quantization of an activation: real = scale · (q − zeroPoint). */
export interface ActivationQuant {
  /** A float32 value (what ONNX and TFLite store). */
  readonly scale: number;
  /** In [-128, 127]. */
  readonly zeroPoint: number;
}

/**
 * The rounding of every requantize step of the integer path: 'single', one
 * rounding of the exact product acc · M · 2^(shift − 31) (TFLite's
 * TFLITE_SINGLE_ROUNDING, CMSIS-NN's CMSIS_NN_USE_SINGLE_ROUNDING; see
 * engine/fixed-point.ts). The QDQ export is judged against onnxruntime, whose
 * fused kernels round acc · scale once (MlasRequantizeOutput for
 * QLinearConv/QGemm, and the float sum of QLinearAdd); TFLite's default
 * double rounding adds a second rounding that lands one step away whenever
 * the first carries the value across a tie — measured on resnet8 and dscnn
 * (test/compress/integer/qdq-export.test.ts): 0.02–0.4% of a layer's outputs
 * with 8-bit weights, up to 3% with 4-bit and 14% with 2-bit weights, whose
 * larger multipliers leave fewer bits below the first rounding — and those
 * steps compound through a deep network (3-4 LSB at resnet8's output). With
 * single rounding at most 2 of 230k layer outputs differ, where
 * onnxruntime's float32 product lands on the other side of a tie. Single
 * rounding is also the nearer to the exact value, so it costs nothing in
 * accuracy; what it gives up is bit equality with a default
 * (double-rounding) TFLite build.
 */
export const INTEGER_ROUNDING: RoundingMode = 'single';

const INT8_MIN = -128;
const INT8_MAX = 127;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** int8 asymmetric parameters for values in [min, max] (hD's asymmetricFromRange: 0 exact, zero point nudged). */
export function activationQuantFromRange(min: number, max: number): ActivationQuant {
  const p = asymmetricFromRange(min, max, 8, true);
  return { scale: p.scale[0]!, zeroPoint: p.zeroPoint[0]! };
}

/**
 * The output clamp of a fused activation, as TFLite's
 * CalculateActivationRangeQuantized: ReLU clamps below at the zero point
 * (real 0), ReLU6 also above at z + round(6 / s).
 */
export function activationClamp(activation: FusedActivation, out: ActivationQuant): { min: number; max: number } {
  switch (activation) {
    case null: return { min: INT8_MIN, max: INT8_MAX };
    case 'relu': return { min: Math.max(INT8_MIN, out.zeroPoint), max: INT8_MAX };
    case 'relu6': return { min: Math.max(INT8_MIN, out.zeroPoint), max: Math.min(INT8_MAX, out.zeroPoint + Math.round(6 / out.scale)) };
    default: return activation satisfies never;
  }
}

export interface ChannelMultipliers {
  readonly multiplier: number[];
  readonly shift: number[];
}

/** Q31 multiplier and shift of each real scale (TFLite's QuantizeMultiplier). */
export function fixedPointMultipliers(reals: ArrayLike<number>): ChannelMultipliers {
  const multiplier: number[] = [];
  const shift: number[] = [];
  for (let c = 0; c < reals.length; c++) {
    const q = quantizeMultiplier(reals[c]!);
    multiplier.push(q.multiplier);
    shift.push(q.shift);
  }
  return { multiplier, shift };
}

/** M_c = s_x · s_w,c / s_y for every output channel, in float64 from the float32 scales. */
export function requantScales(inScale: number, weightScale: Float32Array, outScale: number): Float64Array {
  return Float64Array.from(weightScale, (sw) => (inScale * sw) / outScale);
}

export function saturateInt32(v: number): number {
  return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : v;
}

/**
 * b_q,c = round(b_c / (s_x · s_w,c)) (ties to even, ONNX QuantizeLinear's
 * rounding), saturated to int32: the bias on the accumulator's grid, with
 * the zero point 0 and scale s_x·s_w,c that ONNX QDQ biases carry.
 */
export function quantizeBias(bias: ArrayLike<number>, inScale: number, weightScale: Float32Array): Int32Array {
  return Int32Array.from(weightScale, (sw, c) => saturateInt32(roundHalfEven(bias[c]! / (inScale * sw))));
}

/** Σ_k q_w,c,k for each output channel c of weights [C, ...] (channels on axis 0). */
export function weightRowSums(q: ArrayLike<number>, channels: number): Int32Array {
  const per = q.length / channels;
  const sums = new Int32Array(channels);
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let k = c * per; k < (c + 1) * per; k++) s += q[k]!;
    sums[c] = s;
  }
  return sums;
}

/**
 * Σ of the weights of each output channel c and block k of input channels,
 * at c·count + k: weights [C, Cin, ...kernel] with `kernelArea` elements per
 * input channel and `size` input channels per block.
 */
export function blockRowSums(q: ArrayLike<number>, channels: number, size: number, count: number, kernelArea: number): Float64Array {
  const perChannel = q.length / channels;
  const sums = new Float64Array(channels * count);
  for (let i = 0; i < q.length; i++) {
    const c = Math.floor(i / perChannel);
    const k = Math.floor((i % perChannel) / (size * kernelArea));
    sums[c * count + k]! += q[i]!;
  }
  return sums;
}

/** bias_c = b_q,c − z_x · Σ_k q_w,c,k: the accumulator bias of the integer path (see the file comment). */
export function foldInputZeroPoint(biasQ: Int32Array, rowSums: Int32Array, inZeroPoint: number): Int32Array {
  return Int32Array.from(biasQ, (b, c) => saturateInt32(b - inZeroPoint * rowSums[c]!));
}

/**
 * The accumulator bias of a blockwise layer. Its blocks' int32 sums are
 * rescaled by r_c,k = s_c,k / S_c (S_c the channel's largest block scale)
 * before they are added, so the zero-point term is z_x·Σ_k r_c,k·Σ_{i∈k} q_w:
 * a real number on the grid of s_x·S_c, rounded together with the bias.
 */
export function blockwiseBias(bias: ArrayLike<number>, inScale: number, channelScale: Float32Array, blockScales: Float32Array, blockSums: Float64Array, inZeroPoint: number): Int32Array {
  const count = blockScales.length / channelScale.length;
  return Int32Array.from(channelScale, (sc, c) => {
    let zeroPointTerm = 0;
    for (let k = 0; k < count; k++) zeroPointTerm += (blockScales[c * count + k]! / sc) * blockSums[c * count + k]!;
    return saturateInt32(roundHalfEven(bias[c]! / (inScale * sc) - inZeroPoint * zeroPointTerm));
  });
}
