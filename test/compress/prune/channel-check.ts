/**
 * Shared by the channel-pruning tests: the exact reference for a pruned
 * model. In an untouched twin of the original, the pruned channels are made
 * to output exactly 0 (their producing filters and biases zeroed, their
 * batch-norm scale and shift zeroed, a depthwise filter on them zeroed); the
 * twin then computes what the pruned model computes, up to the order of
 * float additions.
 */
import { noGrad, Rng, randu, tidy, type Tensor } from '../../../src/engine/index.js';
import { BatchNorm, type Module } from '../../../src/nn/index.js';
import { analyzeChannels, type ChannelPruneReport } from '../../../src/compress/prune/index.js';

/** Non-trivial batch-norm statistics and affine parameters, the same for the same seed. */
export function randomizeBatchNorms(model: Module, seed: number): void {
  const rng = new Rng(seed);
  const fill = (t: Tensor | null, lo: number, hi: number) => {
    if (!t) return;
    const v = t.view();
    for (let i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * rng.next();
  };
  for (const [, m] of model.namedModules()) {
    if (!(m instanceof BatchNorm)) continue;
    fill(m.runningMean, -0.5, 0.5);
    fill(m.runningVar, 0.5, 1.5);
    fill(m.weight, 0.5, 1.5);
    fill(m.bias, -0.5, 0.5);
  }
}

function zeroRows(t: Tensor | null, rows: readonly number[]): void {
  if (!t) return;
  const v = t.view();
  const len = t.size / t.shape[0]!;
  for (const r of rows) v.fill(0, r * len, (r + 1) * len);
}

/** Makes the channels that `report` pruned output exactly 0 in `twin`, an unpruned copy of the original model. */
export function zeroPrunedChannels(twin: Module, inputShape: readonly number[], report: ChannelPruneReport): void {
  const graph = analyzeChannels(twin, inputShape);
  graph.groups.forEach((g, i) => {
    const kept = new Set(report.groups[i]!.kept);
    const pruned = Array.from({ length: g.size }, (_, c) => c).filter((c) => !kept.has(c));
    for (const { layer, offset } of g.members) {
      const rows = pruned.map((c) => c + offset);
      zeroRows(layer.module.weight, rows);
      zeroRows(layer.module.bias, rows);
    }
  });
}

/** Largest |a(x) − b(x)| over a random batch, both models in eval mode. */
export function maxOutputDiff(a: Module, b: Module, inputShape: readonly number[], batch: number, seed: number): number {
  a.eval();
  b.eval();
  return tidy(() =>
    noGrad(() => {
      const x = randu([batch, ...inputShape], new Rng(seed), -1, 1);
      const ya = a.call(x).toArray();
      const yb = b.call(x).toArray();
      if (ya.length !== yb.length) throw new Error(`outputs differ in size: ${ya.length} vs ${yb.length}`);
      let d = 0;
      for (let i = 0; i < ya.length; i++) d = Math.max(d, Math.abs(ya[i]! - yb[i]!));
      return d;
    }),
  );
}
