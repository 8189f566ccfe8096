/**
 * The float convolution inside QLinearConv-10: the same attributes as Conv
 * (kernel_shape, strides, dilations, pads, auto_pad, group), run on
 * zero-point-centred integers held in float32.
 */
import { conv2d, type Tensor } from '../../../../engine/index.js';
import type { NodeContext } from '../node-context.js';
import { from2d, readWindowAttrs, resolveWindow, spatialOf, to2d } from './window.js';

export function quantizedConvCore(ctx: NodeContext): (x: Tensor, w: Tensor) => Tensor {
  const attrs = readWindowAttrs(ctx);
  const group = ctx.int('group', 1);
  return (x, w) => {
    const win = resolveWindow(ctx, attrs, spatialOf(ctx, x), attrs.kernel ?? w.shape.slice(2));
    return from2d(conv2d(to2d(x), to2d(w), { stride: win.stride, pad: win.pad, dilation: win.dilation, groups: group }), x.rank);
  };
}
