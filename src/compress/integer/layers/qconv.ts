/**
 * A quantized 1-D or 2-D convolution with its BatchNorm folded and its
 * ReLU/ReLU6 fused: conv2dInt8 (int8 × int8 → int32, padded cells holding
 * the input zero point, i.e. real 0) then per-channel requantize
 * (requant-math.ts). A 1-D layer runs on [N, C, 1, W], as the engine's conv1d.
 */
import { conv2dInt8, tidy, type Shape, type Tensor } from '../../../engine/index.js';
import { convOpClass, type LayerCost } from '../../../nn/index.js';
import { conv2dOptions, type ConvGeometry } from '../conv-geometry.js';
import type { Switchable } from '../precision-state.js';
import type { QuantizedWeights } from '../quantized-weights.js';
import type { WeightedParams } from '../weighted-params.js';
import { expectInt8 } from './check-quantized-input.js';
import { QuantizedWeightedLayer } from './quantized-weighted-layer.js';

export class QConv extends QuantizedWeightedLayer {
  constructor(
    readonly geometry: ConvGeometry,
    readonly inChannels: number,
    weights: QuantizedWeights,
    params: Switchable<WeightedParams>,
  ) {
    super(weights, params);
  }

  forward(x: Tensor): Tensor {
    const g = this.geometry;
    const layout = g.dims === 1 ? `[N, ${this.inChannels}, W]` : `[N, ${this.inChannels}, H, W]`;
    expectInt8(this, x, [g.dims + 2], layout, this.inChannels);
    return tidy(() => {
      const x4 = g.dims === 1 ? x.reshape([x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]) : x;
      const w = this.weights.int8();
      const w4 = g.dims === 1 ? w.reshape([w.shape[0]!, w.shape[1]!, 1, w.shape[2]!]) : w;
      const options = { ...conv2dOptions(g, x4.shape[2]!, x4.shape[3]!), padValue: this.params.current.input.zeroPoint };
      const acc = this.accumulate(x4, w4, (xs, ws) => conv2dInt8(xs, ws, options));
      const y = this.requantizeOutput(acc);
      return g.dims === 1 ? y.reshape([y.shape[0]!, y.shape[1]!, y.shape[3]!]) : y;
    });
  }

  /** As the float layer: one dot product of (Cin/groups)·kh·kw per output cell. */
  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    const cells = outputShape.reduce((a, b) => a * b, 1);
    const [kh, kw] = this.geometry.kernel;
    return { macs: cells * (this.inChannels / this.geometry.groups) * kh * kw, ops: cells, opClass: convOpClass(this.inChannels, this.geometry.groups) };
  }
}
