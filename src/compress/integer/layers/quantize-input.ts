/**
 * The float → int8 boundary at the model input: q = saturate(round(x / s) + z),
 * ONNX QuantizeLinear's definition (onnx/docs/Operators.md, QuantizeLinear:
 * round half to even, then saturate), composed from primitives: div and the
 * round primitive in float32 (so x / s is rounded to float32 first, as
 * onnxruntime computes it), add, clip, and a cast of the integral result.
 */
import { add, clip, cast, div, formatShape, round, tidy, type Shape, type Tensor } from '../../../engine/index.js';
import { Module, type LayerCost } from '../../../nn/index.js';
import type { Switchable } from '../precision-state.js';
import type { ActivationQuant } from '../requant-math.js';

export class QuantizeInput extends Module {
  constructor(readonly params: Switchable<ActivationQuant>) {
    super();
  }

  forward(x: Tensor): Tensor {
    if (x.dtype !== 'float32') throw new TypeError(`${this.label}: input must be float32, got ${x.dtype}${formatShape(x.shape)}`);
    const { scale, zeroPoint } = this.params.current;
    return tidy(() => cast(clip(add(round(div(x, scale)), zeroPoint), -128, 127), 'int8'));
  }

  /** A divide, a round, an add and a clamp per element. */
  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: 0, ops: 4 * outputShape.reduce((a, b) => a * b, 1) };
  }
}
