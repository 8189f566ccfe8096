/**
 * Shape rules: for every primitive, the output shape and dtype, after checking
 * everything a kernel is allowed to assume. This table is the specification of
 * the primitive set; kernels (every backend) trust it and check nothing.
 *
 * Semantics, by group:
 * - unary (neg exp log sqrt abs tanh sigmoid erf relu round clip): float32/float64
 *   only; output has the input's shape and dtype. erf is the Gauss error
 *   function; clip(min, max) needs min <= max.
 * - binary (add sub mul div maximum cmpGt cmpEq): NumPy broadcasting; both
 *   operands share one dtype, which is the output's (cmp* give 1/0 in it).
 *   Floats only, except add/sub/mul also on int32, where they wrap modulo 2^32
 *   like Int32Array stores. maximum propagates NaN (IEEE 754-2019 maximum).
 * - where(cond, a, b): three inputs broadcast together; a and b share a dtype,
 *   which is the output's; cond may be any dtype, and nonzero (NaN included)
 *   selects a.
 * - sum/max: float only; axes sorted, unique, in [0, rank); keepDims keeps
 *   them as size 1. No axes is an identity copy. max over an empty axis is an
 *   error. argmax {axis}: float input, int32 output with the axis removed; the
 *   first maximum wins, and the first NaN beats everything (as NumPy).
 * - movement (any dtype): reshape to a fully resolved shape of equal size (no
 *   -1: the op resolves it); permute by a permutation; expand by NumPy
 *   broadcasting to params.shape; slice with 0 <= start <= end <= dim per
 *   axis; pad with [before, after] >= 0 per axis and a value representable in
 *   the dtype; concat of >= 1 inputs of one rank and dtype, equal except on
 *   the axis; cast to any dtype.
 * - cast to an integer type truncates toward zero and saturates to the
 *   type's range, NaN giving 0: the WebAssembly non-trapping conversions
 *   (`i32.trunc_sat_f32_s`, WebAssembly spec 2.0, section 4.3.2 "trunc_sat"),
 *   applied to int8 as well, so a WASM backend matches with one instruction.
 *   Casts to float round to nearest.
 * - matmul: a [M,K] or [B,M,K], b [K,N] or [B,K,N] as seen after transA /
 *   transB (which swap the last two dims); float only; batch dims broadcast
 *   when one side is 2-D or has batch 1. matmulInt8: 2-D int8 x int8 ->
 *   int32 with the same flags.
 * - conv2dInt8 / requantize (the integer-only quantized path): see
 *   quantized-shape-rules.ts.
 * - conv2d: x [N,C,H,W], w [Co, C/groups, kh, kw] -> [N,Co,Ho,Wo] with Ho =
 *   windowOutSize(H, kh, sh, padTop, padBottom, dh); zero padding; the dilated
 *   kernel must fit in the padded input. conv2dBackInput(dy, w) -> dx
 *   [N, w[1]*groups, ...inputHW]; conv2dBackFilter(x, dy) -> dw
 *   [Co, C/groups, ...kernelHW]; both check dy's Ho/Wo against the geometry.
 * - pools: x [N,C,H,W] -> [N,C,Ho,Wo]; each pad < kernel along its axis
 *   (ONNX MaxPool/AveragePool), so every window holds at least one real cell.
 *   maxPool2dGrad(x, dy) -> shape of x; avgPool2dGrad(dy) -> [N,C,...inputHW].
 *   countIncludePad is ONNX AveragePool's count_include_pad.
 *
 * Errors start with the primitive's name: TypeError for wrong input counts,
 * dtypes and malformed parameters, RangeError for values and shapes that do
 * not fit together.
 */
