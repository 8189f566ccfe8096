/**
 * The layers quantization rewrites: those with a weight whose output
 * channels lie along axis 0 (Conv1d, Conv2d, Linear). Transforms that change
 * a layer's weight or add a bias go through these helpers, so what "the same
 * layer with another weight" means is written once.
 */
import { Rng, type Tensor } from '../../engine/index.js';
import { Conv1d, Conv2d, Linear, type Module } from '../../nn/index.js';

export type WeightedLayer = Conv1d | Conv2d | Linear;

export function isWeightedLayer(m: Module): m is WeightedLayer {
  return m instanceof Conv1d || m instanceof Conv2d || m instanceof Linear;
}

export function outChannelsOf(layer: WeightedLayer): number {
  return layer instanceof Linear ? layer.outFeatures : layer.outChannels;
}

/** The output axis that holds the channels: 1 for convolutions (NC...), the last for Linear. */
export function outputChannelAxis(layer: WeightedLayer, outputRank: number): number {
  return layer instanceof Linear ? outputRank - 1 : 1;
}

/**
 * The layer's forward pass with `weight` in place of its own (same shape),
 * e.g. its fake-quantized or dequantized weight. The weight is swapped in
 * for the call and restored after, so the result is exactly what the layer
 * computes — padding rules, checks and bias included — without restating
 * each layer's forward here. `forward` (not `call`) runs, so hooks on the
 * layer do not see these extra passes.
 */
export function forwardWithWeight(layer: WeightedLayer, weight: Tensor, x: Tensor): Tensor {
  const fields = layer as unknown as { weight: Tensor };
  const own = fields.weight;
  fields.weight = weight;
  try {
    return layer.forward(x);
  } finally {
    fields.weight = own;
  }
}

/**
 * A copy of `layer` with a bias, zero when the layer had none: the same
 * configuration, the same weight values, the same training flag. Used when
 * a transform (BatchNorm folding, bias correction) must give a bias to a
 * layer built without one; the copy's parameters are new tensors.
 */
export function copyWithBias(layer: WeightedLayer): WeightedLayer {
  // The initial values are overwritten below; a local generator keeps the default one untouched.
  const rng = new Rng(0);
  let copy: WeightedLayer;
  if (layer instanceof Linear) {
    copy = new Linear(layer.inFeatures, layer.outFeatures, { bias: true, rng });
  } else if (layer instanceof Conv2d) {
    const { stride, padding, dilation, groups } = layer;
    copy = new Conv2d(layer.inChannels, layer.outChannels, layer.kernelSize, { stride, padding, dilation, groups, bias: true, rng });
  } else {
    const { stride, padding, dilation, groups } = layer;
    copy = new Conv1d(layer.inChannels, layer.outChannels, layer.kernelSize, { stride, padding, dilation, groups, bias: true, rng });
  }
  copy.weight.view().set(layer.weight.view());
  if (layer.bias) copy.bias!.view().set(layer.bias.view());
  else copy.bias!.view().fill(0);
  copy.training = layer.training;
  return copy;
}
