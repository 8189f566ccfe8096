/**
 * Quantized average pooling (a window, or each channel's whole map for
 * GlobalAvgPool). The window sums are exact int32: a depthwise conv2dInt8
 * with an all-ones kernel, padded cells holding the input zero point (real
 * 0, so a padded cell counts in the divisor as countIncludePad does). Then
 *
 *   q_y = z_y + (s_x / (count · s_y)) · (Σ q_x − count · z_x),
 *
 * one requantize with the 1/count folded into the multiplier and the
 * zero-point term as its per-channel bias (TFLite's quantized mean does the
 * same fold: tensorflow/lite/kernels/internal/reference/integer_ops/mean.h).
 */
import { conv2dInt8, full, quantizeMultiplier, requantize, tidy, type ConvOptions, type Int8PadOption, type RequantizeOptions, type Shape, type Tensor } from '../../../engine/index.js';
import { Module, type LayerCost } from '../../../nn/index.js';
import type { PoolWindow } from '../plan.js';
import type { Switchable } from '../precision-state.js';
import { INTEGER_ROUNDING, type ActivationQuant } from '../requant-math.js';
import { expectInt8 } from './check-quantized-input.js';

export interface PoolParams {
  readonly input: ActivationQuant;
  readonly output: ActivationQuant;
}

/** What one call needs besides its tensors, for one input size (channels, map) and one parameter set. */
interface PoolCall {
  readonly params: PoolParams;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly window: PoolWindow;
  /** Cells per window, the divisor. */
  readonly count: number;
  readonly conv: ConvOptions & Int8PadOption;
  readonly requant: RequantizeOptions;
}

export class QAvgPool extends Module {
  /** The accepted input ranks and how errors describe them: fixed at construction. */
  private readonly ranks: readonly number[];
  private readonly layout: string;
  /**
   * The options of the last call, reused while the input size and the
   * parameter set stay the same (every call of a deployed model): the
   * multiplier's quantizeMultiplier and the option objects are not redone
   * per call. A new size or a nested model's width switch builds them again.
   */
  private lastCall: PoolCall | null = null;

  constructor(
    readonly dims: 1 | 2,
    /** null: the whole map of each channel, output [N, C] (GlobalAvgPool). */
    readonly window: PoolWindow | null,
    readonly params: Switchable<PoolParams>,
  ) {
    super();
    this.ranks = window === null ? [3, 4] : [dims + 2];
    this.layout = window === null ? '[N, C, W] or [N, C, H, W]' : dims === 1 ? '[N, C, W]' : '[N, C, H, W]';
  }

  /** The window over an input map of h × w. */
  windowFor(h: number, w: number): PoolWindow {
    return this.window ?? { kernel: [h, w], stride: [h, w], pad: [0, 0, 0, 0] };
  }

  private callFor(c: number, h: number, w: number): PoolCall {
    const params = this.params.current;
    const last = this.lastCall;
    if (last !== null && last.params === params && last.c === c && last.h === h && last.w === w) return last;
    const { input, output } = params;
    const window = this.windowFor(h, w);
    const count = window.kernel[0] * window.kernel[1];
    const { multiplier, shift } = quantizeMultiplier(input.scale / (count * output.scale));
    const call: PoolCall = {
      params, c, h, w, window, count,
      conv: { stride: window.stride, pad: window.pad, groups: c, padValue: input.zeroPoint },
      requant: { multiplier, shift, zeroPoint: output.zeroPoint, outDtype: 'int8', axis: 1, rounding: INTEGER_ROUNDING },
    };
    this.lastCall = call;
    return call;
  }

  forward(x: Tensor): Tensor {
    expectInt8(this, x, this.ranks, this.layout);
    return tidy(() => {
      const n = x.shape[0]!;
      const c = x.shape[1]!;
      const x4 = x.rank === 3 ? x.reshape([n, c, 1, x.shape[2]!]) : x;
      const call = this.callFor(c, x4.shape[2]!, x4.shape[3]!);
      const kernel = call.window.kernel;
      const ones = full([c, 1, kernel[0], kernel[1]], 1, 'int8', x.backend);
      const sums = conv2dInt8(x4, ones, call.conv);
      const bias = full([c], -call.count * call.params.input.zeroPoint, 'int32', x.backend);
      const y = requantize(sums, bias, call.requant);
      if (this.window === null) return y.reshape([n, c]);
      return x.rank === 3 ? y.reshape([n, c, y.shape[3]!]) : y;
    });
  }

  /** One addition per window cell per output. */
  override cost(inputShape: Shape, outputShape: Shape): LayerCost {
    if (this.window === null) return { macs: 0, ops: inputShape.reduce((a, b) => a * b, 1) };
    return { macs: 0, ops: outputShape.reduce((a, b) => a * b, 1) * this.window.kernel[0] * this.window.kernel[1] };
  }
}
