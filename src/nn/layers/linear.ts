/** Fully connected layer y = x·Wᵀ + b (PyTorch `nn.Linear`, Keras `Dense`). */
import { formatShape, sizeOf, type Rng, type Shape, type Tensor } from '../../engine/index.js';
import { defaultRng, fanInUniform, kaimingUniform } from '../init.js';
import { Module, type LayerCost } from '../module.js';
import { expectChannels, expectInt } from './check-input.js';

export interface LinearOptions {
  /** Default true. */
  bias?: boolean;
  /** Source of the initial weights; default a fixed-seed generator. */
  rng?: Rng;
}

export class Linear extends Module {
  /** [outFeatures, inFeatures], PyTorch's layout (ONNX Gemm with transB = 1). */
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    expectInt('Linear', 'inFeatures', inFeatures);
    expectInt('Linear', 'outFeatures', outFeatures);
    const rng = options.rng ?? defaultRng();
    this.weight = this.param('weight', kaimingUniform([outFeatures, inFeatures], inFeatures, rng));
    this.bias = (options.bias ?? true) ? this.param('bias', fanInUniform([outFeatures], inFeatures, rng)) : null;
  }

  /** x [N, ..., inFeatures] -> [N, ..., outFeatures]. */
  forward(x: Tensor): Tensor {
    if (x.rank < 2) throw new RangeError(`${this.label}: input has shape ${formatShape(x.shape)}, expected [N, ${this.inFeatures}] (a batch of feature vectors)`);
    expectChannels(this, x, this.inFeatures, 'features', x.rank - 1);
    const flat = x.rank === 2 ? x : x.reshape([-1, this.inFeatures]);
    let y = flat.matmul(this.weight, { transB: true });
    if (this.bias) y = y.add(this.bias);
    if (x.rank === 2) return y;
    // An index loop, not shape.slice: array methods on the engine's frozen shapes are slow in Node 20.
    const outShape: number[] = [];
    for (let i = 0; i < x.rank - 1; i++) outShape.push(x.shape[i]!);
    outShape.push(this.outFeatures);
    return y.reshape(outShape);
  }

  /** in·out MACs per feature vector (Gemm). */
  override cost(inputShape: Shape, outputShape: Shape): LayerCost {
    const vectors = sizeOf(inputShape.slice(0, -1));
    return { macs: vectors * this.inFeatures * this.outFeatures, ops: this.bias ? sizeOf(outputShape) : 0, opClass: 'dense' };
  }
}
