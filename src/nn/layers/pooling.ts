/**
 * Pooling layers (PyTorch `nn.MaxPool1d/2d`, `nn.AvgPool1d/2d`, Keras
 * `GlobalAveragePooling*`). Output sizes use floor rounding (no ceil mode).
 */
import {
  avgPool1d,
  avgPool2d,
  globalAvgPool,
  maxPool1d,
  maxPool2d,
  sizeOf,
  type Shape,
  type Tensor,
} from '../../engine/index.js';
import { Module, type LayerCost } from '../module.js';
import { expectInt, expectRank, toPair, type IntPair } from './check-input.js';

export interface Pool2dOptions {
  /** Default: the kernel size. */
  stride?: IntPair;
  /** Cells added on each side: a number or [h, w]. */
  padding?: IntPair;
}

abstract class Pool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];

  constructor(kernelSize: IntPair, options: Pool2dOptions) {
    super();
    const type = new.target.name;
    this.kernelSize = toPair(kernelSize, 1, type, 'kernelSize');
    this.stride = options.stride === undefined ? this.kernelSize : toPair(options.stride, 1, type, 'stride');
    const p = options.padding ?? 0;
    this.padding = typeof p === 'number' ? [p, p] : [p[0], p[1]];
    for (const v of this.padding) expectInt(type, 'padding', v, 0);
    if (this.padding[0] * 2 > this.kernelSize[0] || this.padding[1] * 2 > this.kernelSize[1]) {
      // Otherwise a window could lie entirely in the padding (PyTorch rejects it too).
      throw new RangeError(`${type}: padding ${JSON.stringify(this.padding)} must be at most half the kernel ${JSON.stringify(this.kernelSize)}`);
    }
  }

  protected get opts() {
    return { kernel: this.kernelSize, stride: this.stride, pad: this.padding };
  }

  /** One comparison or addition per window cell per output. */
  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: 0, ops: sizeOf(outputShape) * this.kernelSize[0] * this.kernelSize[1] };
  }
}

export class MaxPool2d extends Pool2d {
  constructor(kernelSize: IntPair, options: Pool2dOptions = {}) {
    super(kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    expectRank(this, x, [4], '[N, C, H, W]');
    return maxPool2d(x, this.opts);
  }
}

export class AvgPool2d extends Pool2d {
  /** Whether padded cells count in the divisor; default true as PyTorch. */
  readonly countIncludePad: boolean;

  constructor(kernelSize: IntPair, options: Pool2dOptions & { countIncludePad?: boolean } = {}) {
    super(kernelSize, options);
    this.countIncludePad = options.countIncludePad ?? true;
  }

  forward(x: Tensor): Tensor {
    expectRank(this, x, [4], '[N, C, H, W]');
    return avgPool2d(x, { ...this.opts, countIncludePad: this.countIncludePad });
  }
}

export interface Pool1dOptions {
  stride?: number;
  padding?: number;
}

abstract class Pool1d extends Module {
  readonly stride: number;
  readonly padding: number;

  constructor(
    readonly kernelSize: number,
    options: Pool1dOptions,
  ) {
    super();
    const type = new.target.name;
    expectInt(type, 'kernelSize', kernelSize);
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    expectInt(type, 'stride', this.stride);
    expectInt(type, 'padding', this.padding, 0);
    if (this.padding * 2 > kernelSize) throw new RangeError(`${type}: padding ${this.padding} must be at most half the kernel ${kernelSize}`);
  }

  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: 0, ops: sizeOf(outputShape) * this.kernelSize };
  }
}

export class MaxPool1d extends Pool1d {
  constructor(kernelSize: number, options: Pool1dOptions = {}) {
    super(kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    expectRank(this, x, [3], '[N, C, W]');
    return maxPool1d(x, { kernel: this.kernelSize, stride: this.stride, pad: this.padding });
  }
}

export class AvgPool1d extends Pool1d {
  readonly countIncludePad: boolean;

  constructor(kernelSize: number, options: Pool1dOptions & { countIncludePad?: boolean } = {}) {
    super(kernelSize, options);
    this.countIncludePad = options.countIncludePad ?? true;
  }

  forward(x: Tensor): Tensor {
    expectRank(this, x, [3], '[N, C, W]');
    return avgPool1d(x, { kernel: this.kernelSize, stride: this.stride, pad: this.padding, countIncludePad: this.countIncludePad });
  }
}

const GLOBAL_POOL_RANKS: readonly number[] = [3, 4];

/** Mean over every spatial axis: [N, C, ...] -> [N, C] (Keras GlobalAveragePooling; Lin et al. 2014, "Network In Network"). */
export class GlobalAvgPool extends Module {
  forward(x: Tensor): Tensor {
    expectRank(this, x, GLOBAL_POOL_RANKS, '[N, C, W] or [N, C, H, W]');
    return globalAvgPool(x);
  }

  /** One addition per input element. */
  override cost(inputShape: Shape): LayerCost {
    return { macs: 0, ops: sizeOf(inputShape) };
  }
}
