/**
 * Structured channel pruning: the pruned model computes exactly what the
 * original computes with the pruned channels silenced (channel-check.ts),
 * MACs really drop to the target, and bad input is refused before anything
 * changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor } from '../../../src/engine/index.js';
import {
  BatchNorm2d, Concat, Conv2d, cnn1d, Dropout, dscnn, Flatten, GlobalAvgPool, Linear, MaxPool2d, ReLU, resnet8, Residual, Sequential, summarize,
  type Module,
} from '../../../src/nn/index.js';
import { SGD, Trainer } from '../../../src/train/index.js';
import { analyzeChannels, keepCounts, predictMacs, pruneChannels, formatPruneReport } from '../../../src/compress/prune/index.js';
import { maxOutputDiff, randomizeBatchNorms, zeroPrunedChannels } from './channel-check.js';

const EXACT = 1e-5;

interface Case {
  name: string;
  make: () => Module;
  inputShape: number[];
}

/** A Flatten over a 4×4 map (S = 16 features per channel) and a hidden Linear layer whose neurons are pruned too. */
function flattenNet(): Module {
  return new Sequential({
    conv: new Conv2d(2, 6, 3, { padding: 1 }),
    bn: new BatchNorm2d(6),
    relu: new ReLU(),
    pool: new MaxPool2d(2),
    flatten: new Flatten(),
    hidden: new Linear(6 * 16, 12),
    act: new ReLU(),
    drop: new Dropout(0.5),
    out: new Linear(12, 3),
  });
}

/** A channel concatenation followed by a residual block over the joined channels. */
function concatNet(): Module {
  return new Sequential({
    branches: new Concat({
      a: new Conv2d(2, 4, 1, { bias: false }),
      b: new Sequential({ conv: new Conv2d(2, 6, 3, { padding: 'same' }), bn: new BatchNorm2d(6), relu: new ReLU() }),
    }),
    bn: new BatchNorm2d(10),
    block: new Residual(new Sequential({ conv: new Conv2d(10, 10, 3, { padding: 'same', stride: 1 }), bn: new BatchNorm2d(10) }), { activation: new ReLU() }),
    mix: new Conv2d(10, 5, 1),
    pool: new GlobalAvgPool(),
    fc: new Linear(5, 2),
  });
}

/** A space tied by one residual block and then cut by a second one, over a concatenation. */
function cutChainNet(): Module {
  return new Sequential({
    stem: new Conv2d(2, 10, 1),
    block1: new Residual(new Sequential({ conv: new Conv2d(10, 10, 3, { padding: 'same' }), bn: new BatchNorm2d(10) }), { activation: new ReLU() }),
    block2: new Residual(new Concat({ a: new Conv2d(10, 4, 1), b: new Conv2d(10, 6, 1) })),
    pool: new GlobalAvgPool(),
    fc: new Linear(10, 2),
  });
}

const cases: Case[] = [
  { name: 'resnet8', make: () => resnet8({ inputSize: 16 }), inputShape: [3, 16, 16] },
  { name: 'cnn1d', make: () => cnn1d(), inputShape: [3, 26] },
  { name: 'dscnn (depthwise)', make: () => dscnn({ inputFrames: 10, inputCoefficients: 8, filters: 8, blocks: 2 }), inputShape: [1, 10, 8] },
  { name: 'flatten net (S = 16)', make: flattenNet, inputShape: [2, 8, 8] },
  { name: 'concat + residual net', make: concatNet, inputShape: [2, 6, 6] },
  { name: 'residual chain cut by a concatenation', make: cutChainNet, inputShape: [2, 5, 5] },
];

for (const c of cases) {
  test(`${c.name}: keepRatio 0.5 gives the original with the pruned channels silenced, exactly`, () => {
    const model = c.make();
    const twin = c.make();
    randomizeBatchNorms(model, 3);
    randomizeBatchNorms(twin, 3);
    const report = pruneChannels(model, { inputShape: c.inputShape, keepRatio: 0.5 });
    assert.ok(report.replaced.length > 0 && report.macsAfter < report.macsBefore, `${c.name}: nothing was pruned`);
    // The pruned model differs from the untouched original, so the comparison below can fail.
    assert.ok(maxOutputDiff(model, twin, c.inputShape, 2, 11) > 1e-3, `${c.name}: pruning changed nothing in the output`);
    zeroPrunedChannels(twin, c.inputShape, report);
    const diff = maxOutputDiff(model, twin, c.inputShape, 2, 11);
    assert.ok(diff <= EXACT, `${c.name}: max abs difference ${diff} > ${EXACT}`);
    for (const g of report.groups) {
      if (g.prunable) assert.equal(g.kept.length, Math.max(1, Math.round(0.5 * g.channels)), `group of ${g.layers.join(', ')}`);
      else assert.equal(g.kept.length, g.channels);
    }
  });
}

