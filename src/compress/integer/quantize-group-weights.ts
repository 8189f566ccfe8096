/**
 * Symmetric weight quantization of a fused group: zero point 0, restricted
 * range ±(2^(b−1) − 1) (TFLite's int8 weight scheme, applied at 4 and 2 bits
 * too), with either
 *  - one scale per output channel (hD's symmetricPerChannel), or
 *  - one scale per output channel and block of `groupSize` input channels
 *    (hD's quantizeGrouped over the weight seen as [Cout, Cin·kernel], a
 *    block spanning whole input channels): a channel's outliers then widen
 *    only their block's grid, which is what makes 4- and 2-bit weights
 *    usable (Frantar et al. 2023, GPTQ, uses groups of 128). The integer
 *    path sums each block's int32 dot product rescaled to the channel's
 *    largest block scale (layers/blockwise-accumulate.ts). Only ungrouped
 *    convolutions (groups = 1) and linear layers take blocks; a depthwise
 *    kernel has one input channel per output, so per channel is all there is.
 */
import { sizeOf } from '../../engine/index.js';
import { dequantizeGrouped, quantizeGrouped } from '../quantize/quantize-grouped.js';
import { dequantizeArray, quantizeArray, symmetricPerChannel } from '../quantize/qparams.js';
import { foldGroup, type FoldedWeights } from './fold-group.js';
import { weightedGroups, type PlanNode, type WeightedGroup } from './plan.js';

/** Scales per output channel and block of input channels. */
export interface ScaleBlocks {
  /** Input channels (features) per block; the last block may be shorter. */
  readonly size: number;
  /** Blocks per output channel. */
  readonly count: number;
  /** Weight elements per input channel (the kernel area; 1 for a linear layer). */
  readonly kernelArea: number;
  /** Scale of output channel c, block k at c·count + k (float32). */
  readonly scales: Float32Array;
}

export interface GroupQuantization {
  readonly bits: number;
  /** Integer values in the weight's layout. */
  readonly values: Int8Array;
  /** One per output channel: the channel's scale, or its largest block scale. */
  readonly scale: Float32Array;
  /** Block scales, or null for per-channel quantization. */
  readonly blocks: ScaleBlocks | null;
  /** The real weights the integer layer computes with, float32. */
  readonly dequantized: Float32Array;
}

function perChannel(folded: FoldedWeights, bits: number): GroupQuantization {
  const params = symmetricPerChannel(folded.weight, folded.shape, bits, 0);
  const values = quantizeArray(folded.weight, params, folded.shape, new Int8Array(folded.weight.length)) as Int8Array;
  return { bits, values, scale: params.scale, blocks: null, dequantized: dequantizeArray(values, params, folded.shape) };
}

function blockwise(folded: FoldedWeights, bits: number, blockSize: number): GroupQuantization {
  const [channels, inChannels] = [folded.shape[0]!, folded.shape[1]!];
  const kernelArea = sizeOf(folded.shape.slice(2));
  const g = quantizeGrouped(folded.weight, [channels, inChannels * kernelArea], bits, blockSize * kernelArea, 1);
  const count = Math.ceil(inChannels / blockSize);
  const scale = Float32Array.from({ length: channels }, (_, c) => Math.max(...g.scales.subarray(c * count, (c + 1) * count)));
  return { bits, values: g.q, scale, blocks: { size: blockSize, count, kernelArea, scales: g.scales }, dequantized: dequantizeGrouped(g) };
}

/** Per channel, or in blocks of `groupSize` input channels where the layer takes them and has more than one block. */
export function quantizeGroupWeights(folded: FoldedWeights, bits: number, groupSize: number | null = null, convGroups = 1): GroupQuantization {
  if (groupSize === null || convGroups !== 1 || groupSize >= folded.shape[1]!) return perChannel(folded, bits);
  return blockwise(folded, bits, groupSize);
}

function convGroupsOf(g: WeightedGroup): number {
  return 'groups' in g.layer ? g.layer.groups : 1;
}

/** The groups' folded weights and their quantization at each group's bits. */
export function foldAndQuantize(plan: PlanNode, bits: ReadonlyMap<string, number>, groupSize: number | null = null): { folded: Map<string, FoldedWeights>; quantized: Map<string, GroupQuantization> } {
  const folded = new Map<string, FoldedWeights>();
  const quantized = new Map<string, GroupQuantization>();
  for (const g of weightedGroups(plan)) {
    const f = foldGroup(g);
    folded.set(g.path, f);
    quantized.set(g.path, quantizeGroupWeights(f, bits.get(g.path)!, groupSize, convGroupsOf(g)));
  }
  return { folded, quantized };
}
