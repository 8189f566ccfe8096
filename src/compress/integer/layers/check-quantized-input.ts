/** Entry checks of the quantized layers, in the model's terms (`QConv "stem.conv": ...`). */
import { formatShape, type Tensor } from '../../../engine/index.js';
import type { Module } from '../../../nn/index.js';

/** Throws unless `x` is an int8 tensor of one of `ranks` with `channels` on axis 1 (when given). */
export function expectInt8(layer: Module, x: Tensor, ranks: readonly number[], layout: string, channels?: number): void {
  if (x.dtype !== 'int8') throw new TypeError(`${layer.label}: input must be int8 ${layout}, got ${x.dtype}${formatShape(x.shape)}; quantize the input first (QuantizeInput)`);
  if (!ranks.includes(x.rank)) throw new RangeError(`${layer.label}: input has shape ${formatShape(x.shape)}, expected ${layout}`);
  if (channels !== undefined && x.shape[1] !== channels) {
    throw new RangeError(`${layer.label}: input has ${x.shape[1]} channels, expected ${channels} (input shape ${formatShape(x.shape)})`);
  }
}