import { DTYPES, isDType, type DType } from './dtype.js';
import type { ParamsOf, Primitive, Conv2dParams, Pool2dParams } from './primitives.js';
import { formatShape, sizeOf } from './shape.js';
import {
  INT_RANGES, RANK_4, axisParam, boolParam, broadcastAll, checkIntList, checkOutHW, convGroups, hw, inputs, intList, intParam,
  pairParam, poolOut, requireFloat, requireRank, requireSameDType, windowOut,
  type OutputSpec, type ShapeRule, type TensorSpec,
} from './shape-checks.js';
import { conv2dInt8Rule, requantizeRule } from './quantized-shape-rules.js';

export { INT_RANGES, type OutputSpec, type ShapeRule, type TensorSpec } from './shape-checks.js';

/** Output of `prim` on `inputs`, or the error explaining why not. */
export function inferOutput<P extends Primitive>(prim: P, inputs: readonly TensorSpec[], params: ParamsOf<P>): OutputSpec {
  const rule: ShapeRule<P> = shapeRules[prim];
  return rule(inputs, params);
}

// ---- rule factories -------------------------------------------------------------
//
// Rules run before every primitive, so they avoid per-call garbage: input
// name lists are allocated once, parameters are checked without copies
// (copies only where a list becomes the output shape), loops replace
// closures. The errors are unchanged.

const X: readonly string[] = ['x'];
const A_B: readonly string[] = ['a', 'b'];
const X_W: readonly string[] = ['x', 'w'];
const DY_W: readonly string[] = ['dy', 'w'];
const X_DY: readonly string[] = ['x', 'dy'];
const DY: readonly string[] = ['dy'];
const COND_A_B: readonly string[] = ['cond', 'a', 'b'];
const MATMUL_RANKS: readonly number[] = [2, 3];
const MATMUL_INT8_RANKS: readonly number[] = [2];

function unary<P extends Primitive>(prim: P): ShapeRule<P> {
  return (xs) => {
    const x = inputs(prim, xs, X)[0]!;
    requireFloat(prim, x, 'x');
    return { shape: [...x.shape], dtype: x.dtype };
  };
}

function binary<P extends Primitive>(prim: P, allowInt32: boolean): ShapeRule<P> {
  return (xs) => {
    inputs(prim, xs, A_B);
    const a = xs[0]!, b = xs[1]!;
    requireSameDType(prim, a, b, 'a and b');
    if (!(DTYPES[a.dtype].isFloat || (allowInt32 && a.dtype === 'int32'))) {
      throw new TypeError(`${prim}: operands must be float32 or float64${allowInt32 ? ' or int32' : ''}, got ${a.dtype}`);
    }
    return { shape: broadcastAll(prim, xs), dtype: a.dtype };
  };
}

function reduce<P extends 'sum' | 'max'>(prim: P): ShapeRule<P> {
  return (xs, p) => {
    const x = inputs(prim, xs, X)[0]!;
    requireFloat(prim, x, 'x');
    boolParam(prim, 'keepDims', p.keepDims);
    const rank = x.shape.length;
    const axes = p.axes;
    checkIntList(prim, 'axes', axes, null, 0);
    let emptyAxis = false;
    for (let i = 0; i < axes.length; i++) {
      const a = axes[i]!;
      if (a >= rank) throw new RangeError(`${prim}: axis ${a} is out of range for a tensor of rank ${rank}`);
      if (i > 0 && a <= axes[i - 1]!) throw new RangeError(`${prim}: axes [${axes.join(', ')}] must be sorted and unique`);
      if (x.shape[a] === 0) emptyAxis = true;
    }
    // Axes are sorted and unique, so one pass walks them alongside the dims.
    const shape: number[] = [];
    for (let i = 0, k = 0; i < rank; i++) {
      if (k < axes.length && axes[k] === i) {
        k++;
        if (p.keepDims) shape.push(1);
      } else {
        shape.push(x.shape[i]!);
      }
    }
    if (prim === 'max' && emptyAxis && sizeOf(shape) > 0) {
      throw new RangeError(`${prim}: cannot take the max over an empty axis (shape ${formatShape(x.shape)}, axes [${axes.join(', ')}])`);
    }
    return { shape, dtype: x.dtype };
  };
}

