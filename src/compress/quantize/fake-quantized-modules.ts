/**
 * The modules quantization-aware training puts in place of a model's layers
 * (prepare-qat.ts). They keep the state-dict names of what they wrap — a
 * wrapped layer's weight is still `stack1.main.conv1.weight` — so float
 * checkpoints load into the prepared model and back.
 *
 *  - FakeQuantizedLayer: a Conv1d/Conv2d/Linear whose weight is fake-
 *    quantized per output channel, symmetric (the int8 weight scheme of
 *    qparams.ts), with the scales recomputed from the current weights each
 *    call; optionally its output fake-quantized per tensor.
 *  - FakeQuantizedActivation: an activation whose output is fake-quantized
 *    per tensor.
 *
 * The bias stays float: the integer model stores it as int32 with scale
 * s_input·s_weight (Jacob et al. 2018, sec. 2.4), fine enough that its
 * rounding is negligible next to the weights'.
 */
import type { Shape, Tensor } from '../../engine/index.js';
import { Module, type LayerCost } from '../../nn/index.js';
import type { ClipRange } from './calibration/histogram-density.js';
import { EmaRange } from './ema-range.js';
import { fakeQuantize } from './fake-quant.js';
import { asymmetricFromRange, symmetricPerChannel } from './qparams.js';
import { forwardWithWeight, type WeightedLayer } from './weighted-layer.js';

/**
 * Per-tensor fake quantization of an output with a range learned by EMA:
 * updated from each batch in training mode, frozen in eval mode.
 */
export class OutputQuantizer {
  constructor(
    readonly bits: number,
    readonly ema: EmaRange,
  ) {}

  get range(): ClipRange | null {
    return this.ema.range;
  }

  apply(y: Tensor, training: boolean, owner: Module): Tensor {
    if (training) {
      const { min, max } = valueRange(y, owner);
      this.ema.update(min, max);
    }
    const r = this.ema.range;
    if (!r) {
      throw new Error(`${owner.label}: its activation range was never observed; run the prepared model in training mode first, or pass calibrated ranges to prepareQat (options.ranges)`);
    }
    return fakeQuantize(y, asymmetricFromRange(r.min, r.max, this.bits, true));
  }
}

function valueRange(y: Tensor, owner: Module): ClipRange {
  const v = y.view();
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError(`${owner.label}: output holds non-finite values (range [${min}, ${max}]); cannot learn a quantization range`);
  return { min, max };
}

export class FakeQuantizedLayer extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    /** The float layer; not a child, so its parameters appear once, under this module's path. */
    readonly layer: WeightedLayer,
    readonly weightBits: number,
    readonly output: OutputQuantizer | null,
  ) {
    super();
    this.weight = this.param('weight', layer.weight);
    this.bias = layer.bias ? this.param('bias', layer.bias) : null;
    this.training = layer.training;
  }

  forward(x: Tensor): Tensor {
    this.layer.training = this.training;
    const w = this.weight;
    const values = w.dtype === 'float32' ? (w.view() as Float32Array) : Float32Array.from(w.view());
    const wq = fakeQuantize(w, symmetricPerChannel(values, w.shape, this.weightBits, 0));
    const y = forwardWithWeight(this.layer, wq, x);
    return this.output ? this.output.apply(y, this.training, this) : y;
  }

  override cost(inputShape: Shape, outputShape: Shape): LayerCost {
    return this.layer.cost(inputShape, outputShape);
  }
}

export class FakeQuantizedActivation extends Module {
  constructor(
    /** The activation; parameter-free in the layer library, and not a child. */
    readonly activation: Module,
    readonly output: OutputQuantizer,
  ) {
    super();
    this.training = activation.training;
  }

  forward(x: Tensor): Tensor {
    this.activation.training = this.training;
    return this.output.apply(this.activation.forward(x), this.training, this);
  }

  override cost(inputShape: Shape, outputShape: Shape): LayerCost {
    return this.activation.cost(inputShape, outputShape);
  }
}
