/**
 * Fixed-point requantization arithmetic of integer-only inference (Jacob et
 * al., "Quantization and Training of Neural Networks for Efficient
 * Integer-Arithmetic-Only Inference", CVPR 2018, section 2.2): a real scale
 * M > 0 is stored as a Q31 multiplier M0 in [2^30, 2^31) and a power-of-two
 * exponent, M = M0 · 2^(shift - 31), and an int32 accumulator is rescaled
 * with integer operations only.
 *
 * The semantics are those of TensorFlow Lite's `QuantizeMultiplier` and
 * `MultiplyByQuantizedMultiplier` (tensorflow/lite/kernels/internal/
 * quantization_util.cc and common.h), built on gemmlowp's
 * `SaturatingRoundingDoublingHighMul` and `RoundingDivideByPOT`
 * (gemmlowp/fixedpoint/fixedpoint.h), so a model requantized here matches
 * TFLite's reference kernels (and CMSIS-NN's default arm_nn_requantize,
 * which takes the same steps) bit for bit wherever the left shift does not
 * overflow int32: there C++ is undefined and this saturates. That is
 * TFLite's default, double-rounding form.
 *
 * The single-rounding form (`multiplyByQuantizedMultiplierSingleRounding`)
 * is what TFLite builds with TFLITE_SINGLE_ROUNDING (common.h) and CMSIS-NN
 * builds with CMSIS_NN_USE_SINGLE_ROUNDING (arm_nnsupportfunctions.h,
 * arm_nn_requantize) compute: the exact 64-bit product rounded once. It is
 * x · M · 2^(shift - 31) rounded to nearest with ties toward +infinity, and
 * differs from the double-rounding form by one in the last place wherever
 * the first rounding of the latter carries the value across a tie. Which
 * `RoundingMode` a step uses is a parameter of the requantize primitive.
 *
 * Everything is exact for all int32 inputs without BigInt: the 62-bit
 * product is split into halves whose parts are exact in a double (below 2^53).
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_POW_15 = 32768;
const TWO_POW_16 = 65536;
const TWO_POW_30 = 1073741824;
const TWO_POW_31 = 2147483648;
/**
 * 2^k and 2^-k for k in [0, 62]: scaling by them is exact, and a table
 * lookup costs far less than `2 ** k` with a variable k (a call to pow).
 */
const POW2 = Float64Array.from({ length: 63 }, (_, k) => 2 ** k);
const INV_POW2 = Float64Array.from({ length: 63 }, (_, k) => 2 ** -k);

/** The shift range a requantize step accepts: left shifts up to 30, right shifts up to 31 (TFLite's range). */
export const MIN_SHIFT = -31;
export const MAX_SHIFT = 30;
/** Largest Q31 multiplier, 2^31 - 1. */
export const MAX_MULTIPLIER = INT32_MAX;

/**
 * How a requantize step rounds x · M · 2^(shift - 31):
 * - 'double': TFLite's default MultiplyByQuantizedMultiplier (gemmlowp's
 *   rounding doubling high multiply, then a rounding shift: two roundings);
 * - 'single': TFLITE_SINGLE_ROUNDING / CMSIS_NN_USE_SINGLE_ROUNDING (the
 *   exact product rounded once, ties toward +infinity), which agrees with a
 *   float runtime's one rounding of acc · scale (onnxruntime's
 *   MlasRequantizeOutput) except at exact ties and float32 rounding noise.
 */
export type RoundingMode = 'double' | 'single';

/** Runtime list of the rounding modes, checked against the type both ways (as the primitive set is). */
const ROUNDING_FLAGS: { readonly [M in RoundingMode]: true } = { double: true, single: true };
export const ROUNDING_MODES = Object.keys(ROUNDING_FLAGS) as RoundingMode[];

export interface QuantizedMultiplier {
  /** Q31 mantissa in [2^30, 2^31 - 1], or 0. */
  readonly multiplier: number;
  /** Power-of-two exponent in [MIN_SHIFT, MAX_SHIFT]: > 0 a left shift, < 0 a right shift. */
  readonly shift: number;
}

function isInt32(v: number): boolean {
  return (v | 0) === v;
}

function requireInt32(fn: string, name: string, v: number): void {
  if (typeof v !== 'number' || !isInt32(v)) throw new RangeError(`${fn}: ${name} must be an int32 integer, got ${String(v)}`);
}

