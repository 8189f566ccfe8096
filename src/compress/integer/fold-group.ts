/**
 * The real-valued weight and bias of a fused group: the layer's own, with
 * the BatchNorm after it folded in (hD's pure foldBatchNormParams; Jacob et
 * al. 2018 sec. 3.2). Read from the float model, never written to it.
 */
import { foldBatchNormParams } from '../quantize/fold-batch-norm.js';
import type { WeightedGroup } from './plan.js';

export interface FoldedWeights {
  /** The layer's weight shape, output channels on axis 0. */
  readonly shape: readonly number[];
  readonly weight: Float32Array;
  /** One per output channel (0 where the layer had no bias and no BatchNorm). */
  readonly bias: Float32Array;
}

export function foldGroup(group: WeightedGroup): FoldedWeights {
  const { layer, batchNorm: bn } = group;
  const shape = [...layer.weight.shape];
  const weight = layer.weight.toArray() as Float32Array;
  const bias = layer.bias ? (layer.bias.toArray() as Float32Array) : null;
  if (!bn) return { shape, weight: Float32Array.from(weight), bias: bias ? Float32Array.from(bias) : new Float32Array(shape[0]!) };
  const folded = foldBatchNormParams(weight, bias, {
    mean: bn.runningMean.toArray(),
    variance: bn.runningVar.toArray(),
    gamma: bn.weight ? bn.weight.toArray() : null,
    beta: bn.bias ? bn.bias.toArray() : null,
    eps: bn.eps,
  });
  return { shape, weight: folded.weight, bias: folded.bias };
}
