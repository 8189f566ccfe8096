/**
 * conv2dInt8, the oracle: the input is padded explicitly with `padValue`
 * (padding cells are real cells holding the input's zero point, as TFLite's
 * quantized Conv treats them), then the unpadded reference convolution of
 * conv.ts runs on it. That kernel accumulates in float64, which is exact
 * here: the shape rule bounds every sum by 131071 · 2^14 < 2^31 < 2^53, so
 * storing the sums into the Int32Array output loses nothing.
 */
import type { ArrayKernel, ArrayTensor } from '../../backend.js';
import type { Pads2d } from '../../primitives.js';
import { conv2d } from './conv.js';

/** x [N, C, H, W] with `pad` cells of `value` around each plane. */
function padPlanes(x: ArrayTensor, pad: Pads2d, value: number): ArrayTensor {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [pt, pl, pb, pr] = pad;
  const Hp = H + pt + pb, Wp = W + pl + pr;
  const data = new Int8Array(N * C * Hp * Wp).fill(value);
  for (let plane = 0; plane < N * C; plane++) {
    for (let h = 0; h < H; h++) {
      const src = (plane * H + h) * W;
      data.set(x.data.subarray(src, src + W), (plane * Hp + h + pt) * Wp + pl);
    }
  }
  return { data, shape: [N, C, Hp, Wp], dtype: 'int8' };
}

export const conv2dInt8: ArrayKernel<'conv2dInt8'> = (inputs, out, p) => {
  const { padValue, ...conv } = p;
  const unpadded = conv.pad.every((v) => v === 0);
  const x = unpadded ? inputs[0]! : padPlanes(inputs[0]!, conv.pad, padValue);
  conv2d([x, inputs[1]!], out, { ...conv, pad: [0, 0, 0, 0] });
};
