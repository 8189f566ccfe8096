/**
 * The closed set of primitives. Every op a user calls is one of these or is
 * composed from them (softmax, GELU, batch norm, ...). Shape rules, gradient
 * rules and every backend's kernels are tables keyed by `Primitive`, typed as
 * `{ [P in Primitive]: ... }`, so adding a primitive without a rule, a
 * gradient or a kernel fails to compile (the jax-js / tinygrad pattern).
 *
 * Layout conventions: images are NCHW, 1-D signals are NCW (run as NC1W),
 * convolution weights are [Cout, Cin/groups, kh, kw] as in ONNX and PyTorch.
 */
import type { DType } from './dtype.js';
import type { RoundingMode } from './fixed-point.js';

export type Pair = readonly [number, number];
/** Padding as [top, left, bottom, right], the ONNX `pads` order for 2-D. */
export type Pads2d = readonly [number, number, number, number];

export interface Conv2dParams {
  readonly stride: Pair;
  readonly pad: Pads2d;
  readonly dilation: Pair;
  readonly groups: number;
}

export interface Pool2dParams {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pads2d;
}

export interface ReduceParams {
  /** Sorted, non-negative, unique. */
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

export interface MatMulParams {
  readonly transA: boolean;
  readonly transB: boolean;
}

/**
 * conv2dInt8: an int8 convolution whose padded cells hold `padValue` (the
 * input's zero point, so that padding stands for real 0, as TFLite's
 * quantized Conv pads with the input offset).
 */
export interface Conv2dInt8Params extends Conv2dParams {
  /** Integer in [-128, 127]. */
  readonly padValue: number;
}

/**
 * requantize: int32 accumulators to int8 (or int32) with a Q31 multiplier
 * and a power-of-two shift per tensor or per channel, exactly as TFLite's
 * MultiplyByQuantizedMultiplier in its double- or single-rounding build
 * (see fixed-point.ts).
 */
export interface RequantizeParams {
  /** Q31 multipliers in [0, 2^31 - 1]: one (per tensor) or one per index of `axis` (per channel). */
  readonly multiplier: readonly number[];
  /** Exponents in [-31, 30]: > 0 shifts left, < 0 right; one or one per index of `axis`. */
  readonly shift: readonly number[];
  /** Added after the rescale; representable in outDtype. */
  readonly zeroPoint: number;
  /** Output clamp (fused activation range), min <= max inside outDtype's range. */
  readonly min: number;
  readonly max: number;
  readonly outDtype: 'int8' | 'int32';
  /** The channel axis of the accumulator (the bias and per-channel parameters run along it). */
  readonly axis: number;
  /** 'double': TFLite's default (gemmlowp) rounding; 'single': TFLITE_SINGLE_ROUNDING's one rounding of the 64-bit product. */
  readonly rounding: RoundingMode;
}

type NoParams = Record<string, never>;

/** Primitive name -> its parameters. The keys of this map are the primitive set. */
export interface PrimitiveParams {
  // elementwise unary (float)
  neg: NoParams;
  exp: NoParams;
  log: NoParams;
  sqrt: NoParams;
  abs: NoParams;
  tanh: NoParams;
  sigmoid: NoParams;
  erf: NoParams;
  relu: NoParams;
  /** Round half to even (IEEE 754 roundTiesToEven), as ONNX Round/QuantizeLinear specify. */
  round: NoParams;
  clip: { readonly min: number; readonly max: number };
  // elementwise binary with NumPy broadcasting
  add: NoParams;
  sub: NoParams;
  mul: NoParams;
  div: NoParams;
  maximum: NoParams;
  /** 1 where a > b else 0, in a's dtype. */
  cmpGt: NoParams;
  /** 1 where a == b else 0, in a's dtype. */
  cmpEq: NoParams;
  /** where(cond != 0, a, b); three inputs, broadcast together. */
  where: NoParams;
  // reductions
  sum: ReduceParams;
  max: ReduceParams;
  /** Index of the maximum along one axis (removed); int32 output, no gradient. */
  argmax: { readonly axis: number };
  // movement
  reshape: { readonly shape: readonly number[] };
  permute: { readonly perm: readonly number[] };
  expand: { readonly shape: readonly number[] };
  /** Per-axis half-open [start, end) ranges, one per axis. */
  slice: { readonly starts: readonly number[]; readonly ends: readonly number[] };
  /** Per-axis [before, after] constant padding. */
  pad: { readonly pads: readonly (readonly [number, number])[]; readonly value: number };
  /** N inputs joined along `axis`. */
  concat: { readonly axis: number };
  cast: { readonly dtype: DType };
  // linear algebra: a [B?, M, K] x b [B?, K, N] (before the transposes)
  matmul: MatMulParams;
  /** int8 x int8 -> int32 accumulation, 2-D; the quantized path. */
  matmulInt8: MatMulParams;
  /** x int8 [N,C,H,W] (*) w int8 [Co, C/groups, kh, kw] -> int32, exact integer sums. */
  conv2dInt8: Conv2dInt8Params;
  /** acc int32 [.., C, ..] (+ bias int32 [C]) -> int8 or int32 by fixed-point rescaling. */
  requantize: RequantizeParams;
  // convolution, NCHW
  conv2d: Conv2dParams;
  /** dx from (dy, w): also ConvTranspose's forward. */
  conv2dBackInput: Conv2dParams & { readonly inputHW: Pair };
  /** dw from (x, dy). */
  conv2dBackFilter: Conv2dParams & { readonly kernelHW: Pair };
  // pooling, NCHW
  maxPool2d: Pool2dParams;
  /** dx from (x, dy): routes each gradient to the first maximum of its window. */
  maxPool2dGrad: Pool2dParams;
  avgPool2d: Pool2dParams & { readonly countIncludePad: boolean };
  /** dx from dy. */
  avgPool2dGrad: Pool2dParams & { readonly countIncludePad: boolean; readonly inputHW: Pair };
}

export type Primitive = keyof PrimitiveParams;
export type ParamsOf<P extends Primitive> = PrimitiveParams[P];

/** Runtime list of the primitive set, checked against the type both ways. */
const PRIMITIVE_FLAGS: { readonly [P in Primitive]: true } = {
  neg: true, exp: true, log: true, sqrt: true, abs: true, tanh: true, sigmoid: true,
  erf: true, relu: true, round: true, clip: true,
  add: true, sub: true, mul: true, div: true, maximum: true, cmpGt: true, cmpEq: true, where: true,
  sum: true, max: true, argmax: true,
  reshape: true, permute: true, expand: true, slice: true, pad: true, concat: true, cast: true,
  matmul: true, matmulInt8: true, conv2dInt8: true, requantize: true,
  conv2d: true, conv2dBackInput: true, conv2dBackFilter: true,
  maxPool2d: true, maxPool2dGrad: true, avgPool2d: true, avgPool2dGrad: true,
};
export const PRIMITIVES = Object.keys(PRIMITIVE_FLAGS) as Primitive[];

export const UNARY_PRIMITIVES = ['neg', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid', 'erf', 'relu', 'round', 'clip'] as const satisfies readonly Primitive[];
export type UnaryPrimitive = (typeof UNARY_PRIMITIVES)[number];
export const BINARY_PRIMITIVES = ['add', 'sub', 'mul', 'div', 'maximum', 'cmpGt', 'cmpEq'] as const satisfies readonly Primitive[];
export type BinaryPrimitive = (typeof BINARY_PRIMITIVES)[number];

/** Output size of a convolution/pooling window along one axis. */
export function windowOutSize(inSize: number, kernel: number, stride: number, padBefore: number, padAfter: number, dilation = 1): number {
  const eff = dilation * (kernel - 1) + 1;
  return Math.floor((inSize + padBefore + padAfter - eff) / stride) + 1;
}
