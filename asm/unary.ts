/**
 * Elementwise unary kernels on f32: y[i] = f(x[i]) for i < n. Four lanes per
 * step; the last n % 4 elements go through a 16-byte staging buffer so the
 * tail runs the same vector code (one formula, no scalar twin to drift).
 * x and y may be the same pointer.
 */
import { erfV, expV, logV, sigmoidV, tanhV } from './math';

const TAIL: usize = memory.data(16, 16);

// Opcodes, in the order of the engine's unary primitives (src/engine/backends/wasm/ops/unary.ts).
const NEG = 0, EXP = 1, LOG = 2, SQRT = 3, ABS = 4, TANH = 5, SIGMOID = 6, ERF = 7, RELU = 8, CLIP = 9, ROUND = 10;

// @ts-ignore: decorator
@inline
function apply(op: i32, v: v128, lo: v128, hi: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(v);
    case EXP: return expV(v);
    case LOG: return logV(v);
    case SQRT: return f32x4.sqrt(v);
    case ABS: return f32x4.abs(v);
    case TANH: return tanhV(v);
    case SIGMOID: return sigmoidV(v);
    case ERF: return erfV(v);
    // max(x, 0) with NaN kept and -0 -> +0: pmax(0, x) is "0 < x ? x : 0", then NaN lanes restored.
    case RELU: return v128.bitselect(v, f32x4.pmax(f32x4.splat(0), v), f32x4.ne(v, v));
    // min(max(x, lo), hi) with NaN kept: pmax/pmin return their first operand on NaN.
    case CLIP: return f32x4.pmin(f32x4.pmax(v, lo), hi);
    // f32x4.nearest is roundTiesToEven (WebAssembly spec, 'fnearest').
    case ROUND: return f32x4.nearest(v);
    default: return v;
  }
}

// @ts-ignore: decorator
@inline
function loop(op: i32, x: usize, y: usize, n: i32, a: f32, b: f32): void {
  const lo = f32x4.splat(a), hi = f32x4.splat(b);
  let i = 0;
  // Two independent vectors per step: the polynomial chains are latency
  // bound, and interleaving two of them fills the multiply/add pipes.
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i * 4;
    const v0 = apply(op, v128.load(x + o), lo, hi);
    const v1 = apply(op, v128.load(x + o, 16), lo, hi);
    v128.store(y + o, v0);
    v128.store(y + o, v1, 16);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i * 4;
    v128.store(y + o, apply(op, v128.load(x + o), lo, hi));
  }
  const rest = n - i;
  if (rest > 0) {
    const o = <usize>i * 4;
    v128.store(TAIL, f32x4.splat(0));
    memory.copy(TAIL, x + o, <usize>rest * 4);
    v128.store(TAIL, apply(op, v128.load(TAIL), lo, hi));
    memory.copy(y + o, TAIL, <usize>rest * 4);
  }
}

/**
 * y = op(x) over n floats; `a`, `b` are clip's min and max (ignored
 * otherwise). Each case instantiates the loop with a constant opcode, so the
 * optimizer removes the switch from the inner loop.
 */
export function unaryF32(op: i32, x: usize, y: usize, n: i32, a: f32, b: f32): void {
  switch (op) {
    case NEG: loop(NEG, x, y, n, a, b); break;
    case EXP: loop(EXP, x, y, n, a, b); break;
    case LOG: loop(LOG, x, y, n, a, b); break;
    case SQRT: loop(SQRT, x, y, n, a, b); break;
    case ABS: loop(ABS, x, y, n, a, b); break;
    case TANH: loop(TANH, x, y, n, a, b); break;
    case SIGMOID: loop(SIGMOID, x, y, n, a, b); break;
    case ERF: loop(ERF, x, y, n, a, b); break;
    case RELU: loop(RELU, x, y, n, a, b); break;
    case CLIP: loop(CLIP, x, y, n, a, b); break;
    case ROUND: loop(ROUND, x, y, n, a, b); break;
    default: break;
  }
}
