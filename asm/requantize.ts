/**
 * Fixed-point requantization of int32 accumulators (TFLite's
 * MultiplyByQuantizedMultiplier, tensorflow/lite/kernels/internal/common.h),
 * exact, in either rounding mode. The TypeScript oracle is
 * src/engine/fixed-point.ts; the two agree bit for bit. Per element, with M
 * and shift of the element's channel, v = sat32(acc + bias) and
 * out = clamp(sat32(r + zeroPoint), lo, hi), where r is
 *
 * double rounding (TFLite's default, on gemmlowp's
 * SaturatingRoundingDoublingHighMul and RoundingDivideByPOT,
 * gemmlowp/fixedpoint/fixedpoint.h):
 *   v = sat32(v << max(shift, 0)),
 *   h = SRDHM(v, M) = floor((v·M + 2^30) / 2^31),
 *   r = h / 2^max(-shift, 0) rounded half away from zero;
 * gemmlowp writes SRDHM as (v·M + nudge) / 2^31 truncated toward zero, with
 * nudge 2^30, or 1 - 2^30 for a negative product; for a negative product
 * that is ceil((v·M + 1 - 2^30) / 2^31) = floor((v·M + 2^30) / 2^31), so
 * the floor form above is the same function and needs only an arithmetic
 * shift. M is in [0, 2^31 - 1], so gemmlowp's one overflow (both operands
 * -2^31) cannot occur, |v·M| < 2^62 and h fits int32;
 *
 * single rounding (TFLITE_SINGLE_ROUNDING; CMSIS-NN's
 * CMSIS_NN_USE_SINGLE_ROUNDING arm_nn_requantize):
 *   r = sat32(floor((v·M + 2^(t-1)) / 2^t)), t = 31 - shift in [1, 62].
 * For shift <= 0 (t = 31 + k) the result fits int32 and, the rounding term
 * being a multiple of 2^31 when k >= 1, it is computed in 32-bit lanes as
 * h = floor(v·M / 2^31) then floor((h + 2^(k-1)) / 2^k) = (h >> k) + bit
 * k-1 of h, which cannot overflow; for k = 0 it is floor((v·M + 2^30) / 2^31)
 * directly. A left shift (shift > 0) keeps the 64-bit lanes to the end and
 * saturates them.
 *
 * Four lanes at a time: the 32 x 32 -> 64-bit products come from
 * i64x2.extmul_{low,high}_i32x4_s (WebAssembly SIMD, "Extended
 * multiplication"), the saturations from sign tests and bitselect.
 */

const I32_MIN: i64 = -2147483648;
const I32_MAX: i64 = 2147483647;

// @ts-ignore: decorator
@inline
function sat32(v: i64): i64 {
  return min(max(v, I32_MIN), I32_MAX);
}

/** One element, scalar (the tails of the vector loop). */
// @ts-ignore: decorator
@inline
function requantizeOne(acc: i32, bias: i64, m: i64, left: i64, right: i32, zeroPoint: i64, lo: i64, hi: i64): i32 {
  const v = sat32(sat32(<i64>acc + bias) << left);
  const h = <i32>((v * m + (1 << 30)) >> 31);
  const mask = (1 << right) - 1;
  const threshold = (mask >> 1) + (h >>> 31);
  const r = (h >> right) + <i32>((h & mask) > threshold);
  return <i32>min(max(<i64>r + zeroPoint, lo), hi);
}

/** One element, scalar, single rounding: t = 31 - shift in [1, 62], so the sum below stays under 2^63. */
// @ts-ignore: decorator
@inline
function requantizeOneSingle(acc: i32, bias: i64, m: i64, t: i64, zeroPoint: i64, lo: i64, hi: i64): i32 {
  const v = sat32(<i64>acc + bias);
  const r = sat32((v * m + (<i64>1 << (t - 1))) >> t);
  return <i32>min(max(r + zeroPoint, lo), hi);
}

/** Per lane: INT32_MAX for a >= 0, INT32_MIN for a < 0 (the saturated value in a's direction). */
// @ts-ignore: decorator
@inline
function saturatedLike(a: v128): v128 {
  return v128.xor(i32x4.shr_s(a, 31), i32x4.splat(0x7fffffff));
}

/** a + b saturated per lane: overflow iff a and b share a sign that the wrapped sum lacks. */
// @ts-ignore: decorator
@inline
function addSat(a: v128, b: v128): v128 {
  const sum = i32x4.add(a, b);
  const overflow = i32x4.shr_s(v128.and(v128.xor(sum, a), v128.xor(sum, b)), 31);
  return v128.bitselect(saturatedLike(a), sum, overflow);
}

