/**
 * Quantized ops (onnx/docs/Operators.md): QuantizeLinear-19,
 * DequantizeLinear-19, QLinearConv-10, QLinearMatMul-10, with per-tensor or
 * per-axis scales and int8/uint8 zero points.
 *
 * Quantized values live in the engine as float32 tensors holding exact
 * integers; their ONNX element type is a side record (`outTypes`). Quantize
 * is saturate(round_half_even(x / scale) + zero_point). QLinearConv/MatMul
 * subtract the zero points, accumulate in float32 — exact while partial sums
 * stay below 2^24, i.e. for reduction lengths up to 2^24 / 255^2 ~ 258 in the
 * worst case and far more for typical values — add the int32 bias, then
 * requantize with the float32 multiplier x_scale·w_scale/y_scale in the
 * order onnxruntime computes it (qlinearconv.cc, MlasRequantizeOutput), so
 * results match onnxruntime to within 1 LSB (tested).
 */
import { add, clip, div, mul, reshape, round, sub, type Tensor } from '../../../../engine/index.js';
import { DataType, type DataTypeCode } from '../../proto.js';
import type { NodeContext } from '../node-context.js';
import { input, requireInputs, type OpDefinition } from '../op-definition.js';
import { addChannelBias } from './conv.js';
import { matmulNd } from './linalg.js';
import { axisOf } from './shape.js';
import { quantizedConvCore } from './quantized-conv.js';

/** Inclusive range of each quantized type (saturation bounds). */
const RANGE: Partial<Record<DataTypeCode, readonly [number, number]>> = { [DataType.UINT8]: [0, 255], [DataType.INT8]: [-128, 127] };

/** The element type a zero point gives the quantized side; uint8 when it is omitted (QuantizeLinear-19). */
export function quantType(ctx: NodeContext, zpIndex: number): DataTypeCode {
  if (!ctx.hasInput(zpIndex)) return DataType.UINT8;
  const t = ctx.inType(zpIndex);
  if (!RANGE[t]) ctx.unsupported(`zero point (input ${zpIndex}) of element type ${t} (only int8 and uint8)`);
  return t;
}

export function rangeOf(t: DataTypeCode): readonly [number, number] {
  return RANGE[t] ?? [-(2 ** 31), 2 ** 31 - 1];
}

/** A scale/zero point of one value (per tensor) or of `rank`-D data along `axis` (per axis), shaped to broadcast. */
export function alongAxis(t: Tensor, rank: number, axis: number): Tensor {
  if (t.size === 1) return reshape(t, []);
  return reshape(t, Array.from({ length: rank }, (_, i) => (i === axis ? t.size : 1)));
}

/** saturate(round(v) + zp): the requantization step shared by every quantizing op. */
export function saturateRound(v: Tensor, zp: Tensor | undefined, type: DataTypeCode): Tensor {
  const [lo, hi] = rangeOf(type);
  const r = round(v);
  return clip(zp ? add(r, zp) : r, lo, hi);
}

function checkAttrs(ctx: NodeContext): number {
  if (ctx.int('block_size', 0) !== 0) ctx.unsupported('blocked quantization (block_size)');
  return ctx.int('axis', 1);
}

/** The float32 multiplier x_scale·w_scale/y_scale, rounded per step like onnxruntime's float code. */
export function requantScale(xs: Tensor, ws: Tensor, ys: Tensor): Tensor {
  return div(mul(xs, ws), ys);
}

export const quantizedOps = {
  QuantizeLinear: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 2);
      const axis = checkAttrs(ctx);
      const type = quantType(ctx, 2);
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const a = x.rank === 0 ? 0 : axisOf(ctx, axis, x.rank, 'attribute "axis"');
          const zp = xs[2] ? alongAxis(xs[2], x.rank, a) : undefined;
          return [saturateRound(div(x, alongAxis(input(xs, 1), x.rank, a)), zp, type)];
        },
        outTypes: [type],
      };
    },
  },
  DequantizeLinear: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 2);
      const axis = checkAttrs(ctx);
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const a = x.rank === 0 ? 0 : axisOf(ctx, axis, x.rank, 'attribute "axis"');
          const centered = xs[2] ? sub(x, alongAxis(xs[2], x.rank, a)) : x;
          return [mul(centered, alongAxis(input(xs, 1), x.rank, a))];
        },
        outTypes: [DataType.FLOAT],
      };
    },
  },
  QLinearConv: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 8);
      quantType(ctx, 2); quantType(ctx, 5);
      const type = quantType(ctx, 7);
      const conv = quantizedConvCore(ctx);
      return {
        run: (xs) => {
          const x = input(xs, 0), w = input(xs, 3);
          const xi = sub(x, reshape(input(xs, 2), []));
          const wi = sub(w, alongAxis(input(xs, 5), w.rank, 0));
          const acc = addChannelBias(conv(xi, wi), xs[8]);
          const m = alongAxis(requantScale(reshape(input(xs, 1), []), input(xs, 4), reshape(input(xs, 6), [])), acc.rank, 1);
          return [saturateRound(mul(acc, m), reshape(input(xs, 7), []), type)];
        },
        outTypes: [type],
      };
    },
  },
  QLinearMatMul: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 8);
      quantType(ctx, 2); quantType(ctx, 5);
      const type = quantType(ctx, 7);
      return {
        run: (xs) => {
          const a = input(xs, 0), b = input(xs, 3);
          const ai = sub(a, reshape(input(xs, 2), []));
          // b's scale and zero point may be per column (the last axis).
          const bi = sub(b, alongAxis(input(xs, 5), b.rank, b.rank - 1));
          const acc = matmulNd(ctx, ai, bi);
          const m = alongAxis(requantScale(reshape(input(xs, 1), []), input(xs, 4), reshape(input(xs, 6), [])), acc.rank, acc.rank - 1);
          return [saturateRound(mul(acc, m), reshape(input(xs, 7), []), type)];
        },
        outTypes: [type],
      };
    },
  },
} satisfies Record<string, OpDefinition>;
