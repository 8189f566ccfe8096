/** A quantized fully connected layer: matmulInt8 (x · Wᵀ, int32) then per-channel requantize (requant-math.ts). */
import { matmulInt8, tidy, type Shape, type Tensor } from '../../../engine/index.js';
import type { LayerCost } from '../../../nn/index.js';
import { expectInt8 } from './check-quantized-input.js';
import { QuantizedWeightedLayer } from './quantized-weighted-layer.js';

export class QLinear extends QuantizedWeightedLayer {
  get inFeatures(): number {
    return this.weights.shape[1]!;
  }

  /** x int8 [N, inFeatures] -> int8 [N, outFeatures]. */
  forward(x: Tensor): Tensor {
    expectInt8(this, x, [2], `[N, ${this.inFeatures}]`);
    if (x.shape[1] !== this.inFeatures) throw new RangeError(`${this.label}: input has ${x.shape[1]} features, expected ${this.inFeatures}`);
    return tidy(() => this.requantizeOutput(this.accumulate(x, this.weights.int8(), (xs, ws) => matmulInt8(xs, ws, { transB: true }))));
  }

  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: this.inFeatures * this.outChannels, ops: outputShape.reduce((a, b) => a * b, 1), opClass: 'dense' };
  }
}
