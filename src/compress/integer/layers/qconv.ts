/**
 * A quantized 1-D or 2-D convolution with its BatchNorm folded and its
 * ReLU/ReLU6 fused: conv2dInt8 (int8 × int8 → int32, padded cells holding
 * the input zero point, i.e. real 0) then per-channel requantize
 * (requant-math.ts). A 1-D layer runs on [N, C, 1, W], as the engine's conv1d.
 */
import { conv2dInt8, tidy, type ConvOptions, type Int8PadOption, type Shape, type Tensor } from '../../../engine/index.js';
import { convOpClass, type LayerCost } from '../../../nn/index.js';
import { conv2dOptions, type ConvGeometry } from '../conv-geometry.js';
import type { Switchable } from '../precision-state.js';
import type { QuantizedWeights } from '../quantized-weights.js';
import type { WeightedParams } from '../weighted-params.js';
import { expectInt8 } from './check-quantized-input.js';
import { QuantizedWeightedLayer } from './quantized-weighted-layer.js';

/** The conv2dInt8 options for one input size and one parameter set (the pad value is that set's input zero point). */
interface ConvCall {
  readonly params: WeightedParams;
  readonly h: number;
  readonly w: number;
  readonly options: ConvOptions & Int8PadOption;
}

export class QConv extends QuantizedWeightedLayer {
  /** The accepted input rank and how errors describe it: fixed by the geometry, so built once. */
  private readonly ranks: readonly number[];
  private readonly layout: string;
  /**
   * The options of the last call, reused while the input size and the
   * parameter set stay the same (every call of a deployed model); a new
   * input size ('same' pads depend on it) or a nested model's width switch
   * builds them again.
   */
  private lastCall: ConvCall | null = null;

  constructor(
    readonly geometry: ConvGeometry,
    readonly inChannels: number,
    weights: QuantizedWeights,
    params: Switchable<WeightedParams>,
  ) {
    super(weights, params);
    this.ranks = [geometry.dims + 2];
    this.layout = geometry.dims === 1 ? `[N, ${inChannels}, W]` : `[N, ${inChannels}, H, W]`;
  }

  forward(x: Tensor): Tensor {
    expectInt8(this, x, this.ranks, this.layout, this.inChannels);
    return tidy(() => {
      const oneD = this.geometry.dims === 1;
      const x4 = oneD ? x.reshape([x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]) : x;
      const w = this.weights.int8();
      const w4 = oneD ? w.reshape([w.shape[0]!, w.shape[1]!, 1, w.shape[2]!]) : w;
      const y = this.requantizeOutput(this.accumulate(x4, w4));
      return oneD ? y.reshape([y.shape[0]!, y.shape[1]!, y.shape[3]!]) : y;
    });
  }

  /** x4 int8 [N, C, H, W] (or a block of its channels) ⊛ w4 → int32 [N, Cout, Ho, Wo]. */
  protected dot(x4: Tensor, w4: Tensor): Tensor {
    return conv2dInt8(x4, w4, this.convOptions(x4.shape[2]!, x4.shape[3]!));
  }

  private convOptions(h: number, w: number): ConvOptions & Int8PadOption {
    const params = this.params.current;
    const last = this.lastCall;
    if (last !== null && last.params === params && last.h === h && last.w === w) return last.options;
    const options = { ...conv2dOptions(this.geometry, h, w), padValue: params.input.zeroPoint };
    this.lastCall = { params, h, w, options };
    return options;
  }

  /** As the float layer: one dot product of (Cin/groups)·kh·kw per output cell. */
  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    const cells = outputShape.reduce((a, b) => a * b, 1);
    const [kh, kw] = this.geometry.kernel;
    return { macs: cells * (this.inChannels / this.geometry.groups) * kh * kw, ops: cells, opClass: convOpClass(this.inChannels, this.geometry.groups) };
  }
}
