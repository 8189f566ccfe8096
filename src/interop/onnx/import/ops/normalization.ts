/**
 * BatchNormalization-15 (inference form) and Softmax-13 / Softmax-1
 * (onnx/docs/Operators.md).
 */
import { add, div, mul, reshape, sizeOf, softmax, sqrt, sub, type Tensor } from '../../../../engine/index.js';
import type { NodeContext } from '../node-context.js';
import { input, requireInputs, type OpDefinition } from '../op-definition.js';
import { axisOf } from './shape.js';

export const normalizationOps = {
  BatchNormalization: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 5);
      // training_mode=1 (opset 14+) computes batch statistics and emits running means: a training graph.
      if (ctx.int('training_mode', 0) !== 0) ctx.unsupported('training_mode=1 (only the inference form)');
      if (ctx.outputs.filter((o) => o !== '').length > 1) ctx.unsupported('running-statistics outputs (only the inference form)');
      // BatchNormalization-7 and earlier: spatial=0 means per-element statistics.
      if (ctx.int('spatial', 1) !== 1) ctx.unsupported('spatial=0');
      const eps = ctx.float('epsilon', 1e-5);
      return {
        run: (xs) => {
          const x = input(xs, 0);
          // y = (x - mean) / sqrt(var + eps) * scale + B, per channel (axis 1).
          const per = (t: Tensor) => reshape(t, [t.size, ...x.shape.slice(2).map(() => 1)]);
          const k = div(input(xs, 1), sqrt(add(input(xs, 4), eps)));
          return [add(mul(sub(x, per(input(xs, 3))), per(k)), per(input(xs, 2)))];
        },
      };
    },
  },
  Softmax: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const legacy = ctx.opset < 13;
      const axis = ctx.int('axis', legacy ? 1 : -1);
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const a = axisOf(ctx, axis, Math.max(x.rank, 1), 'attribute "axis"');
          if (!legacy) return [softmax(x, a)];
          // Softmax-1/11: the input is coerced to 2-D [prod(dims < axis), prod(dims >= axis)].
          const flat = reshape(x, [sizeOf(x.shape.slice(0, a)), sizeOf(x.shape.slice(a))]);
          return [reshape(softmax(flat, 1), x.shape)];
        },
      };
    },
  },
} satisfies Record<string, OpDefinition>;
