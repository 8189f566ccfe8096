/**
 * Empirical bias correction (Nagel, van Baalen, Blankevoort & Welling 2019,
 * "Data-Free Quantization Through Weight Equalization and Bias
 * Correction", ICCV, sec. 4.2). Quantizing a layer's weight W to W_q shifts
 * its output by ε = (W_q − W)·x, and that error is biased: its mean over the
 * data, E[ε], is not zero per output channel, so every later layer sees a
 * shifted input. Subtracting E[ε] from the bias removes the shift:
 *
 *   b' = b − E[(W_q − W)·x].
 *
 * The paper's data-free variant estimates E[x] from the batch-norm
 * statistics of the previous layer; the empirical variant, here, measures
 * E[ε] on captured inputs of the layer. Rather than forming E[x] per input
 * channel — wrong for convolutions near padded borders, where part of the
 * kernel sees zeros — the mean output difference is measured directly:
 * the layer run with W_q minus the layer run with W, averaged over the batch
 * and every spatial position of each output channel. That is E[ε] exactly,
 * for any padding and stride.
 */
import { formatShape, noGrad, tensor, tidy, type Tensor } from '../../engine/index.js';
import { forwardWithWeight, outChannelsOf, outputChannelAxis, type WeightedLayer } from './weighted-layer.js';

/**
 * E[(W_q − W)·x] per output channel over `inputs` (each a batch the layer
 * accepts), in float64. `dequantizedWeight` is W_q in float, W's shape.
 */
export function expectedOutputError(layer: WeightedLayer, dequantizedWeight: ArrayLike<number>, inputs: Iterable<Tensor>): Float64Array {
  const who = 'expectedOutputError';
  if (dequantizedWeight.length !== layer.weight.size) {
    throw new RangeError(`${who}: ${layer.label} has ${layer.weight.size} weights ${formatShape(layer.weight.shape)}, but the dequantized weight has ${dequantizedWeight.length}`);
  }
  const channels = outChannelsOf(layer);
  const sums = new Float64Array(channels);
  let perChannel = 0;
  noGrad(() => {
    const wq = tensor(Float32Array.from(dequantizedWeight), layer.weight.shape, layer.weight.dtype, layer.weight.backend);
    for (const x of inputs) {
      perChannel += tidy(() => accumulateDifference(layer, wq, x, sums));
    }
    wq.dispose();
  });
  if (perChannel === 0) throw new RangeError(`${who}: no inputs; pass at least one captured input batch of ${layer.label}`);
  return sums.map((s) => s / perChannel);
}

/** Adds Σ (y_q − y) per output channel into `sums`; returns the values per channel it added. */
function accumulateDifference(layer: WeightedLayer, wq: Tensor, x: Tensor, sums: Float64Array): number {
  const diff = forwardWithWeight(layer, wq, x).sub(layer.forward(x));
  const axis = outputChannelAxis(layer, diff.rank);
  const channels = sums.length;
  const inner = diff.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const v = diff.view();
  for (let i = 0; i < v.length; i++) sums[Math.floor(i / inner) % channels]! += v[i]!;
  return v.length / channels;
}

/**
 * The corrected bias b − E[(W_q − W)·x] (b = 0 for a layer without one).
 * Pure: the layer is run, not changed; write the result into the layer's
 * bias (or a copyWithBias of it) together with W_q.
 */
export function correctBias(layer: WeightedLayer, dequantizedWeight: ArrayLike<number>, inputs: Iterable<Tensor>): Float32Array {
  const error = expectedOutputError(layer, dequantizedWeight, inputs);
  const bias = layer.bias ? layer.bias.toArray() : new Float32Array(error.length);
  return Float32Array.from(error, (e, c) => bias[c]! - e);
}
