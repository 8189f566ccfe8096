/**
 * The checks shape rules are written with: input counts, dtypes and ranks,
 * integer parameters, and the window geometry of convolutions and pools.
 * Every message starts with the primitive's name and names the input or
 * parameter at fault (TypeError for malformed, RangeError for misfitting).
 */
import { DTYPES, isDType, type DType } from './dtype.js';
import { windowOutSize, type ParamsOf, type Primitive, type Pair, type Pads2d, type Conv2dParams, type Pool2dParams } from './primitives.js';
import { formatShape, type Shape } from './shape.js';

export interface TensorSpec {
  readonly shape: Shape;
  readonly dtype: DType;
}

export interface OutputSpec {
  shape: number[];
  dtype: DType;
}

export type ShapeRule<P extends Primitive> = (inputs: readonly TensorSpec[], params: ParamsOf<P>) => OutputSpec;

/** Inclusive value range of each integer dtype, for saturating casts and pad values. */
export const INT_RANGES = { int8: [-128, 127], int32: [-2147483648, 2147483647] } as const;

// ---- input checks -------------------------------------------------------------

export function inputs(prim: Primitive, xs: readonly TensorSpec[], names: readonly string[]): readonly TensorSpec[] {
  if (xs.length !== names.length) {
    throw new TypeError(`${prim}: expected ${names.length} input(s) (${names.join(', ')}), got ${xs.length}`);
  }
  for (let i = 0; i < xs.length; i++) checkSpec(prim, xs[i]!, names[i]!);
  return xs;
}

export function checkSpec(prim: Primitive, x: TensorSpec, name: string): void {
  if (!isDType(x.dtype)) throw new TypeError(`${prim}: ${name} has unknown dtype ${String(x.dtype)}`);
  if (!Array.isArray(x.shape) || !isIntList(x.shape, null, 0)) {
    throw new TypeError(`${prim}: ${name} shape ${formatShape(x.shape)} must hold non-negative integers`);
  }
}

export function requireFloat(prim: Primitive, x: TensorSpec, name: string): void {
  if (!DTYPES[x.dtype].isFloat) throw new TypeError(`${prim}: ${name} must be float32 or float64, got ${x.dtype}`);
}

/** The rank lists rules pass to requireRank, allocated once. */
export const RANK_4: readonly number[] = [4];

export function requireRank(prim: Primitive, x: TensorSpec, name: string, ranks: readonly number[]): void {
  if (!ranks.includes(x.shape.length)) {
    throw new RangeError(`${prim}: ${name} must have rank ${ranks.join(' or ')}, got shape ${formatShape(x.shape)}`);
  }
}

export function requireSameDType(prim: Primitive, a: TensorSpec, b: TensorSpec, names: string): void {
  if (a.dtype !== b.dtype) throw new TypeError(`${prim}: ${names} must share a dtype, got ${a.dtype} and ${b.dtype}`);
}

/** NumPy broadcast of several shapes, naming the first axis that disagrees. */
export function broadcastAll(prim: Primitive, xs: readonly TensorSpec[]): number[] {
  if (allSameShape(xs)) return [...xs[0]!.shape];
  let rank = 0;
  for (let k = 0; k < xs.length; k++) rank = Math.max(rank, xs[k]!.shape.length);
  const out = new Array<number>(rank).fill(1);
  for (let i = 0; i < rank; i++) {
    for (let k = 0; k < xs.length; k++) {
      const s = xs[k]!.shape;
      // Leading axes a shorter shape lacks count as 1 (no reads below index 0: those are slow property misses).
      const j = i - (rank - s.length);
      const d = j < 0 ? 1 : s[j]!;
      if (d === 1 || d === out[i]) continue;
      if (out[i] !== 1) {
        const shapes = xs.map((x) => formatShape(x.shape)).join(' and ');
        throw new RangeError(`${prim}: shapes ${shapes} do not broadcast (${out[i]} vs ${d} at output axis ${i} of ${rank})`);
      }
      out[i] = d;
    }
  }
  return out;
}

/** Whether every shape equals the first (the common, broadcast-free case). */
function allSameShape(xs: readonly TensorSpec[]): boolean {
  const first = xs[0]!.shape;
  for (let k = 1; k < xs.length; k++) {
    const s = xs[k]!.shape;
    if (s === first) continue;
    if (s.length !== first.length) return false;
    for (let i = 0; i < s.length; i++) if (s[i] !== first[i]) return false;
  }
  return true;
}

// ---- parameter checks ---------------------------------------------------------

