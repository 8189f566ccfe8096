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
import { conv2dInt8, full, quantizeMultiplier, requantize, tidy, type Shape, type Tensor } from '../../../engine/index.js';
import { Module, type LayerCost } from '../../../nn/index.js';
import type { PoolWindow } from '../plan.js';
import type { Switchable } from '../precision-state.js';
import { INTEGER_ROUNDING, type ActivationQuant } from '../requant-math.js';
import { expectInt8 } from './check-quantized-input.js';

export interface PoolParams {
  readonly input: ActivationQuant;
  readonly output: ActivationQuant;
}

export class QAvgPool extends Module {
  constructor(
    readonly dims: 1 | 2,
    /** null: the whole map of each channel, output [N, C] (GlobalAvgPool). */
    readonly window: PoolWindow | null,
    readonly params: Switchable<PoolParams>,
  ) {
    super();
  }

  /** The window over an input map of h × w. */
  windowFor(h: number, w: number): PoolWindow {
    return this.window ?? { kernel: [h, w], stride: [h, w], pad: [0, 0, 0, 0] };
  }

  forward(x: Tensor): Tensor {
    const layout = this.window === null ? '[N, C, W] or [N, C, H, W]' : this.dims === 1 ? '[N, C, W]' : '[N, C, H, W]';
    expectInt8(this, x, this.window === null ? [3, 4] : [this.dims + 2], layout);
    return tidy(() => {
      const [n, c] = [x.shape[0]!, x.shape[1]!];
      const x4 = x.rank === 3 ? x.reshape([n, c, 1, x.shape[2]!]) : x;
      const win = this.windowFor(x4.shape[2]!, x4.shape[3]!);
      const count = win.kernel[0] * win.kernel[1];
      const { input, output } = this.params.current;
      const ones = full([c, 1, win.kernel[0], win.kernel[1]], 1, 'int8', x.backend);
      const sums = conv2dInt8(x4, ones, { stride: win.stride, pad: win.pad, groups: c, padValue: input.zeroPoint });
      const { multiplier, shift } = quantizeMultiplier(input.scale / (count * output.scale));
      const bias = full([c], -count * input.zeroPoint, 'int32', x.backend);
      const y = requantize(sums, bias, { multiplier, shift, zeroPoint: output.zeroPoint, outDtype: 'int8', axis: 1, rounding: INTEGER_ROUNDING });
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
