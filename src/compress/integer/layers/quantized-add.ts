/**
 * The quantized addition of a residual block, as TensorFlow Lite's int8 Add
 * (tensorflow/lite/kernels/add.cc, Prepare, and reference_integer_ops/add.h):
 * both inputs are moved to a common fixed-point scale — offset by their
 * zero points, shifted left by LEFT_SHIFT bits for headroom, multiplied by
 * s_i / (2·max(s_a, s_b)) (< 1) — summed in int32, and the sum is
 * requantized by 2·max(s_a, s_b) / (2^LEFT_SHIFT · s_y) to the output with
 * the fused activation as the clamp. Composed from primitives: cast, int32
 * sub/mul/add, and requantize with int32 then int8 output, each rounding
 * once (INTEGER_ROUNDING). Here the rounding mode barely matters: the output
 * multiplier 2·max(s_a, s_b) / (2^LEFT_SHIFT · s_y) leaves a right shift of
 * nearly LEFT_SHIFT bits, so a double rounding's first step is some 2^-18 of
 * an output step and moves a result only when the sum lies that close to a
 * tie; onnxruntime's QLinearAdd, a float32 sum rounded once (mlas
 * qladd_avx2.cpp), agreed with either on every residual add tested.
 */
import { add, cast, mul, requantize, sub, type RequantizeOptions, type Tensor } from '../../../engine/index.js';
import type { FusedActivation } from '../plan.js';
import { activationClamp, fixedPointMultipliers, INTEGER_ROUNDING, type ActivationQuant } from '../requant-math.js';

/**
 * Headroom bits: TFLite uses 20 for int8 (add.cc: `left_shift = ... ? 15 : 20`).
 * |q − z| <= 255 < 2^8, so the shifted value stays below 2^28 and the sum of two below 2^29.
 */
export const LEFT_SHIFT = 20;

export interface AddParams {
  readonly a: ActivationQuant;
  readonly b: ActivationQuant;
  readonly output: ActivationQuant;
  readonly activation: FusedActivation;
  readonly multiplierA: number;
  readonly shiftA: number;
  readonly multiplierB: number;
  readonly shiftB: number;
  readonly multiplierOut: number;
  readonly shiftOut: number;
  readonly min: number;
  readonly max: number;
}

export function addParams(a: ActivationQuant, b: ActivationQuant, output: ActivationQuant, activation: FusedActivation): AddParams {
  const twiceMax = 2 * Math.max(a.scale, b.scale);
  const m = fixedPointMultipliers([a.scale / twiceMax, b.scale / twiceMax, twiceMax / (2 ** LEFT_SHIFT * output.scale)]);
  const { min, max } = activationClamp(activation, output);
  return {
    a, b, output, activation,
    multiplierA: m.multiplier[0]!, shiftA: m.shift[0]!,
    multiplierB: m.multiplier[1]!, shiftB: m.shift[1]!,
    multiplierOut: m.multiplier[2]!, shiftOut: m.shift[2]!,
    min, max,
  };
}

/**
 * The requantize options of one AddParams, built once per parameter set
 * (QResidual makes them when it is built) rather than three literals on
 * every call.
 */
export interface PreparedAdd {
  readonly zeroPointA: number;
  readonly zeroPointB: number;
  readonly toCommonA: RequantizeOptions;
  readonly toCommonB: RequantizeOptions;
  readonly toOutput: RequantizeOptions;
}

export function prepareAdd(p: AddParams): PreparedAdd {
  return {
    zeroPointA: p.a.zeroPoint,
    zeroPointB: p.b.zeroPoint,
    toCommonA: { multiplier: p.multiplierA, shift: p.shiftA, outDtype: 'int32', rounding: INTEGER_ROUNDING },
    toCommonB: { multiplier: p.multiplierB, shift: p.shiftB, outDtype: 'int32', rounding: INTEGER_ROUNDING },
    toOutput: { multiplier: p.multiplierOut, shift: p.shiftOut, zeroPoint: p.output.zeroPoint, min: p.min, max: p.max, outDtype: 'int8', rounding: INTEGER_ROUNDING },
  };
}

/** One input on the common int32 scale: M_i · ((q − z) · 2^LEFT_SHIFT). */
function toCommonScale(q: Tensor, zeroPoint: number, options: RequantizeOptions): Tensor {
  const shifted = mul(sub(cast(q, 'int32'), zeroPoint), 2 ** LEFT_SHIFT);
  return requantize(shifted, null, options);
}

/** int8 a + int8 b (same shape) → int8, with `p` from addParams. Run it inside a scope (tidy). */
export function quantizedAdd(a: Tensor, b: Tensor, p: AddParams): Tensor {
  return quantizedAddPrepared(a, b, prepareAdd(p));
}

/** quantizedAdd with its options prepared once (prepareAdd); the same arithmetic. Run it inside a scope (tidy). */
export function quantizedAddPrepared(a: Tensor, b: Tensor, q: PreparedAdd): Tensor {
  const sum = add(toCommonScale(a, q.zeroPointA, q.toCommonA), toCommonScale(b, q.zeroPointB, q.toCommonB));
  return requantize(sum, null, q.toOutput);
}
