/**
 * Elementwise binary kernels on f32 with broadcasting, and `where`.
 *
 * The engine side (src/engine/backends/wasm/ops/binary.ts) folds the
 * broadcast into at most four merged axes, outermost first, each with a
 * size and per-operand element strides (0 on a broadcast axis). The innermost
 * axis has stride 1 or 0 for each operand, which gives the three SIMD run
 * shapes: both contiguous (same shape), one operand splatted (a scalar, or a
 * per-channel value such as an NCHW bias [1, C, 1, 1] held over H*W), or the
 * other splatted. The outer axes are plain loops around these runs.
 *
 * Semantics match the reference kernels: maximum is IEEE 754-2019 maximum
 * (NaN wins, -0 < +0), which is exactly wasm's f32x4.max / f32.max; the
 * comparisons give 1.0 or 0.0.
 */

// Opcodes, in the order of the engine's binary primitives (src/engine/backends/wasm/ops/binary.ts).
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAXIMUM = 4, CMPGT = 5, CMPEQ = 6;

// @ts-ignore: decorator
@inline
function vop(op: i32, a: v128, b: v128): v128 {
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
function sop(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case MAXIMUM: return max<f32>(a, b);
    case CMPGT: return a > b ? 1 : 0;
    case CMPEQ: return a == b ? 1 : 0;
    default: return a;
  }
}

/** out[0..n) = a[i·as] op b[i·bs] with as, bs in {0, 1} (not both 0). */
// @ts-ignore: decorator
@inline
function run(op: i32, a: usize, as: i32, b: usize, bs: i32, out: usize, n: i32): void {
  let i = 0;
  if (as != 0 && bs != 0) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      v128.store(out + o, vop(op, v128.load(a + o), v128.load(b + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i * 4;
      store<f32>(out + o, sop(op, load<f32>(a + o), load<f32>(b + o)));
    }
  } else if (as != 0) {
    const s = load<f32>(b);
    const sv = f32x4.splat(s);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      v128.store(out + o, vop(op, v128.load(a + o), sv));
    }
    for (; i < n; i++) {
      const o = <usize>i * 4;
      store<f32>(out + o, sop(op, load<f32>(a + o), s));
    }
  } else {
    const s = load<f32>(a);
    const sv = f32x4.splat(s);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i * 4;
      v128.store(out + o, vop(op, sv, v128.load(b + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i * 4;
      store<f32>(out + o, sop(op, s, load<f32>(b + o)));
    }
  }
}

// @ts-ignore: decorator
@inline
function drive(
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
        run(op, pa, as3, pb, bs3, o, n3);
        o += rowBytes;
      }
    }
  }
}

/**
 * out = a (op) b over the merged broadcast layout [n0, n1, n2, n3] (out
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
    case ADD: drive(ADD, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case SUB: drive(SUB, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case MUL: drive(MUL, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case DIV: drive(DIV, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case MAXIMUM: drive(MAXIMUM, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case CMPGT: drive(CMPGT, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
    case CMPEQ: drive(CMPEQ, a, b, out, n0, n1, n2, n3, as0, as1, as2, as3, bs0, bs1, bs2, bs3); break;
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
