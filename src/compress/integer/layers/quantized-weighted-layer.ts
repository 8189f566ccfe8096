/**
 * What QConv and QLinear share: integer weights (stored by a
 * QuantizedWeights), requantization parameters read through a Switchable
 * (one set, or one per bit width of a nested model), and the last step,
 * int32 accumulators → int8 by the requantize primitive with the fused
 * activation as its clamp. Every tensor of every variant is registered as a
 * buffer (nothing here is trained), so state dicts and the model summary
 * see the bytes a device would hold.
 */
import { add, requantize, slice, type RequantizeOptions, type Tensor } from '../../../engine/index.js';
import { Module } from '../../../nn/index.js';
import { variantName, type Switchable } from '../precision-state.js';
import type { QuantizedWeights } from '../quantized-weights.js';
import { INTEGER_ROUNDING } from '../requant-math.js';
import type { WeightedParams } from '../weighted-params.js';

/**
 * The requantize options of one parameter set, built once per set when the
 * layer is made rather than on every call (they depend only on the set).
 */
interface RequantOptions {
  /** int32 accumulators → int8 output with the fused activation's clamp. */
  readonly output: RequantizeOptions;
  /** Per block of a blockwise layer: its int32 sum → the channel's largest block scale (null: per channel). */
  readonly perBlock: readonly RequantizeOptions[] | null;
}

function requantOptions(p: WeightedParams): RequantOptions {
  return {
    output: { multiplier: p.multiplier, shift: p.shift, zeroPoint: p.output.zeroPoint, min: p.min, max: p.max, outDtype: 'int8', axis: 1, rounding: INTEGER_ROUNDING },
    perBlock:
      p.blockRescale === null
        ? null
        : p.blockRescale.perBlock.map(({ multiplier, shift }) => ({ multiplier, shift, outDtype: 'int32', axis: 1, rounding: INTEGER_ROUNDING }) as const),
  };
}

export abstract class QuantizedWeightedLayer extends Module {
  /** Options per parameter set; a nested model's width switch picks another entry, nothing is rebuilt. */
  private readonly requantBy = new Map<WeightedParams, RequantOptions>();

  constructor(
    readonly weights: QuantizedWeights,
    readonly params: Switchable<WeightedParams>,
  ) {
    super();
    for (const [name, t] of weights.buffers) this.buffer(name, t);
    for (const [suffix, p] of params.variants) {
      this.buffer(variantName('bias', suffix), p.bias);
      this.requantBy.set(p, requantOptions(p));
    }
  }

  /** The options of the set in use now (every variant is in the map; the fallback only guards the Switchable contract). */
  private currentRequant(p: WeightedParams): RequantOptions {
    return this.requantBy.get(p) ?? requantOptions(p);
  }

  /** The layer's integer product of int8 `x` and int8 `w` over axis 1 of both (conv2dInt8, matmulInt8), exact in int32. */
  protected abstract dot(x: Tensor, w: Tensor): Tensor;

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
  protected accumulate(x: Tensor, w: Tensor): Tensor {
    const p = this.params.current;
    const r = p.blockRescale;
    if (r === null) return this.dot(x, w);
    const perBlock = this.currentRequant(p).perBlock!;
    const channels = x.shape[1]!;
    let sum: Tensor | null = null;
    for (let k = 0; k < r.blocks.count; k++) {
      const start = k * r.blocks.size;
      const end = Math.min(start + r.blocks.size, channels);
      const part = this.dot(slice(x, [0, start], [undefined, end]), slice(w, [0, start], [undefined, end]));
      const scaled = requantize(part, null, perBlock[k]!);
      sum = sum === null ? scaled : add(sum, scaled);
    }
    return sum!;
  }

  /** int32 accumulators [N, C, ...] (channels on axis 1) → int8 with the current parameters. */
  protected requantizeOutput(acc: Tensor): Tensor {
    const p = this.params.current;
    return requantize(acc, p.bias, this.currentRequant(p).output);
  }
}