/** v << left saturated per lane: the shift overflowed iff shifting back does not restore v. */
// @ts-ignore: decorator
@inline
function shlSat(v: v128, left: i32): v128 {
  const shifted = i32x4.shl(v, left);
  return v128.bitselect(shifted, saturatedLike(v), i32x4.eq(i32x4.shr_s(shifted, left), v));
}

/**
 * floor((v·m + half) / 2^31) per lane, m >= 0 in every lane, half (an i64
 * splat) 2^30 or 0. The result fits int32, so only bits 31..62 of each
 * 64-bit sum are kept, and a logical shift (native on x86, unlike the
 * 64-bit arithmetic one) leaves them the same.
 */
// @ts-ignore: decorator
@inline
function highMul(v: v128, m: v128, half: v128): v128 {
  const lo = i64x2.shr_u(i64x2.add(i64x2.extmul_low_i32x4_s(v, m), half), 31);
  const hi = i64x2.shr_u(i64x2.add(i64x2.extmul_high_i32x4_s(v, m), half), 31);
  return v128.shuffle<i32>(lo, hi, 0, 2, 4, 6);
}

/**
 * floor((h + 2^(k-1)) / 2^k) per lane, without the add that could overflow:
 * h >> k plus bit k-1 of h. `bit` is 1 per lane, or 0 for k = 0 (then
 * h >> 0 = h, and the shift by -1, taken mod 32 as every SIMD shift count,
 * is masked away).
 */
// @ts-ignore: decorator
@inline
function halfUpShift(h: v128, k: i32, bit: v128): v128 {
  return i32x4.add(i32x4.shr_s(h, k), v128.and(i32x4.shr_s(h, k - 1), bit));
}

/** Two i64 lanes clamped to the int32 range. */
// @ts-ignore: decorator
@inline
function sat64(r: v128): v128 {
  const hiV = i64x2.splat(I32_MAX), loV = i64x2.splat(I32_MIN);
  const upper = v128.bitselect(hiV, r, i64x2.gt_s(r, hiV));
  return v128.bitselect(loV, upper, i64x2.lt_s(upper, loV));
}

/** sat32(floor((v·m + round) / 2^t)) per lane, round = 2^(t-1): single rounding with a left shift (t in [1, 30]). */
// @ts-ignore: decorator
@inline
function singleRoundWide(v: v128, m: v128, t: i32, round: v128): v128 {
  const lo = sat64(i64x2.shr_s(i64x2.add(i64x2.extmul_low_i32x4_s(v, m), round), t));
  const hi = sat64(i64x2.shr_s(i64x2.add(i64x2.extmul_high_i32x4_s(v, m), round), t));
  return v128.shuffle<i32>(lo, hi, 0, 2, 4, 6);
}

/** h / 2^right rounded half away from zero per lane (mask = 2^right - 1). */
// @ts-ignore: decorator
@inline
function roundingShift(h: v128, right: i32, mask: v128, halfMask: v128): v128 {
  // threshold = mask/2, plus 1 for negative h (h >> 31 is -1 there); gt_s gives -1 for "round up".
  const threshold = i32x4.sub(halfMask, i32x4.shr_s(h, 31));
  return i32x4.sub(i32x4.shr_s(h, right), i32x4.gt_s(v128.and(h, mask), threshold));
}

/** clamp(r, lo - zp, hi - zp) + zp for four lanes, stored as int8 (int8Out) or int32 at element `index`. */
// @ts-ignore: decorator
@inline
function storeClamped(r: v128, loV: v128, hiV: v128, zpV: v128, int8Out: bool, out: usize, index: usize): void {
  const o = i32x4.add(i32x4.max_s(i32x4.min_s(r, hiV), loV), zpV);
  if (int8Out) {
    // Already inside [-128, 127]: the saturating narrows are exact.
    const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(o, o), i16x8.narrow_i32x4_s(o, o));
    v128.store32_lane(out + index, bytes, 0);
  } else {
    v128.store(out + index * 4, o);
  }
}

/** Four accumulators from element `index`, plus the channel's bias (saturating) when there is one. */
// @ts-ignore: decorator
@inline
function loadBiased(acc: usize, index: usize, hasBias: bool, bV: v128): v128 {
  const a = v128.load(acc + index * 4);
  return hasBias ? addSat(a, bV) : a;
}

/**
 * One channel's run of `inner` elements from element `base`. Inlined with
 * constant hasBias and int8Out (requantizeI32 calls it in four variants), so
 * each copy of the loops has neither the bias add of a bias-free call nor a
 * per-vector branch on the output type.
 */
