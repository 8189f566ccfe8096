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

export function inputs(prim: Primitive, xs: readonly TensorSpec[], names: readonly string[]): TensorSpec[] {
  if (xs.length !== names.length) {
    throw new TypeError(`${prim}: expected ${names.length} input(s) (${names.join(', ')}), got ${xs.length}`);
  }
  xs.forEach((x, i) => checkSpec(prim, x, names[i]!));
  return [...xs];
}

export function checkSpec(prim: Primitive, x: TensorSpec, name: string): void {
  if (!isDType(x.dtype)) throw new TypeError(`${prim}: ${name} has unknown dtype ${String(x.dtype)}`);
  if (!Array.isArray(x.shape) || x.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`${prim}: ${name} shape ${formatShape(x.shape)} must hold non-negative integers`);
  }
}

export function requireFloat(prim: Primitive, x: TensorSpec, name: string): void {
  if (!DTYPES[x.dtype].isFloat) throw new TypeError(`${prim}: ${name} must be float32 or float64, got ${x.dtype}`);
}

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
  const rank = Math.max(...xs.map((x) => x.shape.length));
  const out = new Array<number>(rank).fill(1);
  for (let i = 0; i < rank; i++) {
    for (const x of xs) {
      const d = x.shape[x.shape.length - rank + i] ?? 1;
      if (d === 1 || d === out[i]) continue;
      if (out[i] !== 1) {
        const shapes = xs.map((s) => formatShape(s.shape)).join(' and ');
        throw new RangeError(`${prim}: shapes ${shapes} do not broadcast (${out[i]} vs ${d} at output axis ${i} of ${rank})`);
      }
      out[i] = d;
    }
  }
  return out;
}

// ---- parameter checks ---------------------------------------------------------

export function intParam(prim: Primitive, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${prim}: ${name} must be an integer, got ${String(v)}`);
  if (v < min) throw new RangeError(`${prim}: ${name} must be >= ${min}, got ${v}`);
  return v;
}

export function intList(prim: Primitive, name: string, v: unknown, length: number | null, min: number): number[] {
  if (!Array.isArray(v)) throw new TypeError(`${prim}: ${name} must be an array of integers, got ${String(v)}`);
  if (length !== null && v.length !== length) {
    throw new TypeError(`${prim}: ${name} must have ${length} entries, got ${v.length} ([${v.join(', ')}])`);
  }
  return v.map((x, i) => intParam(prim, `${name}[${i}]`, x, min));
}

export function pairParam(prim: Primitive, name: string, v: unknown, min: number): Pair {
  const [a, b] = intList(prim, name, v, 2, min);
  return [a!, b!];
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

export interface Window2d {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pads2d;
  readonly dilation: Pair;
}

export function checkWindowParams(prim: Primitive, p: { stride: Pair; pad: Pads2d; dilation?: Pair }): void {
  intList(prim, 'stride', p.stride, 2, 1);
  intList(prim, 'pad', p.pad, 4, 0);
  if (p.dilation !== undefined) intList(prim, 'dilation', p.dilation, 2, 1);
}

/** Output height and width; throws when the dilated kernel does not fit the padded input. */
export function windowOut(prim: Primitive, inHW: Pair, g: Window2d): [number, number] {
  const out: [number, number] = [0, 0];
  for (const ax of [0, 1] as const) {
    const eff = g.dilation[ax] * (g.kernel[ax] - 1) + 1;
    const before = g.pad[ax];
    const after = g.pad[ax + 2]!;
    if (inHW[ax] + before + after < eff) {
      const what = ax === 0 ? 'height' : 'width';
      throw new RangeError(`${prim}: the ${what} window (kernel ${g.kernel[ax]}, dilation ${g.dilation[ax]}, extent ${eff}) ` +
        `exceeds the padded input ${what} ${inHW[ax]} + ${before} + ${after}`);
    }
    out[ax] = windowOutSize(inHW[ax], g.kernel[ax], g.stride[ax], before, after, g.dilation[ax]);
  }
  return out;
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
  return windowOut(prim, inHW, { ...p, dilation: [1, 1] });
}

export const hw = (s: Shape): Pair => [s[2]!, s[3]!];
