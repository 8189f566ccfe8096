/**
 * The geometry of a convolution as the 2-D primitives take it. A Conv1d over
 * [N, C, W] runs as a 2-D convolution over [N, C, 1, W] with a [1, k]
 * kernel, as the engine's conv1d does, so the float calibration pass, the
 * integer layer and the ONNX export share one description.
 */
import type { Pads2d, Pair } from '../../engine/index.js';
import { Conv1d, samePadding, type Conv2d } from '../../nn/index.js';

export interface ConvGeometry {
  readonly dims: 1 | 2;
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly dilation: Pair;
  readonly groups: number;
  /** Explicit pads, or TensorFlow's 'same' rule resolved per input size. */
  readonly padding: Pads2d | 'same';
}

export function convGeometry(layer: Conv1d | Conv2d): ConvGeometry {
  if (layer instanceof Conv1d) {
    const p = layer.padding;
    return {
      dims: 1,
      kernel: [1, layer.kernelSize],
      stride: [1, layer.stride],
      dilation: [1, layer.dilation],
      groups: layer.groups,
      padding: p === 'same' ? 'same' : [0, p[0], 0, p[1]],
    };
  }
  return { dims: 2, kernel: layer.kernelSize, stride: layer.stride, dilation: layer.dilation, groups: layer.groups, padding: layer.padding };
}

/** [top, left, bottom, right] for an input of height `h` and width `w` (h = 1 for 1-D). */
export function padsFor(g: ConvGeometry, h: number, w: number): Pads2d {
  if (g.padding !== 'same') return g.padding;
  const [top, bottom] = g.dims === 1 ? [0, 0] : samePadding(h, g.kernel[0], g.stride[0], g.dilation[0]);
  const [left, right] = samePadding(w, g.kernel[1], g.stride[1], g.dilation[1]);
  return [top, left, bottom, right];
}

/** The convolution options of the engine's 2-D ops for an input of `h` × `w`. */
export function conv2dOptions(g: ConvGeometry, h: number, w: number): { stride: Pair; pad: Pads2d; dilation: Pair; groups: number } {
  return { stride: g.stride, pad: padsFor(g, h, w), dilation: g.dilation, groups: g.groups };
}