// @ts-ignore: decorator
@inline
function requantizeRun(
  acc: usize, out: usize, base: usize, inner: i32, b: i32, m: i32, shift: i32,
  zeroPoint: i32, lo: i32, hi: i32, loV: v128, hiV: v128, zpV: v128,
  singleRounding: bool, hasBias: bool, int8Out: bool,
): void {
  const left = max(shift, 0), right = max(-shift, 0);
  const mV = i32x4.splat(m), bV = i32x4.splat(b);
  let i = 0;
  if (!singleRounding) {
    const mask = (1 << right) - 1;
    const maskV = i32x4.splat(mask), halfMaskV = i32x4.splat(mask >> 1), halfV = i64x2.splat(1 << 30);
    if (left > 0) {
      for (; i + 4 <= inner; i += 4) {
        const v = shlSat(loadBiased(acc, base + <usize>i, hasBias, bV), left);
        storeClamped(roundingShift(highMul(v, mV, halfV), right, maskV, halfMaskV), loV, hiV, zpV, int8Out, out, base + <usize>i);
      }
    } else {
      for (; i + 4 <= inner; i += 4) {
        const v = loadBiased(acc, base + <usize>i, hasBias, bV);
        storeClamped(roundingShift(highMul(v, mV, halfV), right, maskV, halfMaskV), loV, hiV, zpV, int8Out, out, base + <usize>i);
      }
    }
  } else if (left == 0) {
    // t = 31 + right: the 2^30 rounding term inside the high multiply when right = 0, else after it.
    const halfV = i64x2.splat(right == 0 ? 1 << 30 : 0), bitV = i32x4.splat(right == 0 ? 0 : 1);
    for (; i + 4 <= inner; i += 4) {
      const v = loadBiased(acc, base + <usize>i, hasBias, bV);
      storeClamped(halfUpShift(highMul(v, mV, halfV), right, bitV), loV, hiV, zpV, int8Out, out, base + <usize>i);
    }
  } else {
    const t = 31 - left;
    const roundV = i64x2.splat(<i64>1 << (t - 1));
    for (; i + 4 <= inner; i += 4) {
      const v = loadBiased(acc, base + <usize>i, hasBias, bV);
      storeClamped(singleRoundWide(v, mV, t, roundV), loV, hiV, zpV, int8Out, out, base + <usize>i);
    }
  }
  for (; i < inner; i++) {
    const a = load<i32>(acc + (base + <usize>i) * 4);
    const r = singleRounding
      ? requantizeOneSingle(a, <i64>b, <i64>m, <i64>(31 - shift), <i64>zeroPoint, <i64>lo, <i64>hi)
      : requantizeOne(a, <i64>b, <i64>m, <i64>left, right, <i64>zeroPoint, <i64>lo, <i64>hi);
    if (int8Out) store<i8>(out + base + <usize>i, <i8>r);
    else store<i32>(out + (base + <usize>i) * 4, r);
  }
}

/**
 * out[outer, C, inner] = requantize(acc[outer, C, inner] + bias[C]).
 * `params` holds C pairs of i32 (multiplier, shift); `bias` is read only
 * when hasBias; `outBytes` is 1 (int8 out) or 4 (int32 out);
 * `singleRounding` picks the rounding mode (0, the default of a caller
 * that passes nothing: double). It is the last parameter so that a caller
 * built before it existed still gets the double rounding it expects.
 */
export function requantizeI32(
  acc: usize, bias: usize, hasBias: bool, params: usize,
  outer: i32, C: i32, inner: i32,
  zeroPoint: i32, lo: i32, hi: i32, outBytes: i32, out: usize,
  singleRounding: bool,
): void {
  // clamp(sat32(r + zp), lo, hi) = clamp(r, lo - zp, hi - zp) + zp once the shifted bounds are
  // saturated to int32, and the right side cannot overflow: one clamp and a plain add per lane.
  const zpV = i32x4.splat(zeroPoint);
  const loV = i32x4.splat(<i32>sat32(<i64>lo - zeroPoint)), hiV = i32x4.splat(<i32>sat32(<i64>hi - zeroPoint));
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < C; c++) {
      const m = load<i32>(params + <usize>c * 8);
      const shift = load<i32>(params + <usize>c * 8, 4);
      const base = <usize>((n * C + c) * inner);
      if (hasBias) {
        // A bias-free call passes no bias pointer: read it only here.
        const b = load<i32>(bias + <usize>c * 4);
        if (outBytes == 1) requantizeRun(acc, out, base, inner, b, m, shift, zeroPoint, lo, hi, loV, hiV, zpV, singleRounding, true, true);
        else requantizeRun(acc, out, base, inner, b, m, shift, zeroPoint, lo, hi, loV, hiV, zpV, singleRounding, true, false);
      } else if (outBytes == 1) {
        requantizeRun(acc, out, base, inner, 0, m, shift, zeroPoint, lo, hi, loV, hiV, zpV, singleRounding, false, true);
      } else {
        requantizeRun(acc, out, base, inner, 0, m, shift, zeroPoint, lo, hi, loV, hiV, zpV, singleRounding, false, false);
      }
    }
  }
}
