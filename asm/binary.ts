/**
 * Elementwise binary kernels with broadcasting, on f32 and on i32, and `where`.
 *
 * The engine side (src/engine/backends/wasm/ops/binary.ts) folds the
 * broadcast into at most four merged axes, outermost first, each with a
 * size and per-operand element strides (0 on a broadcast axis). The innermost
 * axis has stride 1 or 0 for each operand, which gives the three SIMD run
 * shapes: both contiguous (same shape), one operand splatted (a scalar, or a
 * per-channel value such as an NCHW bias [1, C, 1, 1] held over H*W), or the
 * other splatted. The outer axes are plain loops around these runs. Both
 * element types are 4 bytes, so one generic driver serves both.
 *
 * Semantics match the reference kernels (src/engine/backends/reference/binary.ts):
 * - f32: maximum is IEEE 754-2019 maximum (NaN wins, -0 < +0), which is
 *   exactly wasm's f32x4.max / f32.max; the comparisons give 1.0 or 0.0.
 * - i32 (add, sub, mul only: the shape rules allow no other int32 binary):
 *   two's-complement wrap-around. The reference adds and subtracts in
 *   float64, exact for int32 operands, and its Int32Array store reduces
 *   modulo 2^32 (ECMAScript ToInt32); it multiplies with Math.imul, the low
 *   32 bits of the product. wasm's i32.add / i32.sub / i32.mul and
 *   i32x4.add / i32x4.sub / i32x4.mul are defined modulo 2^32 (WebAssembly
 *   spec, "Numerics: iadd, isub, imul"), so every result is bit-identical.
 */

// Opcodes, in the order of the engine's binary primitives (src/engine/backends/wasm/ops/binary.ts).
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAXIMUM = 4, CMPGT = 5, CMPEQ = 6;

// @ts-ignore: decorator
@inline
function vop<T>(op: i32, a: v128, b: v128): v128 {
  if (isInteger<T>()) {
    switch (op) {
      case ADD: return i32x4.add(a, b);
      case SUB: return i32x4.sub(a, b);
      case MUL: return i32x4.mul(a, b);
      default: return a;
    }
  }
  switch (op) {
    case ADD: return f32x4.add(a, b);
    case SUB: return f32x4.sub(a, b);
    case MUL: return f32x4.mul(a, b);
    case DIV: return f32x4.div(a, b);
    case MAXIMUM: return f32x4.max(a, b);
    case CMPGT: return v128.and(f32x4.gt(a, b), f32x4.splat(1));
    case CMPEQ: return v128.and(f32x4.eq(a, b), f32x4.splat(1));
    default: return a;
  }
}

// @ts-ignore: decorator
@inline
function sop<T>(op: i32, a: T, b: T): T {
  if (isInteger<T>()) {
    switch (op) {
      case ADD: return a + b;
      case SUB: return a - b;
      case MUL: return a * b;
      default: return a;
    }
  }
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case MAXIMUM: return max<T>(a, b);
    case CMPGT: return <T>(a > b ? 1 : 0);
    case CMPEQ: return <T>(a == b ? 1 : 0);
    default: return a;
  }
}

/** All four lanes = s. */
// @ts-ignore: decorator
@inline
function splat<T>(s: T): v128 {
  return isInteger<T>() ? i32x4.splat(<i32>s) : f32x4.splat(<f32>s);
}

/** out[0..n) = a[i·as] op b[i·bs] with as, bs in {0, 1} (not both 0). */
// @ts-ignore: decorator
@inline
function run<T>(op: i32, a: usize, as: i32, b: usize, bs: i32, out: usize, n: i32): void {
  let i = 0;
  if (as != 0 && bs != 0) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      v128.store(out + o, vop<T>(op, v128.load(a + o), v128.load(b + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i * 4;
      store<T>(out + o, sop<T>(op, load<T>(a + o), load<T>(b + o)));
    }
  } else if (as != 0) {
    const s = load<T>(b);
    const sv = splat<T>(s);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      v128.store(out + o, vop<T>(op, v128.load(a + o), sv));
    }
    for (; i < n; i++) {
      const o = <usize>i * 4;
      store<T>(out + o, sop<T>(op, load<T>(a + o), s));
    }
  } else {
    const s = load<T>(a);
    const sv = splat<T>(s);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      v128.store(out + o, vop<T>(op, sv, v128.load(b + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i * 4;
      store<T>(out + o, sop<T>(op, s, load<T>(b + o)));
    }
  }
}

// @ts-ignore: decorator
@inline
function drive<T>(
  op: i32, a: usize, b: usize, out: usize,
  n0: i32, n1: i32, n2: i32, n3: i32,
  as0: i32, as1: i32, as2: i32, as3: i32,
  bs0: i32, bs1: i32, bs2: i32, bs3: i32,
): void {
  let o = out;
  const rowBytes = <usize>n3 * 4;
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      for (let i2 = 0; i2 < n2; i2++) {
        const pa = a + <usize>(i0 * as0 + i1 * as1 + i2 * as2) * 4;
        const pb = b + <usize>(i0 * bs0 + i1 * bs1 + i2 * bs2) * 4;
        run<T>(op, pa, as3, pb, bs3, o, n3);
        o += rowBytes;
      }
    }
  }
}

/**
 * out = a (op) b on f32 over the merged broadcast layout [n0, n1, n2, n3] (out
 * contiguous; as*, bs* are element strides, 0 where broadcast). One case per
 * opcode so each inlined copy of the loops has a constant op.
 */
export function binaryF32(
  op: i32, a: usize, b: usize, out: usize,
  n0: i32, n1: i32, n2: i32, n3: i32,
  as0: i32, as1: i32, as2: i32, as3: i32,
  bs0: i32, bs1: i32, bs2: i32, bs3: i32,
): void {
  switch (op) {
    case ADD: drive<f32>(ADD, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case SUB: drive<f32>(SUB, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case MUL: drive<f32>(MUL, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case DIV: drive<f32>(DIV, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case MAXIMUM: drive<f32>(MAXIMUM, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case CMPGT: drive<f32>(CMPGT, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case CMPEQ: drive<f32>(CMPEQ, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    default: break;
  }
}

/**
 * binaryF32 on int32 operands, for ADD, SUB and MUL (wrapping modulo 2^32);
 * any other opcode writes nothing (the engine never sends one).
 */
export function binaryI32(
  op: i32, a: usize, b: usize, out: usize,
  n0: i32, n1: i32, n2: i32, n3: i32,
  as0: i32, as1: i32, as2: i32, as3: i32,
  bs0: i32, bs1: i32, bs2: i32, bs3: i32,
): void {
  switch (op) {
    case ADD: drive<i32>(ADD, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case SUB: drive<i32>(SUB, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case MUL: drive<i32>(MUL, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    default: break;
  }
}

/** out[i] = c[i] != 0 ? a[i] : b[i] over n floats (NaN in c counts as nonzero). */
export function whereF32(c: usize, a: usize, b: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i * 4;
    v128.store(out + o, v128.bitselect(v128.load(a + o), v128.load(b + o), f32x4.ne(v128.load(c + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    store<f32>(out + o, load<f32>(c + o) != 0 ? load<f32>(a + o) : load<f32>(b + o));
  }
}
