/**
 * Straightforward BigInt transcriptions of gemmlowp's
 * SaturatingRoundingDoublingHighMul and RoundingDivideByPOT and TFLite's
 * MultiplyByQuantizedMultiplier in its default (double-rounding) and
 * TFLITE_SINGLE_ROUNDING forms (64-bit products held exactly): the
 * references the fixed-point functions and the requantize kernels are
 * tested against.
 */
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

/** int32 edge values: the extremes, 0, ±1..3, and ±2^e - 1, ±2^e, ±2^e + 1 for e in 1..30. */
export const INT32_EDGES: readonly number[] = (() => {
  const s = new Set<number>([INT32_MIN, INT32_MIN + 1, INT32_MAX, INT32_MAX - 1, 0, 1, -1, 2, -2, 3, -3]);
  for (let e = 1; e <= 30; e++) for (const d of [-1, 0, 1]) for (const sign of [1, -1]) s.add(sign * 2 ** e + d);
  return [...s];
})();

function clampBig(v: bigint): bigint {
  return v < BigInt(INT32_MIN) ? BigInt(INT32_MIN) : v > BigInt(INT32_MAX) ? BigInt(INT32_MAX) : v;
}

/** gemmlowp: nudge by +2^30 (or 1 - 2^30 for a negative product), divide by 2^31 truncating. */
export function srdhmBig(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero, as C++'s
}

/** x / 2^e rounded to nearest with ties away from zero, from the definition. */
export function rdbpBig(x: number, e: number): number {
  const X = BigInt(x), d = 1n << BigInt(e);
  const magnitude = ((X < 0n ? -X : X) * 2n + d) / (2n * d);
  return Number(X < 0n ? -magnitude : magnitude);
}

/** TFLite MultiplyByQuantizedMultiplier with the left shift saturating. */
export function mbqmBig(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  const shifted = Number(clampBig(BigInt(x) << BigInt(left)));
  return rdbpBig(srdhmBig(shifted, m), right);
}

/**
 * TFLite MultiplyByQuantizedMultiplier under TFLITE_SINGLE_ROUNDING
 * (tensorflow/lite/kernels/internal/common.h): (x·M + 2^(t-1)) >> t with
 * t = 31 - shift, an arithmetic shift (BigInt's >> floors, as C++'s on a
 * negative int64 does on every target TFLite supports), saturated to int32.
 */
export function mbqmSingleBig(x: number, m: number, shift: number): number {
  const t = BigInt(31 - shift);
  return Number(clampBig((BigInt(x) * BigInt(m) + (1n << (t - 1n))) >> t));
}

/** The reference of one rounding mode. */
export function mbqmBigOf(rounding: 'double' | 'single'): (x: number, m: number, shift: number) => number {
  return rounding === 'single' ? mbqmSingleBig : mbqmBig;
}