function conv2dRule(xs: readonly TensorSpec[], p: Conv2dParams): OutputSpec {
  const prim = 'conv2d';
  inputs(prim, xs, X_W);
  const x = xs[0]!, w = xs[1]!;
  requireRank(prim, x, 'x', RANK_4);
  requireRank(prim, w, 'w', RANK_4);
  requireFloat(prim, x, 'x');
  requireSameDType(prim, x, w, 'x and w');
  convGroups(prim, p, w.shape, x.shape[1]!);
  if (w.shape[2] === 0 || w.shape[3] === 0) throw new RangeError(`${prim}: kernel must be non-empty, weight shape ${formatShape(w.shape)}`);
  const [ho, wo] = windowOut(prim, hw(x.shape), hw(w.shape), p.stride, p.pad, p.dilation);
  return { shape: [x.shape[0]!, w.shape[0]!, ho, wo], dtype: x.dtype };
}

function conv2dBackInputRule(xs: readonly TensorSpec[], p: ParamsOf<'conv2dBackInput'>): OutputSpec {
  const prim = 'conv2dBackInput';
  const [dy, w] = inputs(prim, xs, DY_W);
  requireRank(prim, dy!, 'dy', RANK_4);
  requireRank(prim, w!, 'w', RANK_4);
  requireFloat(prim, dy!, 'dy');
  requireSameDType(prim, dy!, w!, 'dy and w');
  const groups = convGroups(prim, p, w!.shape, null);
  const inHW = pairParam(prim, 'inputHW', p.inputHW, 0);
  if (dy!.shape[1] !== w!.shape[0]) {
    throw new RangeError(`${prim}: dy has ${dy!.shape[1]} channels but weight has ${w!.shape[0]} output channels (weight shape ${formatShape(w!.shape)})`);
  }
  if (w!.shape[2] === 0 || w!.shape[3] === 0) throw new RangeError(`${prim}: kernel must be non-empty, weight shape ${formatShape(w!.shape)}`);
  checkOutHW(prim, dy!, windowOut(prim, inHW, hw(w!.shape), p.stride, p.pad, p.dilation), inHW);
  return { shape: [dy!.shape[0]!, w!.shape[1]! * groups, inHW[0], inHW[1]], dtype: dy!.dtype };
}

function conv2dBackFilterRule(xs: readonly TensorSpec[], p: ParamsOf<'conv2dBackFilter'>): OutputSpec {
  const prim = 'conv2dBackFilter';
  const [x, dy] = inputs(prim, xs, X_DY);
  requireRank(prim, x!, 'x', RANK_4);
  requireRank(prim, dy!, 'dy', RANK_4);
  requireFloat(prim, x!, 'x');
  requireSameDType(prim, x!, dy!, 'x and dy');
  const kernel = pairParam(prim, 'kernelHW', p.kernelHW, 1);
  const [n, c] = [x!.shape[0]!, x!.shape[1]!];
  const co = dy!.shape[1]!;
  const groups = intParam(prim, 'groups', p.groups, 1);
  if (c % groups !== 0) throw new RangeError(`${prim}: ${c} input channels are not divisible by groups ${groups}`);
  convGroups(prim, p, [co, c / groups, ...kernel], c);
  if (dy!.shape[0] !== n) throw new RangeError(`${prim}: x has batch ${n} but dy has batch ${dy!.shape[0]}`);
  checkOutHW(prim, dy!, windowOut(prim, hw(x!.shape), kernel, p.stride, p.pad, p.dilation), hw(x!.shape));
  return { shape: [co, c / groups, kernel[0], kernel[1]], dtype: x!.dtype };
}

