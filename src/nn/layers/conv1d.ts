/** 1-D convolution over NCW signals (PyTorch `nn.Conv1d`, Keras `Conv1D`). Weight [Cout, Cin/groups, k]. */
import { conv1d, type Rng, type Shape, type Tensor } from '../../engine/index.js';
import { defaultRng, fanInUniform, kaimingUniform } from '../init.js';
import { Module, convOpClass, type LayerCost } from '../module.js';
import { expectChannels, expectInt, expectRank } from './check-input.js';
import { samePadding } from './same-padding.js';

export interface Conv1dOptions {
  stride?: number;
  /** A number (both ends), [left, right], 'valid' (= 0) or 'same' (TensorFlow's rule for any stride). */
  padding?: number | readonly [number, number] | 'same' | 'valid';
  dilation?: number;
  groups?: number;
  bias?: boolean;
  rng?: Rng;
}

const RANK_3: readonly number[] = [3];

export class Conv1d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly stride: number;
  readonly dilation: number;
  readonly groups: number;
  readonly padding: readonly [number, number] | 'same';
  /** How errors describe the input, and the bias's broadcast shape: built once, not per call. */
  private readonly inputLayout: string;
  private readonly biasShape: readonly number[];

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    options: Conv1dOptions = {},
  ) {
    super();
    expectInt('Conv1d', 'inChannels', inChannels);
    expectInt('Conv1d', 'outChannels', outChannels);
    expectInt('Conv1d', 'kernelSize', kernelSize);
    this.stride = options.stride ?? 1;
    this.dilation = options.dilation ?? 1;
    this.groups = options.groups ?? 1;
    expectInt('Conv1d', 'stride', this.stride);
    expectInt('Conv1d', 'dilation', this.dilation);
    expectInt('Conv1d', 'groups', this.groups);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new RangeError(`Conv1d: inChannels (${inChannels}) and outChannels (${outChannels}) must both be divisible by groups (${this.groups})`);
    }
    const p = options.padding ?? 0;
    this.padding = p === 'same' ? 'same' : p === 'valid' ? [0, 0] : typeof p === 'number' ? [p, p] : [p[0], p[1]];
    if (this.padding !== 'same') for (const v of this.padding) expectInt('Conv1d', 'padding', v, 0);
    const fanIn = (inChannels / this.groups) * kernelSize;
    const rng = options.rng ?? defaultRng();
    this.weight = this.param('weight', kaimingUniform([outChannels, inChannels / this.groups, kernelSize], fanIn, rng));
    this.bias = (options.bias ?? true) ? this.param('bias', fanInUniform([outChannels], fanIn, rng)) : null;
    this.inputLayout = `[N, ${inChannels}, W]`;
    this.biasShape = [1, outChannels, 1];
  }

  forward(x: Tensor): Tensor {
    expectRank(this, x, RANK_3, this.inputLayout);
    expectChannels(this, x, this.inChannels);
    const pad = this.padding === 'same' ? samePadding(x.shape[2]!, this.kernelSize, this.stride, this.dilation) : this.padding;
    const y = conv1d(x, this.weight, { stride: this.stride, pad, dilation: this.dilation, groups: this.groups });
    return this.bias ? y.add(this.bias.reshape(this.biasShape)) : y;
  }

  /** Cout·Wo·(Cin/groups)·k MACs. */
  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    const [cout, wo] = outputShape as [number, number];
    const outCells = cout * wo;
    return { macs: outCells * (this.inChannels / this.groups) * this.kernelSize, ops: this.bias ? outCells : 0, opClass: convOpClass(this.inChannels, this.groups) };
  }
}
