/**
 * Quantized max pooling. q ↦ s·(q − z) is increasing, so the max of the
 * quantized values is the quantization of the max: the pool runs on the
 * int8 values themselves and keeps the input's scale and zero point. The
 * engine's maxPool2d is float-only; int8 values are exact in float32, so
 * the cast there and back changes nothing.
 */
import { cast, maxPool2d, tidy, type Shape, type Tensor } from '../../../engine/index.js';
import { Module, type LayerCost } from '../../../nn/index.js';
import type { PoolWindow } from '../plan.js';
import { expectInt8 } from './check-quantized-input.js';

export class QMaxPool extends Module {
  constructor(
    readonly dims: 1 | 2,
    readonly window: PoolWindow,
  ) {
    super();
    this.ranks = [dims + 2];
    this.layout = dims === 1 ? '[N, C, W]' : '[N, C, H, W]';
  }

  /** The accepted input rank and how errors describe it, built once. */
  private readonly ranks: readonly number[];
  private readonly layout: string;

  forward(x: Tensor): Tensor {
    expectInt8(this, x, this.ranks, this.layout);
    return tidy(() => {
      const x4 = this.dims === 1 ? x.reshape([x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]) : x;
      const y = cast(maxPool2d(cast(x4, 'float32'), this.window), 'int8');
      return this.dims === 1 ? y.reshape([y.shape[0]!, y.shape[1]!, y.shape[3]!]) : y;
    });
  }

  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: 0, ops: outputShape.reduce((a, b) => a * b, 1) * this.window.kernel[0] * this.window.kernel[1] };
  }
}
