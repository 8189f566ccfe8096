/**
 * ReduceMean-18, ReduceSum-13, ReduceMax-18 (onnx/docs/Operators.md): axes
 * from the attribute in older opsets (ReduceSum before 13, the others before
 * 18), from constant input 1 after; keepdims defaults to 1; no axes means all
 * axes unless noop_with_empty_axes=1.
 */
import { max, mean, sum, type Tensor } from '../../../../engine/index.js';
import type { NodeContext } from '../node-context.js';
import { input, requireInputs, type OpDefinition } from '../op-definition.js';
import { axisOf } from './shape.js';

function reduceOp(f: (x: Tensor, axes: number[], keep: boolean) => Tensor, axesInputFrom: number): OpDefinition {
  return {
    constInputs: [1],
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const axes = ctx.opset >= axesInputFrom ? ctx.constInts(1, 'axes') : ctx.ints('axes');
      const keep = ctx.int('keepdims', 1) !== 0;
      const noop = ctx.int('noop_with_empty_axes', 0) !== 0;
      return {
        run: (xs) => {
          const x = input(xs, 0);
          if ((!axes || axes.length === 0) && noop) return [x];
          const ax = axes && axes.length > 0 ? axes.map((a) => axisOf(ctx, a, x.rank, 'axes')) : x.shape.map((_, i) => i);
          return [f(x, [...new Set(ax)].sort((p, q) => p - q), keep)];
        },
      };
    },
  };
}

export const reduceOps = {
  ReduceMean: reduceOp(mean, 18),
  ReduceSum: reduceOp(sum, 13),
  ReduceMax: reduceOp(max, 18),
} satisfies Record<string, OpDefinition>;
