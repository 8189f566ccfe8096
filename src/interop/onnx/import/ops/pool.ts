/**
 * MaxPool-12, AveragePool-19 and GlobalAveragePool-1 (onnx/docs/Operators.md)
 * on the engine's 2-D pooling primitives; 1-D pools run with a unit height.
 * MaxPool ceil_mode is supported by padding the end (padding never wins a
 * max); AveragePool ceil_mode is rejected because onnxruntime's divisor for
 * the partial last window differs from a plain padded average.
 */
import { avgPool2d, globalAvgPool, maxPool2d, reshape } from '../../../../engine/index.js';
import type { NodeContext } from '../node-context.js';
import { input, requireInputs, type OpDefinition } from '../op-definition.js';
import { from2d, readWindowAttrs, resolveWindow, spatialOf, to2d, type Window2d } from './window.js';

function poolAttrs(ctx: NodeContext) {
  requireInputs(ctx, 1);
  const attrs = readWindowAttrs(ctx);
  if (!attrs.kernel) ctx.fail('attribute "kernel_shape"', 'is required');
  if (attrs.dilations && attrs.dilations.some((d) => d !== 1)) ctx.unsupported(`dilations [${attrs.dilations.join(', ')}] (only 1)`);
  return { attrs, kernel: attrs.kernel };
}

/**
 * Extra end padding for ceil_mode: out = ceil((in + pads - k) / s) + 1, less
 * one when the last window would start in the end padding (onnxruntime
 * pool_attributes.h, matching PyTorch).
 */
function ceilPad(win: Window2d, hw: readonly number[]): Window2d {
  const extra = [0, 1].map((i) => {
    const inPadded = hw[i]! + win.pad[i]! + win.pad[i + 2]!;
    let out = Math.ceil((inPadded - win.kernel[i]!) / win.stride[i]!) + 1;
    if ((out - 1) * win.stride[i]! >= hw[i]! + win.pad[i]!) out--;
    return Math.max(0, (out - 1) * win.stride[i]! + win.kernel[i]! - inPadded);
  });
  return { ...win, pad: [win.pad[0], win.pad[1], win.pad[2] + extra[0]!, win.pad[3] + extra[1]!] };
}

export const poolOps = {
  MaxPool: {
    prepare(ctx: NodeContext) {
      const { attrs, kernel } = poolAttrs(ctx);
      if (ctx.outputs.length > 1 && (ctx.outputs[1] ?? '') !== '') ctx.unsupported('the Indices output');
      const ceil = ctx.oneOf('ceil_mode', 0, [0, 1]) === 1;
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const x2 = to2d(x);
          let win = resolveWindow(ctx, attrs, spatialOf(ctx, x), kernel);
          if (ceil) win = ceilPad(win, x2.shape.slice(2));
          return [from2d(maxPool2d(x2, { kernel: win.kernel, stride: win.stride, pad: win.pad }), x.rank)];
        },
      };
    },
  },
  AveragePool: {
    prepare(ctx: NodeContext) {
      const { attrs, kernel } = poolAttrs(ctx);
      ctx.oneOf('ceil_mode', 0, [0]);
      const countIncludePad = ctx.int('count_include_pad', 0) === 1;
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const win = resolveWindow(ctx, attrs, spatialOf(ctx, x), kernel);
          return [from2d(avgPool2d(to2d(x), { kernel: win.kernel, stride: win.stride, pad: win.pad, countIncludePad }), x.rank)];
        },
      };
    },
  },
  GlobalAveragePool: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      return {
        run: (xs) => {
          const x = input(xs, 0);
          if (x.rank < 3) ctx.fail('input 0', `expected [N, C, ...spatial], got [${x.shape.join(', ')}]`);
          // GlobalAveragePool keeps the spatial axes as size 1: [N, C, 1, 1].
          return [reshape(globalAvgPool(x), [...x.shape.slice(0, 2), ...x.shape.slice(2).map(() => 1)])];
        },
      };
    },
  },
} satisfies Record<string, OpDefinition>;