function poolRule<P extends 'maxPool2d' | 'avgPool2d'>(prim: P): ShapeRule<P> {
  return (xs, p) => {
    const [x] = inputs(prim, xs, X);
    requireRank(prim, x!, 'x', RANK_4);
    requireFloat(prim, x!, 'x');
    if (prim === 'avgPool2d') boolParam(prim, 'countIncludePad', (p as ParamsOf<'avgPool2d'>).countIncludePad);
    const [ho, wo] = poolOut(prim, p, hw(x!.shape));
    return { shape: [x!.shape[0]!, x!.shape[1]!, ho, wo], dtype: x!.dtype };
  };
}

function maxPool2dGradRule(xs: readonly TensorSpec[], p: Pool2dParams): OutputSpec {
  const prim = 'maxPool2dGrad';
  const [x, dy] = inputs(prim, xs, X_DY);
  requireRank(prim, x!, 'x', RANK_4);
  requireFloat(prim, x!, 'x');
  requireSameDType(prim, x!, dy!, 'x and dy');
  const [ho, wo] = poolOut(prim, p, hw(x!.shape));
  const expected = [x!.shape[0]!, x!.shape[1]!, ho, wo];
  if (formatShape(dy!.shape) !== formatShape(expected)) {
    throw new RangeError(`${prim}: dy shape ${formatShape(dy!.shape)} must be the pooled shape ${formatShape(expected)} of x ${formatShape(x!.shape)}`);
  }
  return { shape: [...x!.shape], dtype: x!.dtype };
}

function avgPool2dGradRule(xs: readonly TensorSpec[], p: ParamsOf<'avgPool2dGrad'>): OutputSpec {
  const prim = 'avgPool2dGrad';
  const [dy] = inputs(prim, xs, DY);
  requireRank(prim, dy!, 'dy', RANK_4);
  requireFloat(prim, dy!, 'dy');
  boolParam(prim, 'countIncludePad', p.countIncludePad);
  const inHW = pairParam(prim, 'inputHW', p.inputHW, 1);
  checkOutHW(prim, dy!, poolOut(prim, p, inHW), inHW);
  return { shape: [dy!.shape[0]!, dy!.shape[1]!, inHW[0], inHW[1]], dtype: dy!.dtype };
}

/** Rows (which = 0) or columns (1) of a matmul operand's last two dims after its transpose flag. */
function matrixDim(x: TensorSpec, trans: boolean, which: 0 | 1): number {
  const r = x.shape.length;
  return x.shape[r - 2 + (trans ? 1 - which : which)]!;
}

function matmulRule<P extends 'matmul' | 'matmulInt8'>(prim: P): ShapeRule<P> {
  return (xs, p) => {
    const [a, b] = inputs(prim, xs, A_B);
    boolParam(prim, 'transA', p.transA);
    boolParam(prim, 'transB', p.transB);
    const ranks = prim === 'matmul' ? MATMUL_RANKS : MATMUL_INT8_RANKS;
    requireRank(prim, a!, 'a', ranks);
    requireRank(prim, b!, 'b', ranks);
    requireSameDType(prim, a!, b!, 'a and b');
    if (prim === 'matmul') requireFloat(prim, a!, 'a');
    else if (a!.dtype !== 'int8') throw new TypeError(`${prim}: operands must be int8, got ${a!.dtype}`);
    const m = matrixDim(a!, p.transA, 0), k = matrixDim(a!, p.transA, 1);
    const k2 = matrixDim(b!, p.transB, 0), n = matrixDim(b!, p.transB, 1);
    if (k !== k2) {
      throw new RangeError(`${prim}: inner dimensions differ: a ${formatShape(a!.shape)} (transA ${p.transA}) gives K = ${k} ` +
        `but b ${formatShape(b!.shape)} (transB ${p.transB}) gives K = ${k2}`);
    }
    const ba = a!.shape.length === 3 ? a!.shape[0]! : null;
    const bb = b!.shape.length === 3 ? b!.shape[0]! : null;
    const dtype: DType = prim === 'matmul' ? a!.dtype : 'int32';
    if (ba === null && bb === null) return { shape: [m, n], dtype };
    if (ba !== null && bb !== null && ba !== bb && ba !== 1 && bb !== 1) {
      throw new RangeError(`${prim}: batch sizes ${ba} and ${bb} do not broadcast (a ${formatShape(a!.shape)}, b ${formatShape(b!.shape)})`);
    }
    const batch = ba === null ? bb! : bb === null || ba !== 1 ? ba : bb;
    return { shape: [batch, m, n], dtype };
  };
}

