/**
 * Transposed convolutions (PyTorch `nn.ConvTranspose1d/2d`, ONNX
 * ConvTranspose): the adjoint of a strided convolution, the usual learned
 * upsampler of decoders. Weight [Cin, Cout/groups, k...].
 *
 * Init as PyTorch: `_ConvNd.reset_parameters` computes fan_in from weight
 * axis 1 times the kernel size (torch/nn/init.py
 * `_calculate_fan_in_and_fan_out`), which for the transposed layout is
 * (Cout/groups)·k, and uses it for both the weight and the bias bound.
 */
import { convTranspose1d, convTranspose2d, type Rng, type Shape, type Tensor } from '../../engine/index.js';
import { defaultRng, fanInUniform, kaimingUniform } from '../init.js';
import { Module, type LayerCost } from '../module.js';
import { expectChannels, expectInt, expectRank, toPair, type IntPair } from './check-input.js';

export interface ConvTranspose2dOptions {
  stride?: IntPair;
  /** Cells removed from each side of the full output: a number or [h, w]. */
  padding?: IntPair;
  /** Extra cells on the bottom/right (< stride), to pick among the output sizes a strided conv maps to one input size. */
  outputPadding?: number | readonly [number, number];
  dilation?: IntPair;
  groups?: number;
  bias?: boolean;
  rng?: Rng;
}

function checkGroups(layer: string, cin: number, cout: number, groups: number): void {
  expectInt(layer, 'groups', groups);
  if (cin % groups !== 0 || cout % groups !== 0) {
    throw new RangeError(`${layer}: inChannels (${cin}) and outChannels (${cout}) must both be divisible by groups (${groups})`);
  }
}

export class ConvTranspose2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly outputPadding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: IntPair,
    options: ConvTranspose2dOptions = {},
  ) {
    super();
    expectInt('ConvTranspose2d', 'inChannels', inChannels);
    expectInt('ConvTranspose2d', 'outChannels', outChannels);
    this.kernelSize = toPair(kernelSize, 1, 'ConvTranspose2d', 'kernelSize');
    this.stride = toPair(options.stride, 1, 'ConvTranspose2d', 'stride');
    this.dilation = toPair(options.dilation, 1, 'ConvTranspose2d', 'dilation');
    const p = options.padding ?? 0;
    this.padding = typeof p === 'number' ? [p, p] : [p[0], p[1]];
    const op = options.outputPadding ?? 0;
    this.outputPadding = typeof op === 'number' ? [op, op] : [op[0], op[1]];
    for (const v of [...this.padding, ...this.outputPadding]) expectInt('ConvTranspose2d', 'padding / outputPadding', v, 0);
    if (this.outputPadding[0] >= this.stride[0] || this.outputPadding[1] >= this.stride[1]) {
      throw new RangeError(`ConvTranspose2d: outputPadding ${JSON.stringify(this.outputPadding)} must be smaller than the stride ${JSON.stringify(this.stride)}`);
    }
    this.groups = options.groups ?? 1;
    checkGroups('ConvTranspose2d', inChannels, outChannels, this.groups);
    const [kh, kw] = this.kernelSize;
    const fanIn = (outChannels / this.groups) * kh * kw;
    const rng = options.rng ?? defaultRng();
    this.weight = this.param('weight', kaimingUniform([inChannels, outChannels / this.groups, kh, kw], fanIn, rng));
    this.bias = (options.bias ?? true) ? this.param('bias', fanInUniform([outChannels], fanIn, rng)) : null;
  }

  forward(x: Tensor): Tensor {
    expectRank(this, x, [4], `[N, ${this.inChannels}, H, W]`);
    expectChannels(this, x, this.inChannels);
    const y = convTranspose2d(x, this.weight, {
      stride: this.stride,
      pad: this.padding,
      dilation: this.dilation,
      groups: this.groups,
      outputPadding: this.outputPadding,
    });
    return this.bias ? y.add(this.bias.reshape([1, this.outChannels, 1, 1])) : y;
  }

  /** Cin·H·W·(Cout/groups)·kh·kw MACs: every input cell scatters one kernel's worth of products. */
  override cost(inputShape: Shape, outputShape: Shape): LayerCost {
    const [cin, h, w] = inputShape as [number, number, number];
    const [kh, kw] = this.kernelSize;
    const outCells = outputShape[0]! * outputShape[1]! * outputShape[2]!;
    return { macs: cin * h * w * (this.outChannels / this.groups) * kh * kw, ops: this.bias ? outCells : 0 };
  }
}

export interface ConvTranspose1dOptions {
  stride?: number;
  padding?: number;
  outputPadding?: number;
  dilation?: number;
  groups?: number;
  bias?: boolean;
  rng?: Rng;
}

export class ConvTranspose1d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly stride: number;
  readonly padding: number;
  readonly outputPadding: number;
  readonly dilation: number;
  readonly groups: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    options: ConvTranspose1dOptions = {},
  ) {
    super();
    expectInt('ConvTranspose1d', 'inChannels', inChannels);
    expectInt('ConvTranspose1d', 'outChannels', outChannels);
    expectInt('ConvTranspose1d', 'kernelSize', kernelSize);
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.outputPadding = options.outputPadding ?? 0;
    this.dilation = options.dilation ?? 1;
    expectInt('ConvTranspose1d', 'stride', this.stride);
    expectInt('ConvTranspose1d', 'dilation', this.dilation);
    expectInt('ConvTranspose1d', 'padding', this.padding, 0);
    expectInt('ConvTranspose1d', 'outputPadding', this.outputPadding, 0);
    if (this.outputPadding >= this.stride) {
      throw new RangeError(`ConvTranspose1d: outputPadding (${this.outputPadding}) must be smaller than the stride (${this.stride})`);
    }
    this.groups = options.groups ?? 1;
    checkGroups('ConvTranspose1d', inChannels, outChannels, this.groups);
    const fanIn = (outChannels / this.groups) * kernelSize;
    const rng = options.rng ?? defaultRng();
    this.weight = this.param('weight', kaimingUniform([inChannels, outChannels / this.groups, kernelSize], fanIn, rng));
    this.bias = (options.bias ?? true) ? this.param('bias', fanInUniform([outChannels], fanIn, rng)) : null;
  }

  /** Output length (L - 1)·stride - 2·padding + dilation·(k - 1) + outputPadding + 1. */
  outputLength(inputLength: number): number {
    return (inputLength - 1) * this.stride - 2 * this.padding + this.dilation * (this.kernelSize - 1) + this.outputPadding + 1;
  }

  forward(x: Tensor): Tensor {
    expectRank(this, x, [3], `[N, ${this.inChannels}, W]`);
    expectChannels(this, x, this.inChannels);
    const y = convTranspose1d(x, this.weight, {
      stride: this.stride,
      pad: this.padding,
      dilation: this.dilation,
      groups: this.groups,
      outputPadding: this.outputPadding,
    });
    return this.bias ? y.add(this.bias.reshape([1, this.outChannels, 1])) : y;
  }

  /** Cin·W·(Cout/groups)·k MACs. */
  override cost(inputShape: Shape, outputShape: Shape): LayerCost {
    const [cin, w] = inputShape as [number, number];
    return { macs: cin * w * (this.outChannels / this.groups) * this.kernelSize, ops: this.bias ? outputShape[0]! * outputShape[1]! : 0 };
  }
}
