/**
 * PreciseBN (Y. Wu & J. Johnson, "Rethinking 'Batch' in BatchNorm",
 * arXiv:2105.07576, 2021, §3): after training, every BatchNorm's running
 * statistics — an exponential moving average over batches seen while the
 * weights were still moving — are replaced by the population statistics of
 * its input over the training inputs, computed with the final weights. The
 * model then normalises at inference exactly as it would have on the whole
 * training set, and the integer path (which folds these statistics into
 * the convolutions) starts from the same numbers.
 *
 * It also settles a degenerate case the moving average gets wrong: a
 * channel constant over all training inputs (a constant series) has
 * variance 0, so at inference any gap between its input and a running mean
 * that has not caught up is divided by √eps, ~300 for eps = 1e-5, once per
 * level.
 *
 * The model is walked as a tree of Sequentials, leaf by leaf in call order,
 * holding one activation at a time; a BatchNorm inside any other container
 * (a Residual) is refused, since its input cannot be observed this way.
 */
import { noGrad, tensor, type Tensor } from '../../engine/index.js';
import { BatchNorm, Sequential, type Module } from '../../nn/index.js';

/** Leaf modules of a Sequential tree in call order; throws on a BatchNorm inside another kind of container. */
function* leaves(m: Module, path: string): Generator<Module> {
  if (m instanceof Sequential) {
    for (const [name, child] of m.namedChildren()) yield* leaves(child, path === '' ? name : `${path}.${name}`);
    return;
  }
  const hidden = m.namedModules().find(([, d]) => d !== m && d instanceof BatchNorm);
  if (hidden) throw new TypeError(`preciseBatchNorm: ${m.typeName} "${path}" holds a BatchNorm ("${hidden[0]}") outside a Sequential; only Sequential trees can be re-estimated`);
  yield m;
}

/** Sets `bn`'s running mean and (unbiased, as BatchNorm keeps it) variance to those of `x` [N, C, ...] per channel. */
function setPopulationStatistics(bn: BatchNorm, x: Tensor): void {
  const data = x.toArray() as Float32Array;
  const channels = x.shape[1]!;
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const n = x.shape[0]! * inner;
  const mean = new Float64Array(channels);
  const sq = new Float64Array(channels);
  for (let i = 0; i < data.length; i++) mean[Math.floor(i / inner) % channels]! += data[i]!;
  for (let c = 0; c < channels; c++) mean[c]! /= n;
  for (let i = 0; i < data.length; i++) {
    const c = Math.floor(i / inner) % channels;
    sq[c]! += (data[i]! - mean[c]!) ** 2;
  }
  const variance = Float32Array.from(sq, (s) => (n > 1 ? s / (n - 1) : 0));
  const m = tensor(Float32Array.from(mean), [channels]);
  const v = tensor(variance, [channels]);
  bn.runningMean.assign(m);
  bn.runningVar.assign(v);
  m.dispose();
  v.dispose();
}

/** Re-estimates every BatchNorm of `model` on `inputs` (the training inputs, one batch); leaves the model in eval mode. */
export function preciseBatchNorm(model: Module, inputs: Tensor): void {
  model.eval();
  noGrad(() => {
    let x = inputs;
    for (const leaf of leaves(model, '')) {
      if (leaf instanceof BatchNorm) setPopulationStatistics(leaf, x);
      const y = leaf.call(x);
      if (x !== inputs && y !== x) x.dispose();
      x = y;
    }
    if (x !== inputs) x.dispose();
  });
}