/**
 * `real` = multiplier · 2^(shift - 31), as TFLite's QuantizeMultiplier:
 * frexp gives real = q · 2^shift with q in [0.5, 1); q · 2^31 rounded (half
 * away from zero, as TfLiteRound) is the multiplier, and a q that rounds up
 * to 2^31 becomes 2^30 with shift + 1.
 *
 * Very small reals: when shift would fall below -31, every int32 times
 * `real` is below 0.5 in magnitude (|x| <= 2^31, real < 2^-32), so the
 * correctly rounded product is 0 for every input; TFLite returns
 * multiplier 0, shift 0 for this, and so does this function.
 * Reals of 2^30 or more are rejected: their shift would exceed 30, the
 * largest left shift a requantize step accepts (as in TFLite), and they
 * would saturate every accumulator of magnitude 2 or more anyway, which
 * points at a wrong scale.
 */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (typeof real !== 'number' || !Number.isFinite(real) || real < 0) {
    throw new RangeError(`quantizeMultiplier: real must be a finite number >= 0, got ${String(real)}`);
  }
  // Below 2^-33 frexp's exponent is at most -33 (and rounding adds at most 1): the multiplier-0 case below.
  if (real < 2 ** -33) return { multiplier: 0, shift: 0 };
  if (real >= TWO_POW_31) throw tooLarge(real, Math.floor(Math.log2(real)) + 1);
  let shift = Math.floor(Math.log2(real)) + 1;
  // log2 can be off by one near powers of two; settle q into [0.5, 1) exactly (scaling by 2^k is exact).
  while (real * 2 ** -shift >= 1) shift++;
  while (real * 2 ** -shift < 0.5) shift--;
  let multiplier = Math.round(real * 2 ** (31 - shift));
  if (multiplier === TWO_POW_31) {
    multiplier = TWO_POW_30;
    shift++;
  }
  if (shift < MIN_SHIFT) return { multiplier: 0, shift: 0 };
  if (shift > MAX_SHIFT) throw tooLarge(real, shift);
  return { multiplier, shift };
}

function tooLarge(real: number, shift: number): RangeError {
  return new RangeError(`quantizeMultiplier: real ${real} needs a left shift of ${shift}, more than the ${MAX_SHIFT} ` +
    `a requantize step supports (real must be below 2^30); a requantization scale (input scale · weight scale / output scale) is normally far below 1`);
}

/**
 * a · b / 2^31 rounded to nearest, saturated to int32: gemmlowp's
 * SaturatingRoundingDoublingHighMul. Its nudge (2^30, or 1 - 2^30 for a
 * negative product) before a truncating division makes this
 * floor(a·b / 2^31 + 1/2), i.e. ties go toward +infinity. The only
 * overflow, a = b = -2^31, gives 2^31 - 1.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  requireInt32('saturatingRoundingDoublingHighMul', 'a', a);
  requireInt32('saturatingRoundingDoublingHighMul', 'b', b);
  return srdhm(a, b);
}

/**
 * The unchecked core of saturatingRoundingDoublingHighMul, for kernels whose
 * inputs are known int32. gemmlowp computes trunc((ab + nudge) / 2^31) with
 * nudge 2^30, or 1 - 2^30 when ab < 0; for ab < 0 that is
 * ceil((ab + 1 - 2^30) / 2^31) = floor((ab + 2^30) / 2^31), so both cases
 * are floor((ab + 2^30) / 2^31), computed here without forming the 62-bit ab.
 */
export function srdhm(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  // b = bHigh · 2^16 + bLow with bLow in [0, 2^16): a·bHigh (< 2^46) and a·bLow (< 2^47) are exact.
  const bLow = b & 0xffff;
  const bHigh = (b - bLow) / TWO_POW_16;
  const p1 = a * bHigh;
  // p1 · 2^16 = h1 · 2^31 + l1 · 2^16 with l1 in [0, 2^15), so
  // ab + 2^30 = h1 · 2^31 + s, with s (< 2^48) exact, and the floor splits the same way.
  const h1 = Math.floor(p1 / TWO_POW_15);
  const l1 = p1 - h1 * TWO_POW_15;
  const s = l1 * TWO_POW_16 + a * bLow + TWO_POW_30;
  return h1 + Math.floor(s / TWO_POW_31);
}

/**
 * x / 2^exponent rounded to nearest, ties away from zero: gemmlowp's
 * RoundingDivideByPOT, for exponent in [0, 31].
 */
export function roundingDivideByPOT(x: number, exponent: number): number {
  requireInt32('roundingDivideByPOT', 'x', x);
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 31) {
    throw new RangeError(`roundingDivideByPOT: exponent must be an integer in [0, 31], got ${String(exponent)}`);
  }
  return rdbp(x, exponent);
}

