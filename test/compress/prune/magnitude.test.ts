/** Unstructured magnitude pruning: exact counts, layer vs global thresholds, deterministic ties, masks applied in place. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchNorm2d, Conv2d, Linear, resnet8, Sequential } from '../../../src/nn/index.js';
import { applyMasks, keptCount, magnitudeMasks, maskSparsity, pruneStats, comparePruneStats, formatPruneReport } from '../../../src/compress/prune/index.js';

/** Two Linear layers with hand-picked weights: `a` has many small weights, `b` few. */
function handMade(): Sequential {
  const model = new Sequential({ a: new Linear(4, 2), b: new Linear(2, 3) });
  const a = model.childNamed('a') as Linear;
  const b = model.childNamed('b') as Linear;
  a.weight.view().set([0.1, -0.5, 0.3, 0.0, 2, -0.2, 0.05, 1]);
  b.weight.view().set([0.4, -0.01, 0.6, 2.5, -3, 0.15]);
  return model;
}

test('layer scope: each layer loses round(s·n) of its own smallest weights', () => {
  const masks = magnitudeMasks(handMade(), { sparsity: 0.5, scope: 'layer' });
  // a: |w| 0.0, 0.05, 0.1, 0.2 go; b: 0.01, 0.15, 0.4 go.
  assert.deepEqual([...masks.get('a.weight')!], [0, 1, 1, 0, 1, 0, 0, 1]);
  assert.deepEqual([...masks.get('b.weight')!], [0, 0, 1, 1, 1, 0]);
  assert.deepEqual([...masks.keys()], ['a.weight', 'b.weight'], 'biases are never masked');
});

test('global scope: one threshold over all weights, so the layer with small weights loses more', () => {
  const masks = magnitudeMasks(handMade(), { sparsity: 0.5, scope: 'global' });
  // The 7 smallest of all 14: 0 0.01 0.05 0.1 0.15 0.2 0.3 -> a loses 5, b loses 2.
  assert.deepEqual([...masks.get('a.weight')!], [0, 1, 0, 0, 1, 0, 0, 1]);
  assert.deepEqual([...masks.get('b.weight')!], [1, 0, 1, 1, 1, 0]);
});

test('ties at the threshold are broken by position, so the exact count is pruned', () => {
  const model = new Sequential({ a: new Linear(5, 2), b: new Linear(2, 2) });
  (model.childNamed('a') as Linear).weight.view().fill(1);
  (model.childNamed('b') as Linear).weight.view().fill(1);
  const layer = magnitudeMasks(model, { sparsity: 0.3, scope: 'layer' });
  assert.deepEqual([...layer.get('a.weight')!], [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual([...layer.get('b.weight')!], [0, 1, 1, 1]);
  const global = magnitudeMasks(model, { sparsity: 0.9, scope: 'global' });
  // round(0.9·14) = 13: all of a, then the first three of b.
  assert.equal(keptCount(global.get('a.weight')!), 0);
  assert.deepEqual([...global.get('b.weight')!], [0, 0, 0, 1]);
});

test('resnet8: exact counts per layer and in total; every pruned |w| is below every kept one', () => {
  const model = resnet8({ inputSize: 16 });
  const weights = new Map(model.namedParameters());
  for (const scope of ['layer', 'global'] as const) {
    const masks = magnitudeMasks(model, { sparsity: 0.7, scope });
    assert.equal(masks.size, 10, '9 convolutions and the classifier');
    let total = 0;
    let pruned = 0;
    let maxPruned = 0;
    let minKept = Infinity;
    for (const [name, mask] of masks) {
      const w = weights.get(name)!.view();
      const gone = mask.length - keptCount(mask);
      if (scope === 'layer') assert.equal(gone, Math.round(0.7 * mask.length), name);
      total += mask.length;
      pruned += gone;
      let layerMaxPruned = 0;
      let layerMinKept = Infinity;
      mask.forEach((k, i) => (k ? (layerMinKept = Math.min(layerMinKept, Math.abs(w[i]!))) : (layerMaxPruned = Math.max(layerMaxPruned, Math.abs(w[i]!)))));
      if (scope === 'layer') assert.ok(layerMaxPruned <= layerMinKept, `${name}: a pruned weight is larger than a kept one`);
      maxPruned = Math.max(maxPruned, layerMaxPruned);
      minKept = Math.min(minKept, layerMinKept);
    }
    if (scope === 'global') {
      assert.equal(pruned, Math.round(0.7 * total));
      assert.ok(maxPruned <= minKept, 'one global threshold');
    }
    assert.ok(Math.abs(maskSparsity(masks) - 0.7) < 1e-4);
  }
});

test('applyMasks zeros exactly the masked weights, in place; the report counts them', () => {
  const model = new Sequential({ conv: new Conv2d(2, 4, 3), bn: new BatchNorm2d(4) });
  const before = pruneStats(model, [2, 5, 5]);
  const masks = magnitudeMasks(model, { sparsity: 0.25, scope: 'layer' });
  const w = (model.childNamed('conv') as Conv2d).weight;
  const original = Array.from(w.toArray());
  applyMasks(model, masks);
  const mask = masks.get('conv.weight')!;
  Array.from(w.toArray()).forEach((v, i) => assert.equal(v, mask[i] ? original[i] : 0));
  const after = pruneStats(model, [2, 5, 5]);
  const report = comparePruneStats(before, after);
  const conv = report.layers.find((r) => r.name === 'conv')!;
  assert.equal(conv.before!.nonZeroParams - conv.after!.nonZeroParams, 18, 'round(0.25·72) weights');
  assert.equal(conv.after!.params, 72 + 4);
  assert.equal(report.after.macs, report.before.macs, 'masks do not change dense MACs');
  assert.match(formatPruneReport(report), /^conv +Conv2d/m);
});

test('bad arguments are refused before any weight is written', () => {
  const model = handMade();
  for (const sparsity of [1, -0.1, NaN, '0.5']) {
    assert.throws(() => magnitudeMasks(model, { sparsity: sparsity as number, scope: 'layer' }), /sparsity must be a number in \[0, 1\)/);
  }
  assert.throws(() => magnitudeMasks(model, { sparsity: 0.5, scope: 'all' as never }), /scope must be 'layer' or 'global'/);
  assert.throws(() => magnitudeMasks(model, { sparsity: 0.5, scope: 'layer', include: ['c'] }), /include names "c", which is not a module/);
  assert.throws(() => magnitudeMasks(new Sequential({ bn: new BatchNorm2d(2) }), { sparsity: 0.5, scope: 'layer' }), /no Conv1d, Conv2d or Linear layer/);
  const only = magnitudeMasks(model, { sparsity: 0.5, scope: 'layer', include: ['b'] });
  assert.deepEqual([...only.keys()], ['b.weight']);
  const picked = magnitudeMasks(model, { sparsity: 0.5, scope: 'layer', include: (path) => path === 'a' });
  assert.deepEqual([...picked.keys()], ['a.weight']);
  const a = Array.from((model.childNamed('a') as Linear).weight.toArray());
  const bad = new Map([['a.weight', new Uint8Array(8)], ['b.weight', new Uint8Array(5)]]);
  assert.throws(() => applyMasks(model, bad), /mask "b.weight" has 5 entries, but the weight has 6 elements/);
  assert.deepEqual(Array.from((model.childNamed('a') as Linear).weight.toArray()), a, 'the valid mask before the bad one was not applied');
  assert.throws(() => applyMasks(model, new Map([['z.weight', new Uint8Array(1)]])), /mask "z.weight" names no parameter; weight parameters: a.weight, b.weight/);
});
