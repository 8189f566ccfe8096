/**
 * Casts between f32, i32 and i8. Float to integer truncates toward zero and
 * saturates, NaN giving 0: exactly `i32x4.trunc_sat_f32x4_s` (WebAssembly
 * spec 2.0, "trunc_sat"), followed for int8 by the saturating narrows
 * i16x8.narrow_i32x4_s / i8x16.narrow_i16x8_s. float64 casts run on the
 * reference kernel.
 */
const F32 = 0, I32 = 1, I8 = 2;

/** Scalar trunc_sat through the vector instruction, so tails match the SIMD lanes by construction. */
// @ts-ignore: decorator
@inline
function truncSat(v: f32): i32 {
  return i32x4.extract_lane(i32x4.trunc_sat_f32x4_s(f32x4.splat(v)), 0);
}

function f32ToI32(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + <usize>i * 4, i32x4.trunc_sat_f32x4_s(v128.load(x + <usize>i * 4)));
  for (; i < n; i++) store<i32>(y + <usize>i * 4, truncSat(load<f32>(x + <usize>i * 4)));
}

function i32ToF32(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + <usize>i * 4, f32x4.convert_i32x4_s(v128.load(x + <usize>i * 4)));
  for (; i < n; i++) store<f32>(y + <usize>i * 4, <f32>load<i32>(x + <usize>i * 4));
}

/** Saturating i32 -> i8 on 4-byte source words, or f32 -> i8 when `fromFloat`. */
function toI8(x: usize, y: usize, n: i32, fromFloat: bool): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let v = v128.load(x + <usize>i * 4);
    if (fromFloat) v = i32x4.trunc_sat_f32x4_s(v);
    const h = i16x8.narrow_i32x4_s(v, v);
    v128.store32_lane(y + <usize>i, i8x16.narrow_i16x8_s(h, h), 0);
  }
  for (; i < n; i++) {
    const w = fromFloat ? truncSat(load<f32>(x + <usize>i * 4)) : load<i32>(x + <usize>i * 4);
    store<i8>(y + <usize>i, <i8>min(127, max(-128, w)));
  }
}

function i8To32(x: usize, y: usize, n: i32, toFloat: bool): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const w = i32x4.extend_low_i16x8_s(i16x8.extend_low_i8x16_s(v128.load32_zero(x + <usize>i)));
    v128.store(y + <usize>i * 4, toFloat ? f32x4.convert_i32x4_s(w) : w);
  }
  for (; i < n; i++) {
    const w = <i32>load<i8>(x + <usize>i);
    if (toFloat) store<f32>(y + <usize>i * 4, <f32>w);
    else store<i32>(y + <usize>i * 4, w);
  }
}

/** y = cast(x) over n elements; `from` / `to` are 0 f32, 1 i32, 2 i8. Returns false for a pair it does not handle. */
export function castElements(from: i32, to: i32, x: usize, y: usize, n: i32): bool {
  if (from == to) {
    memory.copy(y, x, <usize>(n * (from == I8 ? 1 : 4)));
  } else if (from == F32 && to == I32) {
    f32ToI32(x, y, n);
  } else if (from == I32 && to == F32) {
    i32ToF32(x, y, n);
  } else if (to == I8) {
    toI8(x, y, n, from == F32);
  } else if (from == I8) {
    i8To32(x, y, n, to == F32);
  } else {
    return false;
  }
  return true;
}
