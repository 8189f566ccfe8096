/**
 * N:M fine-grained structured sparsity (Mishra et al. 2021, "Accelerating
 * Sparse Deep Neural Networks", arXiv:2104.08378; 2:4 on NVIDIA Ampere's
 * sparse tensor cores): in every group of M consecutive weights along the
 * reduction dimension of the matrix product, at most N are non-zero. Here the
 * N of largest |w| are kept (ties: the earlier weight is kept).
 *
 * Which weights are "consecutive": the reduction of a Linear is its input
 * features, so groups run along each weight row. A convolution runs as a
 * GEMM whose reduction is (kernel tap, input channel) with the channel
 * innermost in the channels-last (NHWC / KRSC) layout the sparse kernels use,
 * so groups run along the input channels at each kernel tap: for Conv2d
 * weight [Cout, Cin/groups, kh, kw] a group is M channels at one
 * (out channel, kh, kw). NVIDIA's ASP tool groups conv weights the same way
 * (it permutes them to [kh, kw, Cout, Cin] first).
 *
 * Tail rule: none. A layer whose input channels per group (or in-features)
 * are not a multiple of M cannot be laid out for N:M kernels, so it is an
 * error naming the layer; leave such layers (a 3-channel stem, a depthwise
 * convolution with one input channel per group) out through `include`.
 */
import { Linear, type Module } from '../../nn/index.js';
import { checkInteger, checkObject } from './check-options.js';
import { prunableWeights, type LayerSelection, type PrunableLayer } from './prunable-layers.js';

export interface NmOptions {
  /** Weights kept per group. */
  n: number;
  /** Group length along the reduction (input-channel) axis. */
  m: number;
  /** Layers to prune; default every Conv1d, Conv2d and Linear. */
  include?: LayerSelection;
}

/** A weight seen as [rows, channels, taps]: rows = output channels, channels = reduction channels, taps = kernel positions. */
export interface ReductionLayout {
  rows: number;
  channels: number;
  taps: number;
}

/** The reduction layout of a prunable layer's weight. */
export function reductionLayout(layer: PrunableLayer): ReductionLayout {
  if (layer instanceof Linear) return { rows: layer.outFeatures, channels: layer.inFeatures, taps: 1 };
  const [rows, channels, ...kernel] = layer.weight.shape as number[];
  return { rows: rows!, channels: channels!, taps: kernel.reduce((a, b) => a * b, 1) };
}

/**
 * Keep mask with N:M sparsity over `w` laid out as `layout` (channels a
 * multiple of m; trusted): in each run of m channels at one (row, tap) the n
 * of largest |w| are kept.
 */
export function nmMask(w: ArrayLike<number>, layout: ReductionLayout, n: number, m: number): Uint8Array {
  const { rows, channels, taps } = layout;
  const mask = new Uint8Array(w.length);
  const idx = new Array<number>(m);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < taps; t++) {
      for (let c0 = 0; c0 < channels; c0 += m) {
        for (let j = 0; j < m; j++) idx[j] = (r * channels + c0 + j) * taps + t;
        // Largest |w| first; an equal pair keeps the earlier channel.
        idx.sort((a, b) => Math.abs(w[b]!) - Math.abs(w[a]!) || a - b);
        for (let j = 0; j < n; j++) mask[idx[j]!] = 1;
      }
    }
  }
  return mask;
}

/** N:M keep masks for the selected layers of `model`. Nothing is written. */
export function nmMasks(model: Module, options: NmOptions): Map<string, Uint8Array> {
  checkObject('nmMasks', 'options', options);
  const n = checkInteger('nmMasks', 'n', options.n, 1);
  const m = checkInteger('nmMasks', 'm', options.m, 1);
  if (n > m) throw new RangeError(`nmMasks: n (${n}) must not exceed m (${m}): a group of ${m} weights cannot keep ${n}`);
  const weights = prunableWeights(model, options.include, 'nmMasks');
  const layouts = weights.map((w) => reductionLayout(w.layer));
  weights.forEach((w, i) => {
    const { channels } = layouts[i]!;
    if (channels % m !== 0) {
      throw new RangeError(
        `nmMasks: ${w.layer.typeName} "${w.layerPath}" reduces over ${channels} input ${w.layer instanceof Linear ? 'features' : 'channels per group'}, not a multiple of m = ${m}; leave it out with include`,
      );
    }
  });
  return new Map(weights.map((w, i) => [w.name, nmMask(w.weight.view(), layouts[i]!, n, m)]));
}