// ---- the table ------------------------------------------------------------------

export const shapeRules: { readonly [P in Primitive]: ShapeRule<P> } = {
  neg: unary('neg'), exp: unary('exp'), log: unary('log'), sqrt: unary('sqrt'), abs: unary('abs'), round: unary('round'),
  tanh: unary('tanh'), sigmoid: unary('sigmoid'), erf: unary('erf'), relu: unary('relu'),
  clip: (xs, p) => {
    const out = unary('clip')(xs, p);
    if (typeof p.min !== 'number' || typeof p.max !== 'number' || !(p.min <= p.max)) {
      throw new RangeError(`clip: needs numbers min <= max, got min ${String(p.min)}, max ${String(p.max)}`);
    }
    return out;
  },
  add: binary('add', true), sub: binary('sub', true), mul: binary('mul', true),
  div: binary('div', false), maximum: binary('maximum', false), cmpGt: binary('cmpGt', false), cmpEq: binary('cmpEq', false),
  where: (xs) => {
    const [, a, b] = inputs('where', xs, COND_A_B);
    requireSameDType('where', a!, b!, 'a and b');
    return { shape: broadcastAll('where', xs), dtype: a!.dtype };
  },
  sum: reduce('sum'),
  max: reduce('max'),
  argmax: (xs, p) => {
    const [x] = inputs('argmax', xs, X);
    requireFloat('argmax', x!, 'x');
    const axis = axisParam('argmax', 'axis', p.axis, x!.shape.length);
    const shape: number[] = [];
    for (let i = 0; i < x!.shape.length; i++) if (i !== axis) shape.push(x!.shape[i]!);
    if (x!.shape[axis] === 0 && sizeOf(shape) > 0) throw new RangeError(`argmax: axis ${axis} is empty in shape ${formatShape(x!.shape)}`);
    return { shape, dtype: 'int32' };
  },
  reshape: (xs, p) => {
    const x = inputs('reshape', xs, X)[0];
    if (Array.isArray(p.shape) && p.shape.includes(-1)) {
      throw new RangeError(`reshape: target shape ${formatShape(p.shape)} contains -1; the primitive takes a resolved shape (the op resolves -1)`);
    }
    const shape = intList('reshape', 'shape', p.shape, null, 0);
    if (sizeOf(shape) !== sizeOf(x!.shape)) {
      throw new RangeError(`reshape: cannot reshape ${formatShape(x!.shape)} (${sizeOf(x!.shape)} elements) to ${formatShape(shape)} (${sizeOf(shape)} elements)`);
    }
    return { shape, dtype: x!.dtype };
  },
  permute: (xs, p) => {
    const x = inputs('permute', xs, X)[0]!;
    const rank = x.shape.length;
    const perm = p.perm;
    checkIntList('permute', 'perm', perm, rank, 0);
    const shape: number[] = [];
    for (let i = 0; i < rank; i++) {
      const a = perm[i]!;
      // An axis out of range, or one whose first occurrence is earlier (a repeat): not a permutation.
      if (a >= rank || perm.indexOf(a) !== i) {
        throw new RangeError(`permute: perm [${perm.join(', ')}] is not a permutation of the ${rank} axes of ${formatShape(x.shape)}`);
      }
      shape.push(x.shape[a]!);
    }
    return { shape, dtype: x.dtype };
  },
  expand: (xs, p) => {
    const x = inputs('expand', xs, X)[0]!;
    const shape = intList('expand', 'shape', p.shape, null, 0);
    const off = shape.length - x.shape.length;
    let fits = off >= 0;
    for (let i = 0; fits && i < x.shape.length; i++) fits = x.shape[i] === 1 || x.shape[i] === shape[off + i];
    if (!fits) throw new RangeError(`expand: ${formatShape(x.shape)} does not broadcast to ${formatShape(shape)}`);
    return { shape, dtype: x.dtype };
  },
  slice: (xs, p) => {
    const x = inputs('slice', xs, X)[0]!;
    const rank = x.shape.length;
    const { starts, ends } = p;
    checkIntList('slice', 'starts', starts, rank, 0);
    checkIntList('slice', 'ends', ends, rank, 0);
    const shape: number[] = [];
    for (let i = 0; i < rank; i++) {
      const d = x.shape[i]!;
      if (starts[i]! > ends[i]! || ends[i]! > d) {
        throw new RangeError(`slice: axis ${i} needs 0 <= start <= end <= ${d}, got [${starts[i]}, ${ends[i]}) on shape ${formatShape(x.shape)}`);
      }
      shape.push(ends[i]! - starts[i]!);
    }
    return { shape, dtype: x.dtype };
  },
  pad: (xs, p) => {
    const [x] = inputs('pad', xs, X);
    const rank = x!.shape.length;
    if (!Array.isArray(p.pads) || p.pads.length !== rank) {
      throw new TypeError(`pad: pads must hold one [before, after] pair per axis (${rank}), got ${JSON.stringify(p.pads)}`);
    }
    const pads = p.pads.map((pr, i) => intList('pad', `pads[${i}]`, pr, 2, 0));
    if (typeof p.value !== 'number') throw new TypeError(`pad: value must be a number, got ${String(p.value)}`);
    if (x!.dtype === 'int8' || x!.dtype === 'int32') {
      const [lo, hi] = INT_RANGES[x!.dtype];
      if (!Number.isInteger(p.value) || p.value < lo || p.value > hi) {
        throw new RangeError(`pad: value ${p.value} is not representable in ${x!.dtype} [${lo}, ${hi}]`);
      }
    }
    const shape: number[] = [];
    for (let i = 0; i < rank; i++) shape.push(x!.shape[i]! + pads[i]![0]! + pads[i]![1]!);
    return { shape, dtype: x!.dtype };
  },
  concat: (xs, p) => {
    if (xs.length === 0) throw new TypeError('concat: expected at least 1 input, got 0');
    const all = inputs('concat', xs, xs.map((_, i) => `input ${i}`));
    const first = all[0]!;
    const axis = axisParam('concat', 'axis', p.axis, first.shape.length);
    const shape = [...first.shape];
    all.slice(1).forEach((x, k) => {
      requireSameDType('concat', first, x, `input 0 and input ${k + 1}`);
      if (x.shape.length !== shape.length || x.shape.some((d, i) => i !== axis && d !== first.shape[i])) {
        throw new RangeError(`concat: input ${k + 1} shape ${formatShape(x.shape)} must equal input 0 shape ${formatShape(first.shape)} except on axis ${axis}`);
      }
      shape[axis]! += x.shape[axis]!;
    });
    return { shape, dtype: first.dtype };
  },
  cast: (xs, p) => {
    const x = inputs('cast', xs, X)[0]!;
    if (!isDType(p.dtype)) throw new TypeError(`cast: unknown target dtype ${String(p.dtype)}`);
    return { shape: [...x.shape], dtype: p.dtype };
  },
  matmul: matmulRule('matmul'),
  matmulInt8: matmulRule('matmulInt8'),
  conv2dInt8: conv2dInt8Rule,
  requantize: requantizeRule,
  conv2d: conv2dRule,
  conv2dBackInput: conv2dBackInputRule,
  conv2dBackFilter: conv2dBackFilterRule,
  maxPool2d: poolRule('maxPool2d'),
  maxPool2dGrad: maxPool2dGradRule,
  avgPool2d: poolRule('avgPool2d'),
  avgPool2dGrad: avgPool2dGradRule,
};
