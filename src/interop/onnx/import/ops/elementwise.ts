/**
 * Elementwise ONNX ops on engine primitives. Every runtime value is a
 * float32 engine tensor; integer ONNX types hold exact integers in it, so
 * only integer Div needs extra care (it truncates, as onnxruntime's C++ `/`).
 * Spec: onnx/docs/Operators.md — Add/Sub/Mul/Div-14 (multidirectional
 * broadcasting), Relu-14, Sigmoid-13, Tanh-13, Erf-13, Sqrt-13, Exp-13,
 * Log-13, Neg-13, Abs-13, Round-11, LeakyRelu-16, Clip-13 (Clip-6 attributes),
 * Gelu-20, Pow-15, Where-16, Greater-13, Equal-19, Identity-19, Dropout-13.
 */
import {
  abs, add, cast, clip, div, eq, erf, exp, gelu, geluTanh, gt, log, maximum, minimum, mul, neg, relu, round, sigmoid, sqrt, sub, tanh, where,
  type Tensor,
} from '../../../../engine/index.js';
import { DataType, type DataTypeCode } from '../../proto.js';
import type { NodeContext } from '../node-context.js';
import { input, requireInputs, type OpDefinition } from '../op-definition.js';

const FLOAT_TYPES: ReadonlySet<number> = new Set([DataType.FLOAT, DataType.DOUBLE]);

export function isFloatType(t: DataTypeCode): boolean {
  return FLOAT_TYPES.has(t);
}

/** Truncation toward zero through the engine's saturating int32 cast (shape-rules.ts, "cast"). */
export function truncate(x: Tensor): Tensor {
  return cast(cast(x, 'int32'), 'float32');
}

function unaryOp(f: (x: Tensor) => Tensor): OpDefinition {
  return {
    prepare(ctx) {
      requireInputs(ctx, 1);
      return { run: (xs) => [f(input(xs, 0))] };
    },
  };
}

function binaryOp(f: (a: Tensor, b: Tensor) => Tensor, outType?: DataTypeCode): OpDefinition {
  return {
    prepare(ctx) {
      requireInputs(ctx, 2);
      return { run: (xs) => [f(input(xs, 0), input(xs, 1))], ...(outType === undefined ? {} : { outTypes: [outType] }) };
    },
  };
}

/** Identity and inference-mode Dropout: the executor turns a passed-through input into a view. */
function passThrough(what: string): OpDefinition {
  return {
    prepare(ctx) {
      requireInputs(ctx, 1);
      // Dropout-13: the optional `mask` output only exists in training; reject rather than fabricate it.
      if (ctx.outputs.length > 1 && (ctx.outputs[1] ?? '') !== '') ctx.unsupported(`${what} with a mask output (only inference mode, where Dropout is the identity)`);
      return { run: (xs) => [input(xs, 0)] };
    },
  };
}

const CAST_TARGETS: ReadonlySet<number> = new Set(Object.values(DataType));

export const elementwiseOps = {
  Add: binaryOp(add),
  Sub: binaryOp(sub),
  Mul: binaryOp(mul),
  Div: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 2);
      const integer = !isFloatType(ctx.inType(0));
      return { run: (xs) => { const q = div(input(xs, 0), input(xs, 1)); return [integer ? truncate(q) : q]; } };
    },
  },
  Relu: unaryOp(relu),
  Sigmoid: unaryOp(sigmoid),
  Tanh: unaryOp(tanh),
  Erf: unaryOp(erf),
  Sqrt: unaryOp(sqrt),
  Exp: unaryOp(exp),
  Log: unaryOp(log),
  Neg: unaryOp(neg),
  Abs: unaryOp(abs),
  // Round-11: round half to even, which is exactly the engine's `round` primitive.
  Round: unaryOp(round),
  LeakyRelu: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const alpha = ctx.float('alpha', 0.01);
      // where(x > 0, x, alpha·x) holds for any alpha (the engine's leakyRelu needs alpha in [0, 1]).
      return { run: (xs) => { const x = input(xs, 0); return [where(gt(x, 0), x, mul(x, alpha))]; } };
    },
  },
  Clip: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      // Clip-6 has min/max attributes; Clip-11+ takes them as optional inputs, possibly computed.
      const attrMin = ctx.float('min', -Infinity), attrMax = ctx.float('max', Infinity);
      return {
        run: (xs) => {
          let y = input(xs, 0);
          if (ctx.opset < 11) return [clip(y, attrMin, attrMax)];
          if (xs[1]) y = maximum(y, xs[1]);
          if (xs[2]) y = minimum(y, xs[2]);
          return [y];
        },
      };
    },
  },
  Gelu: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const approximate = ctx.oneOf('approximate', 'none', ['none', 'tanh']);
      return { run: (xs) => [approximate === 'tanh' ? geluTanh(input(xs, 0)) : gelu(input(xs, 0))] };
    },
  },
  Pow: {
    constInputs: [1],
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 2);
      const e = ctx.constFloats(1, 'exponent')!;
      if (e.length !== 1) ctx.unsupported(`exponent with ${e.length} values (only a scalar constant 1, 2 or 0.5)`);
      const p = e[0]!;
      if (p === 2) return { run: (xs) => { const x = input(xs, 0); return [mul(x, x)]; } };
      if (p === 0.5) return { run: (xs) => [sqrt(input(xs, 0))] };
      if (p === 1) return { run: (xs) => [input(xs, 0)] };
      return ctx.unsupported(`exponent ${p} (only the constants 1, 2 and 0.5)`);
    },
  },
  Where: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 3);
      return { run: (xs) => [where(input(xs, 0), input(xs, 1), input(xs, 2))], outTypes: [ctx.inType(1)] };
    },
  },
  Greater: binaryOp(gt, DataType.BOOL),
  Equal: binaryOp(eq, DataType.BOOL),
  Identity: passThrough('Identity'),
  Dropout: passThrough('Dropout'),
  Cast: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const to = ctx.int('to', -1);
      if (!CAST_TARGETS.has(to)) ctx.unsupported(`attribute to=${to} (supported: float, double, int8, uint8, int32, int64, bool)`);
      const target = to as DataTypeCode;
      const run = (x: Tensor): Tensor => {
        if (isFloatType(target)) return x;
        // Cast-19: to bool is x != 0; float -> int truncates toward zero.
        if (target === DataType.BOOL) return sub(1, eq(x, 0));
        return isFloatType(ctx.inType(0)) ? truncate(x) : x;
      };
      return { run: (xs) => [run(input(xs, 0))], outTypes: [target] };
    },
  },
} satisfies Record<string, OpDefinition>;
