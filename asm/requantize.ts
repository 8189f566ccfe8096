/**
 * Fixed-point requantization of int32 accumulators (TFLite's
 * MultiplyByQuantizedMultiplier, tensorflow/lite/kernels/internal/common.h,
 * on gemmlowp's SaturatingRoundingDoublingHighMul and RoundingDivideByPOT,
 * gemmlowp/fixedpoint/fixedpoint.h), exact. The TypeScript oracle is
 * src/engine/fixed-point.ts; the two agree bit for bit. Per element, with M
 * and shift of the element's channel:
 *   v = sat32(acc + bias), v = sat32(v << max(shift, 0)),
 *   h = SRDHM(v, M) = floor((v·M + 2^30) / 2^31),
 *   r = h / 2^max(-shift, 0) rounded half away from zero,
 *   out = clamp(sat32(r + zeroPoint), lo, hi).
 * gemmlowp writes SRDHM as (v·M + nudge) / 2^31 truncated toward zero, with
 * nudge 2^30, or 1 - 2^30 for a negative product; for a negative product
 * that is ceil((v·M + 1 - 2^30) / 2^31) = floor((v·M + 2^30) / 2^31), so
 * the floor form above is the same function and needs only an arithmetic
 * shift. M is in [0, 2^31 - 1], so gemmlowp's one overflow (both operands
 * -2^31) cannot occur, |v·M| < 2^62 and h fits int32.
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
 * floor((v·m + 2^30) / 2^31) per lane, m >= 0 in every lane. The result
 * fits int32, so only bits 31..62 of each 64-bit sum are kept, and a logical
 * shift (native on x86, unlike the 64-bit arithmetic one) leaves them the same.
 */
// @ts-ignore: decorator
@inline
function highMul(v: v128, m: v128): v128 {
  const half = i64x2.splat(1 << 30);
  const lo = i64x2.shr_u(i64x2.add(i64x2.extmul_low_i32x4_s(v, m), half), 31);
  const hi = i64x2.shr_u(i64x2.add(i64x2.extmul_high_i32x4_s(v, m), half), 31);
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

/**
 * out[outer, C, inner] = requantize(acc[outer, C, inner] + bias[C]).
 * `params` holds C pairs of i32 (multiplier, shift); `bias` is read only
 * when hasBias; `outBytes` is 1 (int8 out) or 4 (int32 out).
 */
export function requantizeI32(
  acc: usize, bias: usize, hasBias: bool, params: usize,
  outer: i32, C: i32, inner: i32,
  zeroPoint: i32, lo: i32, hi: i32, outBytes: i32, out: usize,
): void {
  // clamp(sat32(r + zp), lo, hi) = clamp(r, lo - zp, hi - zp) + zp once the shifted bounds are
  // saturated to int32, and the right side cannot overflow: one clamp and a plain add per lane.
  const zpV = i32x4.splat(zeroPoint);
  const loV = i32x4.splat(<i32>sat32(<i64>lo - zeroPoint)), hiV = i32x4.splat(<i32>sat32(<i64>hi - zeroPoint));
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < C; c++) {
      const m = load<i32>(params + <usize>c * 8);
      const shift = load<i32>(params + <usize>c * 8, 4);
      const left = max(shift, 0), right = max(-shift, 0);
      const b = hasBias ? load<i32>(bias + <usize>c * 4) : 0;
      const mV = i32x4.splat(m), bV = i32x4.splat(b);
      const mask = (1 << right) - 1;
      const maskV = i32x4.splat(mask), halfMaskV = i32x4.splat(mask >> 1);
      const base = <usize>((n * C + c) * inner);
      let i = 0;
      for (; i + 4 <= inner; i += 4) {
        let v = addSat(v128.load(acc + (base + <usize>i) * 4), bV);
        if (left > 0) v = shlSat(v, left);
        const r = roundingShift(highMul(v, mV), right, maskV, halfMaskV);
        const o = i32x4.add(i32x4.max_s(i32x4.min_s(r, hiV), loV), zpV);
        if (outBytes == 1) {
          // Already inside [-128, 127]: the saturating narrows are exact.
          const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(o, o), i16x8.narrow_i32x4_s(o, o));
          v128.store32_lane(out + base + <usize>i, bytes, 0);
        } else {
          v128.store(out + (base + <usize>i) * 4, o);
        }
      }
      for (; i < inner; i++) {
        const r = requantizeOne(load<i32>(acc + (base + <usize>i) * 4), <i64>b, <i64>m, <i64>left, right, <i64>zeroPoint, <i64>lo, <i64>hi);
        if (outBytes == 1) store<i8>(out + base + <usize>i, <i8>r);
        else store<i32>(out + (base + <usize>i) * 4, r);
      }
    }
  }
}
