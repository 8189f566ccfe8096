/**
 * Quantization parameters and the affine map they define (Jacob et al. 2018,
 * "Quantization and Training of Neural Networks for Efficient Integer-
 * Arithmetic-Only Inference", CVPR, sec. 2.1, eq. 1):
 *
 *   real = scale · (q − zeroPoint),   q an integer in [qmin, qmax].
 *
 * Two choices, as TensorFlow Lite's int8 quantization specification
 * (tensorflow.org/lite/performance/quantization_spec) makes them:
 *  - weights: symmetric (zero point 0), one scale per output channel, on the
 *    restricted range [−(2^(b−1) − 1), 2^(b−1) − 1] — for int8 [−127, 127],
 *    so −128 is never used and a product of two weights' magnitudes stays
 *    below 2^14 (the spec's reason: int8×int8 accumulation without the
 *    −128·−128 corner);
 *  - activations: asymmetric per tensor on the full range, with a zero
 *    point chosen so real 0 is exactly representable (padding and ReLU
 *    produce exact zeros; sec. 2.1 of Jacob et al.).
 *
 * Everything here is pure maths over typed arrays, so the integer-only model
 * and the QDQ export compute the same numbers as the float-side transforms.
 * Scales are float32 (what ONNX QuantizeLinear and TFLite store) and the
 * arithmetic is done as float32 would do it: x / scale is rounded to float32
 * before rounding to an integer, so values agree with onnxruntime even at ties.
 */
import { formatShape, type Shape } from '../../engine/index.js';
import { axisLayout, checkShape } from './axis-layout.js';
import { roundHalfEven } from './round-half-even.js';

export interface QuantParams {
  /** One positive scale per channel (length 1 per tensor). */
  readonly scale: Float32Array;
  /** One zero point per channel, each in [qmin, qmax]. */
  readonly zeroPoint: Int32Array;
  readonly bits: number;
  readonly qmin: number;
  readonly qmax: number;
  /** The channel axis of per-channel parameters; null for one scale per tensor. */
  readonly axis: number | null;
}

/**
 * The smallest scale handed out: float32's machine epsilon 2^−23, the floor
 * PyTorch's observers put under every scale (torch/ao/quantization/
 * observer.py, `eps = torch.finfo(torch.float32).eps`). An all-zero channel
 * (or range) gets this finite scale instead of 0, which would make
 * x / scale NaN and the requantization multipliers infinite; its values
 * still quantize exactly to the zero point.
 */
export const MIN_SCALE = 2 ** -23;

/** Bit widths accepted: 2 (ternary weights) up to 16 (int16 activations). */
export const MIN_BITS = 2;
export const MAX_BITS = 16;

export function checkBits(bits: number, who: string): void {
  if (!Number.isInteger(bits) || bits < MIN_BITS || bits > MAX_BITS) {
    throw new RangeError(`${who}: bits must be an integer from ${MIN_BITS} to ${MAX_BITS}, got ${bits}`);
  }
}

/** The full integer range of `bits`: [−2^(b−1), 2^(b−1) − 1] signed, [0, 2^b − 1] unsigned. */
export function integerRange(bits: number, signed: boolean): { qmin: number; qmax: number } {
  return signed ? { qmin: -(2 ** (bits - 1)), qmax: 2 ** (bits - 1) - 1 } : { qmin: 0, qmax: 2 ** bits - 1 };
}

/** The restricted symmetric range of `bits`: [−(2^(b−1) − 1), 2^(b−1) − 1] (TFLite's weight range). */
export function symmetricRange(bits: number): { qmin: number; qmax: number } {
  const qmax = 2 ** (bits - 1) - 1;
  return { qmin: -qmax, qmax };
}

/**
 * Symmetric per-channel weight parameters: zero point 0 and, for each
 * channel c along `axis`, scale_c = max|w_c| / qmax (at least MIN_SCALE),
 * so the largest weight of the channel maps to ±qmax exactly.
 */
export function symmetricPerChannel(w: Float32Array, shape: Shape, bits = 8, axis = 0): QuantParams {
  const who = 'symmetricPerChannel';
  checkBits(bits, who);
  const layout = axisLayout(shape, axis, w.length, who);
  const { qmin, qmax } = symmetricRange(bits);
  const maxAbs = new Float64Array(layout.channels);
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`${who}: weight ${i} is ${v}; weights must be finite`);
    const c = Math.floor(i / layout.inner) % layout.channels;
    maxAbs[c] = Math.max(maxAbs[c]!, Math.abs(v));
  }
  const scale = new Float32Array(layout.channels);
  for (let c = 0; c < layout.channels; c++) scale[c] = Math.max(maxAbs[c]! / qmax, MIN_SCALE);
  return { scale, zeroPoint: new Int32Array(layout.channels), bits, qmin, qmax, axis: layout.axis };
}

/**
 * Per-tensor affine parameters for values observed in [min, max]. The range
 * is first widened to contain 0 (Jacob et al. 2018, sec. 2.1: real 0 must be
 * exactly representable), scale = (max − min) / (qmax − qmin), and the real
 * zero point qmin − min/scale is rounded and clamped ("nudged") into
 * [qmin, qmax], computed from whichever end loses less precision, as
 * TensorFlow Lite's ChooseQuantizationParams does (after gemmlowp's
 * doc/quantization_example.cc). Nudging moves the representable range by
 * less than one step; 0 stays exact.
 */
