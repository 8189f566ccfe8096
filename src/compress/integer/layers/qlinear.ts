/** A quantized fully connected layer: matmulInt8 (x · Wᵀ, int32) then per-channel requantize (requant-math.ts). */
import { matmulInt8, tidy, type Shape, type Tensor } from '../../../engine/index.js';
import type { LayerCost } from '../../../nn/index.js';
import type { Switchable } from '../precision-state.js';
import type { QuantizedWeights } from '../quantized-weights.js';
import type { WeightedParams } from '../weighted-params.js';
import { expectInt8 } from './check-quantized-input.js';
import { QuantizedWeightedLayer } from './quantized-weighted-layer.js';

/** Both constant, so built once for every call of every QLinear. */
const RANK_2: readonly number[] = [2];
const TRANS_B = { transB: true } as const;

export class QLinear extends QuantizedWeightedLayer {
  /** How errors describe the input; fixed by the weights, so built once. */
  private readonly layout: string;

  constructor(weights: QuantizedWeights, params: Switchable<WeightedParams>) {
    super(weights, params);
    this.layout = `[N, ${weights.shape[1]!}]`;
  }

  get inFeatures(): number {
    return this.weights.shape[1]!;
  }

  /** x int8 [N, inFeatures] -> int8 [N, outFeatures]. */
  forward(x: Tensor): Tensor {
    expectInt8(this, x, RANK_2, this.layout);
    if (x.shape[1] !== this.inFeatures) throw new RangeError(`${this.label}: input has ${x.shape[1]} features, expected ${this.inFeatures}`);
    return tidy(() => this.requantizeOutput(this.accumulate(x, this.weights.int8())));
  }

  /** x int8 [N, in] · w int8 [out, in]ᵀ → int32 [N, out]. */
  protected dot(x: Tensor, w: Tensor): Tensor {
    return matmulInt8(x, w, TRANS_B);
  }

  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: this.inFeatures * this.outChannels, ops: outputShape.reduce((a, b) => a * b, 1), opClass: 'dense' };
  }
}
