/**
 * Rebuilding a layer with fewer channels: a new Conv1d, Conv2d, Linear or
 * batch norm with the same options (stride, padding incl. 'same', dilation,
 * bias, eps, momentum, affine; groups for a depthwise convolution follow its
 * channels) holding the kept slices of the old one's weights, bias and
 * running statistics. The old layer is not touched, so every replacement can
 * be built before any is swapped in.
 */
import { Rng, type Tensor } from '../../engine/index.js';
import { BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Linear, type BatchNorm, type Module } from '../../nn/index.js';
import type { GraphLayer } from './channel-graph.js';

/**
 * The slices rows × cols of `src`, laid out as `shape` = [rows, cols, ...rest],
 * into a new array of shape [rows.length, cols.length, ...rest].
 */
export function gatherSlices(src: ArrayLike<number>, shape: readonly number[], rows: Int32Array, cols: Int32Array): Float32Array {
  const inner = shape.slice(2).reduce((a, b) => a * b, 1);
  const nCols = shape[1]!;
  const out = new Float32Array(rows.length * cols.length * inner);
  let k = 0;
  for (const r of rows) {
    for (const c of cols) {
      const start = (r * nCols + c) * inner;
      for (let i = 0; i < inner; i++) out[k++] = src[start + i]!;
    }
  }
  return out;
}

/** The entries of a vector at `keep`. */
export function gatherVector(src: ArrayLike<number>, keep: Int32Array): Float32Array {
  return Float32Array.from(keep, (i) => src[i]!);
}

/** Copies `values` into the freshly built parameter or buffer `t`. */
function fill(t: Tensor, values: ArrayLike<number>): void {
  t.view().set(values);
}

/** New layers draw initial weights that are overwritten at once; a private generator leaves every other stream alone. */
const scratchRng = () => new Rng(0);

function rebuildConv(old: Conv1d | Conv2d, keepIn: Int32Array, keepOut: Int32Array, depthwise: boolean): Conv1d | Conv2d {
  const groups = depthwise ? keepOut.length : 1;
  const common = { groups, bias: old.bias !== null, rng: scratchRng() };
  const fresh =
    old instanceof Conv2d
      ? new Conv2d(keepIn.length, keepOut.length, old.kernelSize, { ...common, stride: old.stride, padding: old.padding, dilation: old.dilation })
      : new Conv1d(keepIn.length, keepOut.length, old.kernelSize, { ...common, stride: old.stride, padding: old.padding, dilation: old.dilation });
  // A depthwise weight is [C, 1, k...]: its one input column is kept as is.
  const cols = depthwise ? Int32Array.of(0) : keepIn;
  fill(fresh.weight, gatherSlices(old.weight.view(), old.weight.shape, keepOut, cols));
  if (old.bias && fresh.bias) fill(fresh.bias, gatherVector(old.bias.view(), keepOut));
  return fresh;
}

function rebuildLinear(old: Linear, keepIn: Int32Array, keepOut: Int32Array): Linear {
  const fresh = new Linear(keepIn.length, keepOut.length, { bias: old.bias !== null, rng: scratchRng() });
  fill(fresh.weight, gatherSlices(old.weight.view(), old.weight.shape, keepOut, keepIn));
  if (old.bias && fresh.bias) fill(fresh.bias, gatherVector(old.bias.view(), keepOut));
  return fresh;
}

function rebuildBatchNorm(old: BatchNorm1d | BatchNorm2d, keep: Int32Array): BatchNorm {
  const options = { eps: old.eps, momentum: old.momentum, affine: old.weight !== null };
  const fresh = old instanceof BatchNorm2d ? new BatchNorm2d(keep.length, options) : new BatchNorm1d(keep.length, options);
  const pairs: [Tensor | null, Tensor | null][] = [
    [old.weight, fresh.weight],
    [old.bias, fresh.bias],
    [old.runningMean, fresh.runningMean],
    [old.runningVar, fresh.runningVar],
  ];
  for (const [from, to] of pairs) if (from && to) fill(to, gatherVector(from.view(), keep));
  return fresh;
}

/** The layer rebuilt to read `keepIn` and write `keepOut` (positions in its old input and output). */
export function rebuildLayer(layer: GraphLayer, keepIn: Int32Array, keepOut: Int32Array): Module {
  const old = layer.module;
  let fresh: Module;
  switch (layer.role) {
    case 'conv':
    case 'depthwise':
      fresh = rebuildConv(old as Conv1d | Conv2d, keepIn, keepOut, layer.role === 'depthwise');
      break;
    case 'linear':
      fresh = rebuildLinear(old as Linear, keepIn, keepOut);
      break;
    case 'batchnorm':
      fresh = rebuildBatchNorm(old as BatchNorm1d | BatchNorm2d, keepOut);
      break;
    default:
      layer.role satisfies never;
      throw new Error('unreachable');
  }
  fresh.training = old.training;
  return fresh;
}