test('resnet8: a MACs target is met, predicted MACs equal measured ones, and the ratio found is the largest that fits', () => {
  const model = resnet8({ inputSize: 16 });
  const twin = resnet8({ inputSize: 16 });
  const graph = analyzeChannels(twin, [3, 16, 16]);
  const report = pruneChannels(model, { inputShape: [3, 16, 16], targetMacsRatio: 0.4 });
  assert.ok(report.macsAfter <= 0.4 * report.macsBefore, `${report.macsAfter} > 0.4 × ${report.macsBefore}`);
  assert.equal(report.macsAfter, summarize(model, [3, 16, 16]).totalMacs);
  assert.equal(predictMacs(graph, keepCounts(graph, report.keepRatio)), report.macsAfter);
  // The next keep ratio at which some group keeps one more channel would break the target.
  const next = Math.min(...graph.groups.filter((g) => g.prunable).map((g) => (Math.round(report.keepRatio * g.size) + 0.5) / g.size));
  assert.ok(predictMacs(graph, keepCounts(graph, next + 1e-12)) > 0.4 * report.macsBefore);
  assert.match(formatPruneReport(report.report), /^total .* → /m);
});

test('a pruned model trains with a fresh optimizer', () => {
  const model = cnn1d();
  pruneChannels(model, { inputShape: [3, 26], keepRatio: 0.25 });
  const x = Float32Array.from({ length: 4 * 3 * 26 }, (_, i) => Math.sin(i));
  const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.05 }), epochs: 1, numClasses: 3, progress: false });
  const before = Array.from((model.childNamed('fc') as Linear).weight.toArray());
  assert.ok(Number.isFinite(trainer.trainStep({ x, shape: [4, 3, 26], y: Int32Array.of(0, 1, 2, 0), size: 4 })));
  assert.notDeepEqual(Array.from((model.childNamed('fc') as Linear).weight.toArray()), before);
});

test('bad input is refused before anything changes', () => {
  const model = resnet8({ inputSize: 16 });
  const before = [...model.stateDict().entries()].map(([k, t]) => [k, Array.from(t.toArray())]);
  const shape = [3, 16, 16];
  assert.throws(() => pruneChannels(model, { inputShape: shape, keepRatio: 0 }), /options\.keepRatio must be a number in \(0, 1\]/);
  assert.throws(() => pruneChannels(model, { inputShape: shape, keepRatio: 1.5 }), /options\.keepRatio must be a number in \(0, 1\]/);
  assert.throws(() => pruneChannels(model, { inputShape: shape, targetMacsRatio: -1 }), /options\.targetMacsRatio must be a number in \(0, 1\]/);
  assert.throws(() => pruneChannels(model, { inputShape: shape } as never), /exactly one of options\.keepRatio and options\.targetMacsRatio/);
  assert.throws(() => pruneChannels(model, { inputShape: shape, keepRatio: 0.5, targetMacsRatio: 0.5 } as never), /exactly one of/);
  assert.throws(() => pruneChannels(model, { inputShape: [3, 0, 16], keepRatio: 0.5 }), /options\.inputShape must be/);
  assert.throws(() => pruneChannels(model, { inputShape: shape, targetMacsRatio: 0.001 }), /keeping one channel per prunable group still needs \d+/);
  const after = [...model.stateDict().entries()].map(([k, t]) => [k, Array.from(t.toArray())]);
  assert.deepEqual(after, before);
});

test('unknown modules and grouped convolutions are named, and nothing is changed', () => {
  class Scale extends ReLU {
    override forward(x: Tensor): Tensor {
      return x.mul(2);
    }
  }
  class Custom extends Sequential {
    override forward(x: Tensor): Tensor {
      return x;
    }
  }
  const withCustom = new Sequential({ conv: new Conv2d(1, 4, 3), odd: new Custom([]), pool: new GlobalAvgPool(), fc: new Linear(4, 2) });
  assert.throws(() => pruneChannels(withCustom, { inputShape: [1, 5, 5], keepRatio: 0.5 }), /Custom "odd" is a module channel pruning does not know.*nothing was changed/);
  assert.equal(withCustom.childNamed('conv')!.stateDict().get('weight')!.shape[0], 4);
  // An Activation subclass is elementwise by contract, so it is accepted.
  const withScale = new Sequential({ conv: new Conv2d(1, 4, 3), s: new Scale(), pool: new GlobalAvgPool(), fc: new Linear(4, 2) });
  assert.deepEqual(pruneChannels(withScale, { inputShape: [1, 5, 5], keepRatio: 0.5 }).replaced, ['conv', 'fc']);
  const grouped = new Sequential({ a: new Conv2d(4, 4, 1), g: new Conv2d(4, 8, 3, { groups: 2 }), pool: new GlobalAvgPool(), fc: new Linear(8, 2) });
  assert.throws(() => pruneChannels(grouped, { inputShape: [4, 5, 5], keepRatio: 0.5 }), /Conv2d "g" is a grouped convolution \(groups = 2/);
  const shared = new Linear(4, 4);
  assert.throws(() => analyzeChannels(new Sequential({ a: shared, b: shared }), [4]), /runs more than once|appears twice/);
  const lastAxis = new Sequential({ conv: new Conv2d(1, 4, 3), fc: new Linear(3, 2) });
  assert.throws(() => analyzeChannels(lastAxis, [1, 5, 5]), /Linear "fc" reads a per-sample input of shape \[4, 3, 3\]/);
});
