/**
 * What QConv and QLinear share: integer weights (stored by a
 * QuantizedWeights), requantization parameters read through a Switchable
 * (one set, or one per bit width of a nested model), and the last step,
 * int32 accumulators → int8 by the requantize primitive with the fused
 * activation as its clamp. Every tensor of every variant is registered as a
 * buffer (nothing here is trained), so state dicts and the model summary
 * see the bytes a device would hold.
 */
import { add, requantize, slice, type Tensor } from '../../../engine/index.js';
import { Module } from '../../../nn/index.js';
import { variantName, type Switchable } from '../precision-state.js';
import type { QuantizedWeights } from '../quantized-weights.js';
import { INTEGER_ROUNDING } from '../requant-math.js';
import type { WeightedParams } from '../weighted-params.js';

export abstract class QuantizedWeightedLayer extends Module {
  constructor(
    readonly weights: QuantizedWeights,
    readonly params: Switchable<WeightedParams>,
  ) {
    super();
    for (const [name, t] of weights.buffers) this.buffer(name, t);
    for (const [suffix, p] of params.variants) this.buffer(variantName('bias', suffix), p.bias);
  }

  get outChannels(): number {
    return this.weights.shape[0]!;
  }

  /** Bit width of the weights in use now (8, 4 or 2). */
  get weightBits(): number {
    return this.weights.bits;
  }

  /**
   * The int32 accumulators: `dot(x, w)` over all input channels (axis 1 of
   * both), or for blockwise weights Σ_k rescale_k(dot(x_k, w_k)) over the
   * blocks of input channels, each block's exact int32 sum moved to the
   * channel's largest block scale S_c by a requantize to int32 (rounding
   * error at most ½ step of s_x·S_c per block, i.e. count/2 · M_c output
   * steps, M_c = s_x·S_c / s_y being far below 1).
   */
  protected accumulate(x: Tensor, w: Tensor, dot: (x: Tensor, w: Tensor) => Tensor): Tensor {
    const r = this.params.current.blockRescale;
    if (r === null) return dot(x, w);
    let sum: Tensor | null = null;
    for (let k = 0; k < r.blocks.count; k++) {
      const start = k * r.blocks.size;
      const end = Math.min(start + r.blocks.size, x.shape[1]!);
      const part = dot(slice(x, [0, start], [undefined, end]), slice(w, [0, start], [undefined, end]));
      const { multiplier, shift } = r.perBlock[k]!;
      const scaled = requantize(part, null, { multiplier, shift, outDtype: 'int32', axis: 1, rounding: INTEGER_ROUNDING });
      sum = sum === null ? scaled : add(sum, scaled);
    }
    return sum!;
  }

  /** int32 accumulators [N, C, ...] (channels on axis 1) → int8 with the current parameters. */
  protected requantizeOutput(acc: Tensor): Tensor {
    const p = this.params.current;
    return requantize(acc, p.bias, {
      multiplier: p.multiplier, shift: p.shift, zeroPoint: p.output.zeroPoint, min: p.min, max: p.max, outDtype: 'int8', axis: 1, rounding: INTEGER_ROUNDING,
    });
  }
}
