/**
 * Shape rules of the integer-only quantized primitives (the specification
 * their kernels trust):
 *
 * - conv2dInt8: x int8 [N,C,H,W], w int8 [Co, C/groups, kh, kw] -> int32
 *   [N,Co,Ho,Wo], the geometry of conv2d, with padded cells holding
 *   `padValue` (an integer in [-128, 127], the input's zero point). Sums are
 *   exact: one product is at most 128 · 128 = 2^14 in magnitude, so a dot
 *   product of K = (C/groups)·kh·kw terms stays inside int32 (and every
 *   partial sum too, whatever the summation order) when K · 2^14 <= 2^31 - 1,
 *   i.e. K <= MAX_INT8_DOT_LENGTH = 131071; longer kernels are rejected.
 * - requantize: acc int32 of rank >= 1, optional bias int32 [C] with
 *   C = acc.shape[axis] -> outDtype (int8 or int32), same shape. multiplier
 *   and shift each hold 1 entry (per tensor) or C (per channel along axis);
 *   multipliers are integers in [0, 2^31 - 1] (0: the output is the zero
 *   point), shifts integers in [-31, 30]; zeroPoint, min and max are integers
 *   representable in outDtype with min <= max; rounding is 'double' or
 *   'single'. The arithmetic is in fixed-point.ts.
 */
import { INT_RANGES, RANK_4, axisParam, convGroups, hw, inputs, requireRank, windowOut, type OutputSpec, type TensorSpec } from './shape-checks.js';
import { MAX_MULTIPLIER, MAX_SHIFT, MIN_SHIFT, ROUNDING_MODES } from './fixed-point.js';
import type { Conv2dInt8Params, Primitive, RequantizeParams } from './primitives.js';
import { formatShape } from './shape.js';

/** Longest int8 dot product whose int32 sum cannot overflow: floor((2^31 - 1) / 2^14). */
export const MAX_INT8_DOT_LENGTH = Math.floor(2147483647 / 16384);

/** Input names, allocated once (rules run before every primitive). */
const X_W: readonly string[] = ['x', 'w'];
const ACC: readonly string[] = ['acc'];
const ACC_BIAS: readonly string[] = ['acc', 'bias'];

function requireDType(prim: Primitive, x: TensorSpec, name: string, dtype: 'int8' | 'int32'): void {
  if (x.dtype !== dtype) throw new TypeError(`${prim}: ${name} must be ${dtype}, got ${x.dtype}`);
}

/** An integer in [lo, hi], named in the error. */
function boundedInt(prim: Primitive, name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${prim}: ${name} must be an integer, got ${String(v)}`);
  if (v < lo || v > hi) throw new RangeError(`${prim}: ${name} must be in [${lo}, ${hi}], got ${v}`);
  return v;
}

export function conv2dInt8Rule(xs: readonly TensorSpec[], p: Conv2dInt8Params): OutputSpec {
  const prim = 'conv2dInt8';
  const [x, w] = inputs(prim, xs, X_W);
  requireRank(prim, x!, 'x', RANK_4);
  requireRank(prim, w!, 'w', RANK_4);
  requireDType(prim, x!, 'x', 'int8');
  requireDType(prim, w!, 'w', 'int8');
  convGroups(prim, p, w!.shape, x!.shape[1]!);
  const cg = w!.shape[1]!, kh = w!.shape[2]!, kw = w!.shape[3]!;
  if (kh === 0 || kw === 0) throw new RangeError(`${prim}: kernel must be non-empty, weight shape ${formatShape(w!.shape)}`);
  boundedInt(prim, 'padValue', p.padValue, INT_RANGES.int8[0], INT_RANGES.int8[1]);
  if (cg * kh * kw > MAX_INT8_DOT_LENGTH) {
    throw new RangeError(`${prim}: each output sums (C/groups)·kh·kw = ${cg}·${kh}·${kw} = ${cg * kh * kw} int8 products, ` +
      `more than the ${MAX_INT8_DOT_LENGTH} whose sum is guaranteed to fit int32 (weight shape ${formatShape(w!.shape)}); split the channels into groups`);
  }
  const [ho, wo] = windowOut(prim, hw(x!.shape), hw(w!.shape), p.stride, p.pad, p.dilation);
  return { shape: [x!.shape[0]!, w!.shape[0]!, ho, wo], dtype: 'int32' };
}

/**
 * A per-tensor (1 entry) or per-channel (C entries) list of integers in [lo, hi].
 * Checked in a plain loop; an entry's name is only spelled out for its error.
 */
function channelList(prim: Primitive, name: string, v: unknown, channels: number, axis: number, lo: number, hi: number): void {
  if (!Array.isArray(v)) throw new TypeError(`${prim}: ${name} must be an array of integers, got ${String(v)}`);
  if (v.length !== 1 && v.length !== channels) {
    throw new RangeError(`${prim}: ${name} must have 1 entry (per tensor) or ${channels} (one per channel along axis ${axis}), got ${v.length}`);
  }
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) boundedInt(prim, `${name}[${i}]`, x, lo, hi);
  }
}

export function requantizeRule(xs: readonly TensorSpec[], p: RequantizeParams): OutputSpec {
  const prim = 'requantize';
  if (xs.length !== 1 && xs.length !== 2) throw new TypeError(`${prim}: expected 1 or 2 inputs (acc, optional bias), got ${xs.length}`);
  const [acc, bias] = inputs(prim, xs, xs.length === 1 ? ACC : ACC_BIAS);
  requireDType(prim, acc!, 'acc', 'int32');
  const rank = acc!.shape.length;
  if (rank === 0) throw new RangeError(`${prim}: acc must have rank >= 1 (a channel axis), got a scalar`);
  const axis = axisParam(prim, 'axis', p.axis, rank);
  const channels = acc!.shape[axis]!;
  if (bias !== undefined) {
    requireDType(prim, bias, 'bias', 'int32');
    if (bias.shape.length !== 1 || bias.shape[0] !== channels) {
      throw new RangeError(`${prim}: bias must have shape [${channels}] (acc ${formatShape(acc!.shape)} along axis ${axis}), got ${formatShape(bias.shape)}`);
    }
  }
  if (p.outDtype !== 'int8' && p.outDtype !== 'int32') throw new TypeError(`${prim}: outDtype must be 'int8' or 'int32', got ${String(p.outDtype)}`);
  const [lo, hi] = INT_RANGES[p.outDtype];
  channelList(prim, 'multiplier', p.multiplier, channels, axis, 0, MAX_MULTIPLIER);
  channelList(prim, 'shift', p.shift, channels, axis, MIN_SHIFT, MAX_SHIFT);
  boundedInt(prim, 'zeroPoint', p.zeroPoint, lo, hi);
  boundedInt(prim, 'min', p.min, lo, hi);
  boundedInt(prim, 'max', p.max, lo, hi);
  if (p.min > p.max) throw new RangeError(`${prim}: min ${p.min} must be <= max ${p.max}`);
  if (!ROUNDING_MODES.includes(p.rounding)) {
    throw new TypeError(`${prim}: rounding must be ${ROUNDING_MODES.map((m) => `'${m}'`).join(' or ')}, got ${String(p.rounding)}`);
  }
  return { shape: [...acc!.shape], dtype: p.outDtype };
}
