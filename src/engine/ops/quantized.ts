/**
 * Integer-only inference ops (the TFLite / CMSIS-NN arithmetic; Jacob et
 * al., CVPR 2018): an int8 convolution accumulating exactly in int32, and
 * the fixed-point requantization that takes the int32 sums back to int8.
 * A quantized conv layer is
 *   requantize(conv2dInt8(x_q, w_q, { padValue: x_zeroPoint }), bias_q, M, shift, y_zeroPoint),
 * with M · 2^(shift - 31) = x_scale · w_scale / y_scale (quantizeMultiplier).
 * Weights are symmetric (zero point 0, as TFLite requires for int8 conv
 * weights), so the input's zero point is handled by padding with it and by
 * folding -x_zeroPoint · sum(w) into the bias.
 */
import type { DType } from '../dtype.js';
import type { RoundingMode } from '../fixed-point.js';
import type { Conv2dInt8Params, Conv2dParams, RequantizeParams } from '../primitives.js';
import { runPrimitive } from '../run.js';
import { formatShape } from '../shape.js';
import { INT_RANGES } from '../shape-checks.js';
import { Tensor } from '../tensor.js';
import { asNC1W, conv1dParams, convParams, fromNC1W, type Conv1dOptions, type ConvOptions } from './conv.js';

export interface Int8PadOption {
  /** Value of padded cells, an integer in [-128, 127]: the input's zero point (default 0). */
  padValue?: number;
}

/** A layout as written in errors and the rank it implies (counted once, not per call). */
interface Layout {
  readonly text: string;
  readonly rank: number;
}

function layout(text: string): Layout {
  return { text, rank: text.split(',').length };
}

const NCHW = layout('[N, C, H, W]');
const CONV2D_WEIGHT = layout('[Cout, Cin/groups, kh, kw]');
const NCW = layout('[N, C, W]');
const CONV1D_WEIGHT = layout('[Cout, Cin/groups, k]');
const CHANNELS = layout('[C]');

function requireTensor(op: string, name: string, t: unknown, dtype: DType, layout: Layout | null): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}: ${name} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  if (t.dtype !== dtype || (layout !== null && t.rank !== layout.rank)) {
    throw new TypeError(`${op}: ${name} must be ${dtype}${layout === null ? '' : ` ${layout.text}`}, got ${t.dtype}${formatShape(t.shape)}`);
  }
}

function padValueOf(op: string, v: number | undefined): number {
  const value = v ?? 0;
  if (!Number.isInteger(value) || value < INT_RANGES.int8[0] || value > INT_RANGES.int8[1]) {
    throw new RangeError(`${op}: padValue must be an integer in [-128, 127] (the input's zero point), got ${String(v)}`);
  }
  return value;
}

/** Convolution parameters plus the pad value, as one literal (one shape of object for every call). */
function withPadValue(c: Conv2dParams, padValue: number): Conv2dInt8Params {
  return { stride: c.stride, pad: c.pad, dilation: c.dilation, groups: c.groups, padValue };
}

/** x int8 [N, C, H, W], w int8 [Cout, C/groups, kh, kw] -> int32 [N, Cout, Ho, Wo], exact. */
export function conv2dInt8(x: Tensor, w: Tensor, opts: ConvOptions & Int8PadOption = {}): Tensor {
  requireTensor('conv2dInt8', 'x', x, 'int8', NCHW);
  requireTensor('conv2dInt8', 'w', w, 'int8', CONV2D_WEIGHT);
  const padValue = padValueOf('conv2dInt8', opts.padValue);
  return runPrimitive('conv2dInt8', [x, w], withPadValue(convParams(opts, [w.shape[2]!, w.shape[3]!], 'conv2dInt8'), padValue));
}

/** x int8 [N, C, W], w int8 [Cout, C/groups, k] -> int32 [N, Cout, Wo], run as an NC1W image. */
export function conv1dInt8(x: Tensor, w: Tensor, opts: Conv1dOptions & Int8PadOption = {}): Tensor {
  requireTensor('conv1dInt8', 'x', x, 'int8', NCW);
  requireTensor('conv1dInt8', 'w', w, 'int8', CONV1D_WEIGHT);
  const padValue = padValueOf('conv1dInt8', opts.padValue);
  const params = withPadValue(conv1dParams(opts, w.shape[2]!, 'conv1dInt8'), padValue);
  return fromNC1W(runPrimitive('conv2dInt8', [asNC1W(x), asNC1W(w)], params));
}

export interface RequantizeOptions {
  /** Q31 multiplier(s) in [0, 2^31 - 1]: one, or one per channel (quantizeMultiplier gives them). */
  multiplier: number | readonly number[];
  /** Shift(s) in [-31, 30], as many as the multipliers or one. */
  shift: number | readonly number[];
  /** Output zero point (default 0). */
  zeroPoint?: number;
  /** Output clamp, e.g. [zeroPoint, 127] for a fused ReLU (default: outDtype's range). */
  min?: number;
  max?: number;
  /** Default 'int8'. */
  outDtype?: 'int8' | 'int32';
  /** Channel axis for the bias and per-channel parameters; negative counts from the end (default 1, or 0 for rank 1). */
  axis?: number;
  /**
   * 'double' (default): TFLite's default MultiplyByQuantizedMultiplier, two
   * roundings (gemmlowp), bit-exact with TFLite's reference kernels and
   * CMSIS-NN's default build. 'single': one rounding of the exact product, as
   * TFLITE_SINGLE_ROUNDING / CMSIS_NN_USE_SINGLE_ROUNDING builds compute; it
   * is never further from the exact x · scale and matches float runtimes
   * (onnxruntime rounds acc · scale once) far more often.
   */
  rounding?: RoundingMode;
}

/**
 * int32 accumulators (+ an int32 bias per channel) rescaled to int8 or
 * int32 with fixed-point multipliers, bit-exact with TFLite's
 * MultiplyByQuantizedMultiplier in the chosen rounding mode (see
 * fixed-point.ts for the arithmetic). The default stays 'double' so a
 * caller that names no mode gets TFLite's default reference arithmetic.
 */
export function requantize(acc: Tensor, bias: Tensor | null, opts: RequantizeOptions): Tensor {
  requireTensor('requantize', 'acc', acc, 'int32', null);
  if (bias !== null) requireTensor('requantize', 'bias', bias, 'int32', CHANNELS);
  if (typeof opts !== 'object' || opts === null) throw new TypeError(`requantize: options must be an object with multiplier and shift, got ${String(opts)}`);
  const outDtype = opts.outDtype ?? 'int8';
  const range = INT_RANGES[outDtype] ?? [NaN, NaN];
  const axis = opts.axis ?? (acc.rank >= 2 ? 1 : 0);
  const params: RequantizeParams = {
    multiplier: typeof opts.multiplier === 'number' ? [opts.multiplier] : opts.multiplier,
    shift: typeof opts.shift === 'number' ? [opts.shift] : opts.shift,
    zeroPoint: opts.zeroPoint ?? 0,
    min: opts.min ?? range[0],
    max: opts.max ?? range[1],
    outDtype,
    axis: Number.isInteger(axis) && axis < 0 ? axis + acc.rank : axis,
    rounding: opts.rounding ?? 'double',
  };
  return runPrimitive('requantize', bias === null ? [acc] : [acc, bias], params);
}
