/**
 * A residual block y = act(main(x) + shortcut(x)) (He et al. 2016, "Deep
 * Residual Learning for Image Recognition"). Without a shortcut module the
 * input is added as is (identity shortcut); a projection (e.g. a strided 1×1
 * convolution) matches shapes where the main path changes them.
 */
import { formatShape, shapesEqual, sizeOf, type Shape, type Tensor } from '../../engine/index.js';
import { Module, type LayerCost } from '../module.js';

export interface ResidualOptions {
  /** Applied to x before the addition; default identity. */
  shortcut?: Module;
  /** Applied after the addition (the ReLU of ResNet v1); default none. */
  activation?: Module;
}

export class Residual extends Module {
  constructor(main: Module, options: ResidualOptions = {}) {
    super();
    this.child('main', main);
    if (options.shortcut) this.child('shortcut', options.shortcut);
    if (options.activation) this.child('activation', options.activation);
  }

  // Read from the child map, so `replaceChild` swaps a branch in place.
  get main(): Module {
    return this.childNamed('main')!;
  }

  get shortcut(): Module | null {
    return this.childNamed('shortcut') ?? null;
  }

  get activation(): Module | null {
    return this.childNamed('activation') ?? null;
  }

  forward(x: Tensor): Tensor {
    const y = this.main.call(x);
    const s = this.shortcut ? this.shortcut.call(x) : x;
    if (!shapesEqual(y.shape, s.shape)) {
      throw new RangeError(
        `${this.label}: the main path gives ${formatShape(y.shape)} but the ${this.shortcut ? 'shortcut' : 'identity shortcut'} gives ${formatShape(s.shape)}; ` +
          (this.shortcut ? 'make them agree' : 'add a projection shortcut (e.g. a 1×1 convolution with the main path\'s stride)'),
      );
    }
    const sum = y.add(s);
    return this.activation ? this.activation.call(sum) : sum;
  }

  /** The addition itself: one op per element (the children are counted on their own). */
  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: 0, ops: sizeOf(outputShape) };
  }
}
