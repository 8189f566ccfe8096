/**
 * Small SIMD vector loops shared by the convolution and pooling kernels:
 * 4 f32 lanes per step, then a scalar tail, on unaligned pointers (v128 loads
 * and stores need no alignment in WebAssembly).
 */

/** dst[0..n) = src[0..n) (non-overlapping). */
export function copyF32(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i * 4;
    v128.store(dst + o, v128.load(src + o));
    v128.store(dst + o, v128.load(src + o, 16), 16);
  }
  for (; i + 4 <= n; i += 4) v128.store(dst + <usize>i * 4, v128.load(src + <usize>i * 4));
  for (; i < n; i++) store<f32>(dst + <usize>i * 4, load<f32>(src + <usize>i * 4));
}

/** dst[0..n) = 0. */
export function zeroF32(dst: usize, n: i32): void {
  let i = 0;
  const z = f32x4.splat(0);
  for (; i + 4 <= n; i += 4) v128.store(dst + <usize>i * 4, z);
  for (; i < n; i++) store<f32>(dst + <usize>i * 4, 0);
}

/** dst[0..n) += src[0..n). */
export function addIntoF32(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i * 4;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/** dst[0..n) += a * src[0..n). */
export function axpyF32(dst: usize, src: usize, a: f32, n: i32): void {
  const av = f32x4.splat(a);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i * 4;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.mul(av, v128.load(src + o))));
    v128.store(dst + o, f32x4.add(v128.load(dst + o, 16), f32x4.mul(av, v128.load(src + o, 16))), 16);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i * 4;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.mul(av, v128.load(src + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    store<f32>(dst + o, load<f32>(dst + o) + a * load<f32>(src + o));
  }
}

/** Sum of the four lanes. */
// @ts-ignore: decorator
@inline
export function hsumF32(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

/** sum(a[0..n) * b[0..n)), with two vector accumulators. */
export function dotF32(a: usize, b: usize, n: i32): f32 {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i * 4;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i * 4;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  let s = hsumF32(f32x4.add(s0, s1));
  for (; i < n; i++) s += load<f32>(a + <usize>i * 4) * load<f32>(b + <usize>i * 4);
  return s;
}