export function intParam(prim: Primitive, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${prim}: ${name} must be an integer, got ${String(v)}`);
  if (v < min) throw new RangeError(`${prim}: ${name} must be >= ${min}, got ${v}`);
  return v;
}

/**
 * Whether `v` is an array of integers >= min (of `length` entries unless null).
 * The hot path of every list check: no allocation, no message built; the
 * checks below rebuild the exact error only when this says no.
 */
export function isIntList(v: unknown, length: number | null, min: number): boolean {
  if (!Array.isArray(v) || (length !== null && v.length !== length)) return false;
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min) return false;
  }
  return true;
}

/** Checks an integer list without copying it (for parameters the rule only reads). */
export function checkIntList(prim: Primitive, name: string, v: unknown, length: number | null, min: number): void {
  if (isIntList(v, length, min)) return;
  if (!Array.isArray(v)) throw new TypeError(`${prim}: ${name} must be an array of integers, got ${String(v)}`);
  if (length !== null && v.length !== length) {
    throw new TypeError(`${prim}: ${name} must have ${length} entries, got ${v.length} ([${v.join(', ')}])`);
  }
  for (let i = 0; i < v.length; i++) intParam(prim, `${name}[${i}]`, v[i], min);
}

/** A checked copy of an integer list (safe to return as an output shape). */
export function intList(prim: Primitive, name: string, v: unknown, length: number | null, min: number): number[] {
  checkIntList(prim, name, v, length, min);
  // Spread, not slice(): slice() of a frozen array (a tensor's shape) is ten times slower in V8.
  return [...(v as number[])];
}

export function pairParam(prim: Primitive, name: string, v: unknown, min: number): Pair {
  checkIntList(prim, name, v, 2, min);
  return v as Pair;
}

export function boolParam(prim: Primitive, name: string, v: unknown): void {
  if (typeof v !== 'boolean') throw new TypeError(`${prim}: ${name} must be a boolean, got ${String(v)}`);
}

export function axisParam(prim: Primitive, name: string, v: unknown, rank: number): number {
  const a = intParam(prim, name, v, 0);
  if (a >= rank) throw new RangeError(`${prim}: ${name} ${a} is out of range for a tensor of rank ${rank}`);
  return a;
}

// ---- window geometry (conv and pools) -------------------------------------------

/** The stride, padding and (for convolutions) dilation of a 2-D window. */
export interface WindowSteps {
  readonly stride: Pair;
  readonly pad: Pads2d;
  readonly dilation?: Pair;
}

export function checkWindowParams(prim: Primitive, p: WindowSteps): void {
  checkIntList(prim, 'stride', p.stride, 2, 1);
  checkIntList(prim, 'pad', p.pad, 4, 0);
  if (p.dilation !== undefined) checkIntList(prim, 'dilation', p.dilation, 2, 1);
}

/** Dilation of pooling windows, which have none. */
export const NO_DILATION: Pair = [1, 1];

/** Output height and width; throws when the dilated kernel does not fit the padded input. */
export function windowOut(prim: Primitive, inHW: Pair, kernel: Pair, stride: Pair, pad: Pads2d, dilation: Pair): [number, number] {
  return [windowAxis(prim, 0, inHW[0], kernel[0], stride[0], pad[0], pad[2], dilation[0]),
    windowAxis(prim, 1, inHW[1], kernel[1], stride[1], pad[1], pad[3], dilation[1])];
}

function windowAxis(prim: Primitive, ax: 0 | 1, size: number, k: number, stride: number, before: number, after: number, dilation: number): number {
  const eff = dilation * (k - 1) + 1;
  if (size + before + after < eff) {
    const what = ax === 0 ? 'height' : 'width';
    throw new RangeError(`${prim}: the ${what} window (kernel ${k}, dilation ${dilation}, extent ${eff}) ` +
      `exceeds the padded input ${what} ${size} + ${before} + ${after}`);
  }
  return windowOutSize(size, k, stride, before, after, dilation);
}

export function checkOutHW(prim: Primitive, dy: TensorSpec, expected: Pair, inHW: Pair): void {
  if (dy.shape[2] !== expected[0] || dy.shape[3] !== expected[1]) {
    throw new RangeError(`${prim}: dy spatial size [${dy.shape[2]}, ${dy.shape[3]}] does not match the ` +
      `[${expected[0]}, ${expected[1]}] windows of a [${inHW[0]}, ${inHW[1]}] input (dy shape ${formatShape(dy.shape)})`);
  }
}

export function convGroups(prim: Primitive, p: Conv2dParams, w: readonly number[], channels: number | null): number {
  checkWindowParams(prim, p);
  const groups = intParam(prim, 'groups', p.groups, 1);
  const [co, cg] = [w[0]!, w[1]!];
  if (co % groups !== 0) throw new RangeError(`${prim}: ${co} output channels are not divisible by groups ${groups}`);
  if (channels !== null && channels !== cg * groups) {
    throw new RangeError(`${prim}: input has ${channels} channels but weight expects ${cg * groups} ` +
      `(weight shape ${formatShape(w)}, groups ${groups})`);
  }
  return groups;
}

/** Pool parameters and the pooled [Ho, Wo] of an [H, W] input. */
export function poolOut(prim: Primitive, p: Pool2dParams, inHW: Pair): [number, number] {
  checkWindowParams(prim, p);
  const k = pairParam(prim, 'kernel', p.kernel, 1);
  for (let i = 0; i < 4; i++) {
    if (p.pad[i]! >= k[i % 2]!) {
      throw new RangeError(`${prim}: pad [${p.pad.join(', ')}] must be smaller than the kernel [${k.join(', ')}] on its axis (ONNX pooling rule)`);
    }
  }
  if (inHW[0] === 0 || inHW[1] === 0) throw new RangeError(`${prim}: input height and width must be non-zero, got [${inHW.join(', ')}]`);
  return windowOut(prim, inHW, k, p.stride, p.pad, NO_DILATION);
}

export const hw = (s: Shape): Pair => [s[2]!, s[3]!];
