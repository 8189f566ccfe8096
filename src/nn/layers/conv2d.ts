/**
 * 2-D convolution over NCHW images (PyTorch `nn.Conv2d`; Keras `Conv2D` and,
 * with groups = channels, `DepthwiseConv2D`). Weight [Cout, Cin/groups, kh, kw].
 */
import { conv2d, type Pads2d, type Rng, type Shape, type Tensor } from '../../engine/index.js';
import { defaultRng, fanInUniform, kaimingUniform } from '../init.js';
import { Module, convOpClass, type LayerCost } from '../module.js';
import { expectChannels, expectInt, expectRank, toPair, type IntPair } from './check-input.js';
import { samePadding } from './same-padding.js';

export interface Conv2dOptions {
  stride?: IntPair;
  /**
   * A number (all sides), [h, w] (each side of that axis),
   * [top, left, bottom, right], 'valid' (= 0) or 'same' (TensorFlow's rule
   * for any stride: ceil(in/stride) outputs, the odd cell after).
   */
  padding?: number | readonly [number, number] | Pads2d | 'same' | 'valid';
  dilation?: IntPair;
  /** Channel groups; groups = inChannels = outChannels is a depthwise convolution. Default 1. */
  groups?: number;
  /** Default true (as PyTorch and Keras). */
  bias?: boolean;
  rng?: Rng;
}

const RANK_4: readonly number[] = [4];

export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
  readonly padding: Pads2d | 'same';
  /** How errors describe the input, and the bias's broadcast shape: built once, not per call. */
  private readonly inputLayout: string;
  private readonly biasShape: readonly number[];

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: IntPair,
    options: Conv2dOptions = {},
  ) {
    super();
    expectInt('Conv2d', 'inChannels', inChannels);
    expectInt('Conv2d', 'outChannels', outChannels);
    this.kernelSize = toPair(kernelSize, 1, 'Conv2d', 'kernelSize');
    this.stride = toPair(options.stride, 1, 'Conv2d', 'stride');
    this.dilation = toPair(options.dilation, 1, 'Conv2d', 'dilation');
    this.groups = options.groups ?? 1;
    expectInt('Conv2d', 'groups', this.groups);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new RangeError(`Conv2d: inChannels (${inChannels}) and outChannels (${outChannels}) must both be divisible by groups (${this.groups})`);
    }
    this.padding = normalizePads2d(options.padding);
    const [kh, kw] = this.kernelSize;
    const fanIn = (inChannels / this.groups) * kh * kw;
    const rng = options.rng ?? defaultRng();
    this.weight = this.param('weight', kaimingUniform([outChannels, inChannels / this.groups, kh, kw], fanIn, rng));
    this.bias = (options.bias ?? true) ? this.param('bias', fanInUniform([outChannels], fanIn, rng)) : null;
    this.inputLayout = `[N, ${inChannels}, H, W]`;
    this.biasShape = [1, outChannels, 1, 1];
  }

  /** The explicit pads for an input of `h` × `w` (resolves 'same'). */
  padsFor(h: number, w: number): Pads2d {
    if (this.padding !== 'same') return this.padding;
    const [top, bottom] = samePadding(h, this.kernelSize[0], this.stride[0], this.dilation[0]);
    const [left, right] = samePadding(w, this.kernelSize[1], this.stride[1], this.dilation[1]);
    return [top, left, bottom, right];
  }

  forward(x: Tensor): Tensor {
    expectRank(this, x, RANK_4, this.inputLayout);
    expectChannels(this, x, this.inChannels);
    const y = conv2d(x, this.weight, {
      stride: this.stride,
      pad: this.padsFor(x.shape[2]!, x.shape[3]!),
      dilation: this.dilation,
      groups: this.groups,
    });
    return this.bias ? y.add(this.bias.reshape(this.biasShape)) : y;
  }

  /** Cout·Ho·Wo·(Cin/groups)·kh·kw MACs: one dot product of the kernel's size per output cell. */
  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    const [cout, ho, wo] = outputShape as [number, number, number];
    const [kh, kw] = this.kernelSize;
    const outCells = cout * ho * wo;
    return { macs: outCells * (this.inChannels / this.groups) * kh * kw, ops: this.bias ? outCells : 0, opClass: convOpClass(this.inChannels, this.groups) };
  }
}

function normalizePads2d(p: Conv2dOptions['padding']): Pads2d | 'same' {
  if (p === 'same') return 'same';
  if (p === undefined || p === 'valid') return [0, 0, 0, 0];
  const pads: readonly number[] = typeof p === 'number' ? [p, p, p, p] : p.length === 2 ? [p[0], p[1], p[0], p[1]] : p;
  if (pads.length !== 4 || !pads.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new RangeError(`Conv2d: padding must be a non-negative integer, [h, w], [top, left, bottom, right], 'same' or 'valid', got ${JSON.stringify(p)}`);
  }
  return [pads[0]!, pads[1]!, pads[2]!, pads[3]!];
}
