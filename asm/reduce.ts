/**
 * Sum and max reductions on f32, and argmax. The engine side
 * (src/engine/backends/wasm/ops/reduce.ts) merges adjacent axes that are
 * both reduced or both kept, which leaves three layouts of x as [A, B, C]
 * that cover the common cases:
 *   rows          [A, C] -> [A]       reduce the last axis (softmax, mean over features)
 *   middle        [A, B, C] -> [A, C] reduce a middle axis, SIMD across C (sum over a batch)
 *   outer+inner   [A, B, C] -> [B]    NCHW per-channel, axes [0, 2, 3] (batch norm)
 *
 * Sums are accumulated in f32 SIMD over chunks of at most CHUNK elements and
 * the chunk sums in f64, and the middle layout accumulates in f64 lanes, so
 * the error does not grow with the reduced length the way a single f32
 * accumulator's does (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., section 4.2); the reference backend sums in f64.
 * Max propagates NaN (f32x4.max), as the reference's Math.max does.
 */
import { hsumF32 } from './vec';

const SUM = 0;
/** Elements summed in f32 before the partial sum is moved to f64. */
const CHUNK: i32 = 256;

// @ts-ignore: decorator
@inline
function hmaxF32(v: v128): f32 {
  const m = f32x4.max(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return max<f32>(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1));
}

/** Sum of x[0..n) (f32 inside chunks, f64 across them). */
function sumRow(x: usize, n: i32): f64 {
  let total: f64 = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const end = min(n, start + CHUNK);
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    let i = start;
    for (; i + 8 <= end; i += 8) {
      const o = <usize>i * 4;
      s0 = f32x4.add(s0, v128.load(x + o));
      s1 = f32x4.add(s1, v128.load(x + o, 16));
    }
    for (; i + 4 <= end; i += 4) s0 = f32x4.add(s0, v128.load(x + <usize>i * 4));
    let s = hsumF32(f32x4.add(s0, s1));
    for (; i < end; i++) s += load<f32>(x + <usize>i * 4);
    total += <f64>s;
  }
  return total;
}

/** Max of x[0..n), n >= 1. */
function maxRow(x: usize, n: i32): f32 {
  let i = 0;
  let m: f32 = load<f32>(x);
  if (n >= 4) {
    let v = v128.load(x);
    for (i = 4; i + 4 <= n; i += 4) v = f32x4.max(v, v128.load(x + <usize>i * 4));
    m = hmaxF32(v);
  }
  for (; i < n; i++) m = max<f32>(m, load<f32>(x + <usize>i * 4));
  return m;
}

/** out[a] = reduce(x[a, 0..C)). */
export function reduceRowsF32(op: i32, x: usize, out: usize, A: i32, C: i32): void {
  const rowBytes = <usize>C * 4;
  for (let a = 0; a < A; a++) {
    const row = x + <usize>a * rowBytes;
    store<f32>(out + <usize>a * 4, op == SUM ? <f32>sumRow(row, C) : maxRow(row, C));
  }
}

/**
 * out[a, c] = reduce over b of x[a, b, c]. Sums go through `acc`, scratch of
 * C f64 (8-byte aligned).
 */
export function reduceMiddleF32(op: i32, x: usize, out: usize, A: i32, B: i32, C: i32, acc: usize): void {
  const rowBytes = <usize>C * 4;
  for (let a = 0; a < A; a++) {
    const src = x + <usize>(a * B) * rowBytes;
    const dst = out + <usize>a * rowBytes;
    if (op == SUM) {
      memory.fill(acc, 0, <usize>C * 8);
      for (let b = 0; b < B; b++) {
        const row = src + <usize>b * rowBytes;
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          const v = v128.load(row + <usize>c * 4);
          const p = acc + <usize>c * 8;
          v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
          v128.store(p, f64x2.add(v128.load(p, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3))), 16);
        }
        for (; c < C; c++) {
          const p = acc + <usize>c * 8;
          store<f64>(p, load<f64>(p) + <f64>load<f32>(row + <usize>c * 4));
        }
      }
      for (let c = 0; c < C; c++) store<f32>(dst + <usize>c * 4, <f32>load<f64>(acc + <usize>c * 8));
    } else {
      memory.copy(dst, src, rowBytes);
      for (let b = 1; b < B; b++) {
        const row = src + <usize>b * rowBytes;
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          const o = <usize>c * 4;
          v128.store(dst + o, f32x4.max(v128.load(dst + o), v128.load(row + o)));
        }
        for (; c < C; c++) {
          const o = <usize>c * 4;
          store<f32>(dst + o, max<f32>(load<f32>(dst + o), load<f32>(row + o)));
        }
      }
    }
  }
}

/** out[b] = reduce over a and c of x[a, b, c] (per-channel statistics of NCHW). */
export function reduceOuterInnerF32(op: i32, x: usize, out: usize, A: i32, B: i32, C: i32): void {
  const rowBytes = <usize>C * 4;
  for (let b = 0; b < B; b++) {
    if (op == SUM) {
      let s: f64 = 0;
      for (let a = 0; a < A; a++) s += sumRow(x + <usize>(a * B + b) * rowBytes, C);
      store<f32>(out + <usize>b * 4, <f32>s);
    } else {
      let m = maxRow(x + <usize>b * rowBytes, C);
      for (let a = 1; a < A; a++) m = max<f32>(m, maxRow(x + <usize>(a * B + b) * rowBytes, C));
      store<f32>(out + <usize>b * 4, m);
    }
  }
}

/**
 * out[a, c] = index of the first maximum of x[a, 0..B, c] (int32); a NaN
 * beats every number and the first NaN wins (NumPy argmax).
 */
export function argmaxF32(x: usize, out: usize, A: i32, B: i32, C: i32): void {
  for (let a = 0; a < A; a++) {
    for (let c = 0; c < C; c++) {
      let p = x + <usize>(a * B * C + c) * 4;
      const step = <usize>C * 4;
      let best = load<f32>(p);
      let at = 0;
      for (let b = 1; b < B && best == best; b++) {
        p += step;
        const v = load<f32>(p);
        if (v > best || v != v) {
          best = v;
          at = b;
        }
      }
      store<i32>(out + <usize>(a * C + c) * 4, at);
    }
  }
}