/** The unchecked core of roundingDivideByPOT. */
export function rdbp(x: number, exponent: number): number {
  const mask = 2 ** exponent - 1;
  const remainder = x & mask;
  const threshold = (mask >>> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * x · multiplier · 2^(shift - 31), rounded, as TFLite's
 * MultiplyByQuantizedMultiplier: a left shift (saturating to int32, as
 * gemmlowp's SaturatingRoundingMultiplyByPOT; TFLite leaves that overflow
 * undefined), the doubling high multiply, then a rounding right shift.
 * multiplier in [0, 2^31 - 1], shift in [MIN_SHIFT, MAX_SHIFT].
 */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  const fn = 'multiplyByQuantizedMultiplier';
  requireInt32(fn, 'x', x);
  if (!Number.isInteger(multiplier) || multiplier < 0 || multiplier > MAX_MULTIPLIER) {
    throw new RangeError(`${fn}: multiplier must be an integer in [0, 2^31 - 1], got ${String(multiplier)}`);
  }
  if (!Number.isInteger(shift) || shift < MIN_SHIFT || shift > MAX_SHIFT) {
    throw new RangeError(`${fn}: shift must be an integer in [${MIN_SHIFT}, ${MAX_SHIFT}], got ${String(shift)}`);
  }
  return mbqm(x, multiplier, shift);
}

/** The unchecked core of multiplyByQuantizedMultiplier. */
export function mbqm(x: number, multiplier: number, shift: number): number {
  const shifted = shift > 0 ? saturateInt32(x * 2 ** shift) : x;
  return rdbp(srdhm(shifted, multiplier), shift > 0 ? 0 : -shift);
}

/**
 * x · multiplier · 2^(shift - 31) rounded once, ties toward +infinity,
 * saturated to int32: TFLite's MultiplyByQuantizedMultiplier under
 * TFLITE_SINGLE_ROUNDING (tensorflow/lite/kernels/internal/common.h),
 *   total_shift = 31 - shift, round = 2^(total_shift - 1),
 *   result = (int64(x) · M + round) >> total_shift   (arithmetic shift),
 * i.e. floor((x·M + 2^(t-1)) / 2^t) with t = 31 - shift in [1, 62].
 * CMSIS-NN's arm_nn_requantize under CMSIS_NN_USE_SINGLE_ROUNDING
 * (Include/arm_nnsupportfunctions.h) computes ((x·M >> (t - 1)) + 1) >> 1,
 * the same floor taken in two steps, wherever its int32 intermediate fits.
 * A left shift (shift > 0) is part of the one product rather than a
 * saturating step before it, so results outside int32 (possible only for
 * shift > 0) saturate at the end, as TensorFlow's uniform quantized ops
 * clamp the int64 result (tensorflow/core/kernels/uniform_quant_ops/
 * math_utils.h); TFLite only DCHECKs that it fits.
 * multiplier in [0, 2^31 - 1], shift in [MIN_SHIFT, MAX_SHIFT].
 */
export function multiplyByQuantizedMultiplierSingleRounding(x: number, multiplier: number, shift: number): number {
  const fn = 'multiplyByQuantizedMultiplierSingleRounding';
  requireInt32(fn, 'x', x);
  if (!Number.isInteger(multiplier) || multiplier < 0 || multiplier > MAX_MULTIPLIER) {
    throw new RangeError(`${fn}: multiplier must be an integer in [0, 2^31 - 1], got ${String(multiplier)}`);
  }
  if (!Number.isInteger(shift) || shift < MIN_SHIFT || shift > MAX_SHIFT) {
    throw new RangeError(`${fn}: shift must be an integer in [${MIN_SHIFT}, ${MAX_SHIFT}], got ${String(shift)}`);
  }
  return mbqmSingle(x, multiplier, shift);
}

/**
 * The unchecked core of multiplyByQuantizedMultiplierSingleRounding, exact
 * without BigInt: with M = mHigh · 2^16 + mLow (mLow in [0, 2^16)), the
 * 62-bit product is x·M = p1 · 2^16 + p0 with p1 = x·mHigh (|p1| < 2^46)
 * and p0 = x·mLow (|p0| < 2^47), both exact doubles.
 */
export function mbqmSingle(x: number, multiplier: number, shift: number): number {
  const mLow = multiplier & 0xffff;
  const p1 = x * (multiplier >>> 16);
  const p0 = x * mLow;
  const t = 31 - shift;
  if (t > 16) {
    // The rounding term is 2^(t-17) · 2^16, so floor((x·M + 2^(t-1)) / 2^16) = p1 + 2^(t-17) + floor(p0 / 2^16),
    // exact (below 2^47), and dividing that by 2^(t-16) and flooring again gives floor((x·M + 2^(t-1)) / 2^t).
    return saturateInt32(Math.floor((p1 + POW2[t - 17]! + Math.floor(p0 * INV_POW2[16]!)) * INV_POW2[t - 16]!));
  }
  // t <= 16 (left shifts of 15 or more): (x·M + 2^(t-1)) / 2^t = p1 · 2^(16-t) + (p0 + 2^(t-1)) / 2^t, the first
  // term an integer. Their sum is exact below 2^53; above, it is far outside int32 and saturates all the same.
  return saturateInt32(p1 * POW2[16 - t]! + Math.floor((p0 + POW2[t - 1]!) * INV_POW2[t]!));
}

/** Clamps an integer-valued double to the int32 range. */
export function saturateInt32(v: number): number {
  return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : v;
}