export function asymmetricFromRange(min: number, max: number, bits = 8, signed = true): QuantParams {
  const who = 'asymmetricFromRange';
  checkBits(bits, who);
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new RangeError(`${who}: expected finite min <= max, got min ${min}, max ${max}`);
  }
  const { qmin, qmax } = integerRange(bits, signed);
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = Math.fround(Math.max((hi - lo) / (qmax - qmin), MIN_SCALE));
  // Both ends give the same zero point in exact arithmetic; the one with the smaller terms rounds better.
  const fromMin = qmin - lo / scale;
  const fromMax = qmax - hi / scale;
  const useMin = Math.abs(qmin) + Math.abs(lo / scale) < Math.abs(qmax) + Math.abs(hi / scale);
  const zeroPoint = Math.min(Math.max(roundHalfEven(useMin ? fromMin : fromMax), qmin), qmax);
  return { scale: Float32Array.of(scale), zeroPoint: Int32Array.of(zeroPoint), bits, qmin, qmax, axis: null };
}

/** The real interval [scale·(qmin − zp), scale·(qmax − zp)] of a per-tensor quantizer. */
export function representableRange(params: QuantParams, channel = 0): { min: number; max: number } {
  const s = params.scale[channel]!;
  const z = params.zeroPoint[channel]!;
  return { min: Math.fround(s * (params.qmin - z)), max: Math.fround(s * (params.qmax - z)) };
}

/** Integer arrays quantized values can be written into. */
export type QuantizedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array;

/**
 * q = saturate(roundHalfEven(x / scale) + zeroPoint), ONNX QuantizeLinear's
 * definition, per channel along `params.axis` (then `shape` is required).
 * Writes into `out` when given (its element type must hold [qmin, qmax]),
 * else into a new Int32Array. ±∞ saturate; NaN is an error.
 */
export function quantizeArray(x: ArrayLike<number>, params: QuantParams, shape?: Shape, out?: QuantizedArray): QuantizedArray {
  const who = 'quantizeArray';
  const channelOf = channelIndex(params, x.length, shape, who);
  const q = out ?? new Int32Array(x.length);
  if (q.length !== x.length) throw new RangeError(`${who}: out has ${q.length} elements, expected ${x.length}`);
  checkHolds(q, params, who);
  const { scale, zeroPoint, qmin, qmax } = params;
  for (let i = 0; i < x.length; i++) {
    const c = channelOf(i);
    const v = roundHalfEven(Math.fround(x[i]! / scale[c]!)) + zeroPoint[c]!;
    if (Number.isNaN(v)) throw new RangeError(`${who}: element ${i} is NaN`);
    q[i] = v < qmin ? qmin : v > qmax ? qmax : v;
  }
  return q;
}

/** x = scale · (q − zeroPoint) in float32, ONNX DequantizeLinear's definition, per channel along `params.axis`. */
export function dequantizeArray(q: ArrayLike<number>, params: QuantParams, shape?: Shape): Float32Array {
  const channelOf = channelIndex(params, q.length, shape, 'dequantizeArray');
  const x = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const c = channelOf(i);
    x[i] = (q[i]! - params.zeroPoint[c]!) * params.scale[c]!;
  }
  return x;
}

/**
 * Checks `params` against an array of `length` elements and returns the map
 * from flat index to channel.
 */
function channelIndex(params: QuantParams, length: number, shape: Shape | undefined, who: string): (i: number) => number {
  checkQuantParams(params, who);
  if (params.axis === null) {
    if (shape !== undefined) checkShape(shape, length, who);
    return () => 0;
  }
  if (shape === undefined) throw new TypeError(`${who}: per-channel params (axis ${params.axis}) need the array's shape`);
  const { channels, inner } = axisLayout(shape, params.axis, length, who);
  if (channels !== params.scale.length) {
    throw new RangeError(`${who}: axis ${params.axis} of shape ${formatShape(shape)} has ${channels} channels but params have ${params.scale.length} scales`);
  }
  return (i) => Math.floor(i / inner) % channels;
}

/** Throws unless `params` is self-consistent: positive finite scales, zero points inside [qmin, qmax]. */
export function checkQuantParams(params: QuantParams, who: string): void {
  const { scale, zeroPoint, qmin, qmax, axis } = params;
  if (!(scale instanceof Float32Array) || !(zeroPoint instanceof Int32Array) || scale.length === 0 || scale.length !== zeroPoint.length) {
    throw new TypeError(`${who}: params need a Float32Array scale and an Int32Array zeroPoint of the same non-zero length`);
  }
  if (!Number.isInteger(qmin) || !Number.isInteger(qmax) || qmin >= qmax) {
    throw new RangeError(`${who}: params need integers qmin < qmax, got qmin ${qmin}, qmax ${qmax}`);
  }
  if (axis === null && scale.length !== 1) throw new RangeError(`${who}: per-tensor params (axis null) must have one scale, got ${scale.length}`);
  for (let c = 0; c < scale.length; c++) {
    if (!(scale[c]! > 0) || !Number.isFinite(scale[c]!)) throw new RangeError(`${who}: scale[${c}] is ${scale[c]}; scales must be positive and finite`);
    if (zeroPoint[c]! < qmin || zeroPoint[c]! > qmax) throw new RangeError(`${who}: zeroPoint[${c}] = ${zeroPoint[c]} is outside [${qmin}, ${qmax}]`);
  }
}

const HELD: ReadonlyArray<[new (n: number) => QuantizedArray, number, number]> = [
  [Int8Array, -128, 127],
  [Uint8Array, 0, 255],
  [Int16Array, -32768, 32767],
  [Uint16Array, 0, 65535],
];

function checkHolds(out: QuantizedArray, params: QuantParams, who: string): void {
  for (const [type, lo, hi] of HELD) {
    if (out instanceof type && (params.qmin < lo || params.qmax > hi)) {
      throw new RangeError(`${who}: out is a ${type.name}, which cannot hold [${params.qmin}, ${params.qmax}]`);
    }
  }
}
