/**
 * Conv-11 and ConvTranspose-11 (onnx/docs/Operators.md) on the engine's 2-D
 * convolution primitives; 1-D convolutions run as images of height 1.
 * ConvTranspose's output_shape attribute and SAME_* auto_pad are rejected:
 * onnxruntime and the spec disagree on where the odd padding cell goes, so
 * no answer would be right for both.
 */
import { add, conv2d, convTranspose2d, reshape, type Tensor } from '../../../../engine/index.js';
import type { NodeContext } from '../node-context.js';
import { checkSize, input, requireInputs, type OpDefinition } from '../op-definition.js';
import { from2d, readWindowAttrs, resolveWindow, spatialOf, to2d } from './window.js';

/** Fails at import when a constant weight is not 3-D/4-D (Conv3D and beyond are not supported). */
function checkWeightRank(ctx: NodeContext, index: number): void {
  const w = ctx.isConstant(index) ? ctx.constInput(index, 'weight') : undefined;
  if (w && w.dims.length === 5) ctx.unsupported('3-D convolution (5-D weight); only 1-D and 2-D');
  if (w && w.dims.length !== 3 && w.dims.length !== 4) ctx.fail(`input ${index} (weight)`, `expected a 3-D or 4-D weight, got dims [${w.dims.join(', ')}]`);
}

/** Adds a per-channel bias [C] to an [N, C, ...] tensor. */
export function addChannelBias(y: Tensor, b: Tensor | undefined): Tensor {
  if (!b) return y;
  return add(y, reshape(b, [b.size, ...y.shape.slice(2).map(() => 1)]));
}

export const convOps = {
  Conv: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 2);
      checkWeightRank(ctx, 1);
      const attrs = readWindowAttrs(ctx);
      const group = ctx.int('group', 1);
      return {
        run: (xs) => {
          const x = input(xs, 0), w = input(xs, 1);
          const win = resolveWindow(ctx, attrs, spatialOf(ctx, x), attrs.kernel ?? w.shape.slice(2));
          const y = conv2d(to2d(x), to2d(w), { stride: win.stride, pad: win.pad, dilation: win.dilation, groups: group });
          return [addChannelBias(from2d(y, x.rank), xs[2])];
        },
      };
    },
  },
  ConvTranspose: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 2);
      checkWeightRank(ctx, 1);
      const attrs = readWindowAttrs(ctx, ['NOTSET', 'VALID']);
      if (ctx.has('output_shape')) ctx.unsupported('attribute output_shape (give pads and output_padding instead)');
      const group = ctx.int('group', 1);
      const outPad = ctx.ints('output_padding');
      return {
        run: (xs) => {
          const x = input(xs, 0), w = input(xs, 1);
          const spatial = spatialOf(ctx, x);
          const win = resolveWindow(ctx, attrs, spatial, attrs.kernel ?? w.shape.slice(2));
          const op = outPad ?? spatial.map(() => 0);
          if (op.length !== spatial.length) ctx.fail('attribute "output_padding"', `expected ${spatial.length} values, got [${op.join(', ')}]`);
          const op2: [number, number] = op.length === 1 ? [0, op[0]!] : [op[0]!, op[1]!];
          // ConvTranspose-11: out = stride·(in-1) + output_padding + ((k-1)·dilation + 1) - pad_begin - pad_end.
          const x2 = to2d(x);
          const outHW = [0, 1].map((i) => win.stride[i]! * (x2.shape[2 + i]! - 1) + op2[i]! + (win.kernel[i]! - 1) * win.dilation[i]! + 1 - win.pad[i]! - win.pad[i + 2]!);
          checkSize(ctx, [x.shape[0]!, w.shape[1]! * group, ...outHW], 'the output');
          const y = convTranspose2d(x2, to2d(w), { stride: win.stride, pad: win.pad, dilation: win.dilation, groups: group, outputPadding: op2 });
          return [addChannelBias(from2d(y, x.rank), xs[2])];
        },
      };
    },
  },
} satisfies Record<string, OpDefinition>;
