/**
 * The int8 → float boundary at the model output: x = (q − z) · s, ONNX
 * DequantizeLinear's definition. q − z is exact in float32 and the product
 * is one float32 rounding, so the result is bit-identical to onnxruntime's
 * whenever the int8 values agree.
 */
import { cast, mul, sub, tidy, type Shape, type Tensor } from '../../../engine/index.js';
import { Module, type LayerCost } from '../../../nn/index.js';
import type { Switchable } from '../precision-state.js';
import type { ActivationQuant } from '../requant-math.js';
import { expectInt8 } from './check-quantized-input.js';

/** Built once, not per call. */
const ANY_RANK: readonly number[] = [1, 2, 3, 4, 5];

export class DequantizeOutput extends Module {
  constructor(readonly params: Switchable<ActivationQuant>) {
    super();
  }

  forward(q: Tensor): Tensor {
    expectInt8(this, q, ANY_RANK, '[N, ...]');
    const { scale, zeroPoint } = this.params.current;
    return tidy(() => mul(sub(cast(q, 'float32'), zeroPoint), scale));
  }

  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: 0, ops: 2 * outputShape.reduce((a, b) => a * b, 1) };
  }
}
