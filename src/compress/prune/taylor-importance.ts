/**
 * First-order Taylor importance (Molchanov et al. 2019, "Importance
 * Estimation for Neural Network Pruning", CVPR, §3): removing a set S
 * of parameters changes the loss by about −Σ_{s∈S} g_s·w_s, so a channel's
 * importance is
 *
 *   I_c = (Σ_{s ∈ S_c} w_s·∂L/∂w_s)²
 *
 * with S_c every parameter that writes channel c: the producing filter and
 * its bias, a depthwise filter and bias on the channel, and the batch-norm
 * scale and shift (the paper's gate placed after batch norm scores
 * (γ·∂L/∂γ + β·∂L/∂β)²). I_c is computed per batch and averaged over the
 * batches, as the paper accumulates it over mini-batches.
 *
 * The passes run in eval mode, so batch-norm running statistics and dropout
 * masks are not touched; gradients are cleared afterwards.
 */
import { tensor, tidy, type Tensor } from '../../engine/index.js';
import type { Module } from '../../nn/index.js';
import { crossEntropy } from '../../train/losses.js';
import type { Batch } from '../../train/trainer.js';
import type { ChannelGraph, ChannelGroup, ChannelGroupMember } from './channel-graph.js';
import type { ChannelImportance } from './channel-importance.js';
import { checkObject } from './check-options.js';

export interface TaylorOptions {
  /** A few batches (the Trainer's batch shape: x, shape, y, size). */
  batches: Iterable<Batch>;
  /** Output and batch -> scalar loss; default cross-entropy on batch.y. */
  loss?: (output: Tensor, batch: Batch) => Tensor;
}

/** Adds Σ w·g over each channel's parameters of `member` into `sums` (indexed by group channel). */
function addChannelProducts(member: ChannelGroupMember, sums: Float64Array): void {
  const m = member.layer.module;
  for (const p of [m.weight, m.bias]) {
    if (!p?.grad) continue;
    const w = p.view();
    const g = p.grad.view();
    const len = p.size / p.shape[0]!;
    for (let c = 0; c < sums.length; c++) {
      const start = (member.offset + c) * len;
      let s = 0;
      for (let i = start; i < start + len; i++) s += w[i]! * g[i]!;
      sums[c] += s;
    }
  }
}

/** One batch's (Σ w·g)² per channel, added into `scores`. */
function accumulateGroup(group: ChannelGroup, scores: Float64Array): void {
  const sums = new Float64Array(group.size);
  for (const member of group.members) addChannelProducts(member, sums);
  for (let c = 0; c < group.size; c++) scores[c] += sums[c]! * sums[c]!;
}

function backwardOn(model: Module, batch: Batch, loss: NonNullable<TaylorOptions['loss']>): void {
  tidy(() => {
    const l = loss(model.call(tensor(batch.x, batch.shape)), batch);
    if (l.size !== 1) throw new RangeError(`taylorImportance: the loss must be a scalar, got ${l.size} values`);
    l.backward();
  });
}

/** Taylor importance of `model`'s channels over `options.batches`, computed when the pruner asks for it. */
export function taylorImportance(model: Module, options: TaylorOptions): ChannelImportance {
  checkObject('taylorImportance', 'options', options);
  if (options.batches === null || typeof (options.batches as Partial<Iterable<Batch>>)?.[Symbol.iterator] !== 'function') {
    throw new TypeError('taylorImportance: options.batches must be an iterable of batches { x, shape, y, size }');
  }
  const loss = options.loss ?? ((out: Tensor, b: Batch) => crossEntropy(out, b.y));
  return (graph: ChannelGraph) => {
    const scores = graph.groups.map((g) => new Float64Array(g.size));
    const modules = model.namedModules().map(([, m]) => m);
    const wasTraining = modules.map((m) => m.training);
    let batches = 0;
    model.eval();
    try {
      for (const batch of options.batches) {
        model.zeroGrad();
        backwardOn(model, batch, loss);
        graph.groups.forEach((g, i) => accumulateGroup(g, scores[i]!));
        batches++;
      }
    } finally {
      model.zeroGrad();
      modules.forEach((m, i) => (m.training = wasTraining[i]!));
    }
    if (batches === 0) throw new RangeError('taylorImportance: options.batches yielded no batch; give at least one');
    for (const s of scores) for (let c = 0; c < s.length; c++) s[c] /= batches;
    return scores;
  };
}
