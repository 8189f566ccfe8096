/**
 * BatchNorm folding: a batch norm in eval mode is a per-channel affine map,
 * so when it directly follows a convolution or a linear layer it can be
 * merged into that layer's weight and bias (Jacob et al. 2018, sec. 3.2
 * "Batch normalization folding"; Krishnamoorthi 2018, "Quantizing deep
 * convolutional networks for efficient inference: A whitepaper",
 * arXiv:1806.08342). With
 * s_c = γ_c / √(σ²_c + ε):
 *
 *   w'_c = s_c · w_c,    b'_c = (b_c − μ_c) · s_c + β_c.
 *
 * Quantization needs it first: the integer model has no batch norm, and the
 * weight ranges to quantize are those of the folded weights.
 *
 * Pairs are adjacent children of a Sequential (Conv1d + BatchNorm1d,
 * Conv2d + BatchNorm2d, Linear + BatchNorm1d — the last only means the same
 * channels for [N, F] inputs, the layout Linear + BatchNorm1d can run on).
 * That covers the zoo: resnet8's stem and residual main paths, cnn1d's
 * blocks, dscnn's stem and blocks.
 */
import { BatchNorm, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Identity, Linear, Module, Sequential } from '../../nn/index.js';
import { copyWithBias, isWeightedLayer, outChannelsOf, type WeightedLayer } from './weighted-layer.js';

export interface FoldedPair {
  /** Path of the layer that absorbed the batch norm. */
  layer: string;
  /** Path where the batch norm was (now an Identity). */
  batchNorm: string;
}

export interface FoldReport {
  folded: FoldedPair[];
}

/** What a batch norm contributes, as plain arrays. γ and β are null without affine parameters. */
export interface BatchNormStatistics {
  mean: ArrayLike<number>;
  variance: ArrayLike<number>;
  gamma: ArrayLike<number> | null;
  beta: ArrayLike<number> | null;
  eps: number;
}

/**
 * The folded weight and bias (pure): `weight` is [C, ...] with channels
 * along axis 0, `bias` one per channel or null (taken as 0). Computed in
 * float64, stored as float32.
 */
export function foldBatchNormParams(weight: ArrayLike<number>, bias: ArrayLike<number> | null, bn: BatchNormStatistics): { weight: Float32Array; bias: Float32Array } {
  const channels = bn.mean.length;
  const perChannel = weight.length / channels;
  const w = new Float32Array(weight.length);
  const b = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const s = (bn.gamma ? bn.gamma[c]! : 1) / Math.sqrt(bn.variance[c]! + bn.eps);
    for (let k = c * perChannel; k < (c + 1) * perChannel; k++) w[k] = weight[k]! * s;
    b[c] = ((bias ? bias[c]! : 0) - bn.mean[c]!) * s + (bn.beta ? bn.beta[c]! : 0);
  }
  return { weight: w, bias: b };
}

/**
 * Folds every batch norm that directly follows a Conv1d/Conv2d/Linear in a
 * Sequential, in place: the layer gets the folded weight and bias (a layer
 * built without a bias is replaced by a copy with one), the batch norm is
 * replaced by an Identity. The folded model computes what the original
 * computes in eval mode. Every pair is checked before anything is written.
 * Layers that were replaced hold new parameter tensors: build optimizers
 * after folding.
 */
export function foldBatchNorm(model: Module): FoldReport {
  if (!(model instanceof Module)) throw new TypeError('foldBatchNorm: model must be a Module');
  const pairs = findPairs(model);
  for (const p of pairs) checkPair(p);
  for (const p of pairs) foldPair(p);
  return { folded: pairs.map((p) => ({ layer: p.layerPath, batchNorm: p.bnPath })) };
}

interface Pair {
  parent: Sequential;
  layerName: string;
  layerPath: string;
  layer: WeightedLayer;
  bnName: string;
  bnPath: string;
  bn: BatchNorm;
}

function joinPath(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function findPairs(model: Module): Pair[] {
  const pairs: Pair[] = [];
  for (const [path, m] of model.namedModules()) {
    if (!(m instanceof Sequential)) continue;
    const children = m.namedChildren();
    for (let k = 1; k < children.length; k++) {
      const [layerName, layer] = children[k - 1]!;
      const [bnName, bn] = children[k]!;
      if (!isWeightedLayer(layer) || !(bn instanceof BatchNorm) || !matchingKinds(layer, bn)) continue;
      pairs.push({ parent: m, layerName, layerPath: joinPath(path, layerName), layer, bnName, bnPath: joinPath(path, bnName), bn });
    }
  }
  return pairs;
}

/** The combinations whose channel axes coincide (see the file comment). */
function matchingKinds(layer: WeightedLayer, bn: BatchNorm): boolean {
  if (layer instanceof Conv2d) return bn instanceof BatchNorm2d;
  return (layer instanceof Conv1d || layer instanceof Linear) && bn instanceof BatchNorm1d;
}

function checkPair(p: Pair): void {
  const channels = outChannelsOf(p.layer);
  if (p.bn.numFeatures !== channels) {
    throw new RangeError(`foldBatchNorm: ${p.layer.typeName} "${p.layerPath}" has ${channels} output channels but the ${p.bn.typeName} after it, "${p.bnPath}", normalises ${p.bn.numFeatures}`);
  }
}

function foldPair(p: Pair): void {
  const { bn } = p;
  const folded = foldBatchNormParams(p.layer.weight.toArray(), p.layer.bias ? p.layer.bias.toArray() : null, {
    mean: bn.runningMean.toArray(),
    variance: bn.runningVar.toArray(),
    gamma: bn.weight ? bn.weight.toArray() : null,
    beta: bn.bias ? bn.bias.toArray() : null,
    eps: bn.eps,
  });
  const target = p.layer.bias ? p.layer : copyWithBias(p.layer);
  target.weight.view().set(folded.weight);
  target.bias!.view().set(folded.bias);
  if (target !== p.layer) p.parent.replaceChild(p.layerName, target);
  const identity = new Identity();
  identity.training = bn.training;
  p.parent.replaceChild(p.bnName, identity);
}
