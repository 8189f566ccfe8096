/**
 * Masks through fine-tuning with the real Trainer: the masked optimizer keeps
 * pruned weights at exactly 0 (plain SGD would not), and the gradual pruner
 * follows the AGP schedule step by step while the model learns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/index.js';
import { Linear, ReLU, Sequential } from '../../../src/nn/index.js';
import { SGD, Trainer, type Batch } from '../../../src/train/index.js';
import { agpSparsity, applyMasks, gradualPruner, keptCount, magnitudeMasks, maskedOptimizer, type WeightMasks } from '../../../src/compress/prune/index.js';

const FEATURES = 6;
const CLASSES = 2;

/** A linearly separable task: class 1 when x0 + x1 − x2 > 0. */
function batches(count: number, size: number, seed: number): Batch[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const x = Float32Array.from({ length: size * FEATURES }, () => 2 * rng.next() - 1);
    const y = Int32Array.from({ length: size }, (_, i) => (x[i * FEATURES]! + x[i * FEATURES + 1]! - x[i * FEATURES + 2]! > 0 ? 1 : 0));
    return { x, shape: [size, FEATURES], y, size };
  });
}

function mlp(): Sequential {
  return new Sequential({ fc1: new Linear(FEATURES, 16), relu: new ReLU(), fc2: new Linear(16, CLASSES) });
}

/** Entries that are masked out but not exactly zero. */
function maskedNonZeros(model: Sequential, masks: WeightMasks): number {
  const params = new Map(model.namedParameters());
  let n = 0;
  for (const [name, mask] of masks) {
    const w = params.get(name)!.view();
    mask.forEach((k, i) => (n += k === 0 && w[i] !== 0 ? 1 : 0));
  }
  return n;
}

test('the masked optimizer keeps pruned weights at exactly 0 through Trainer.fit; plain SGD does not', async () => {
  const data = batches(8, 16, 1);
  const model = mlp();
  const masks = magnitudeMasks(model, { sparsity: 0.6, scope: 'global' });
  const kept = Array.from((model.childNamed('fc1') as Linear).weight.toArray());
  const opt = maskedOptimizer(new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 1e-3 }), masks);
  const history = await new Trainer({ model, optimizer: opt, epochs: 3, numClasses: CLASSES, progress: false }).fit(data);
  assert.equal(maskedNonZeros(model, masks), 0);
  const now = Array.from((model.childNamed('fc1') as Linear).weight.toArray());
  assert.ok(now.some((v, i) => masks.get('fc1.weight')![i] === 1 && v !== kept[i]), 'the kept weights were trained');
  assert.ok(history.epochs.at(-1)!.trainLoss < history.epochs[0]!.trainLoss, 'the loss went down');
  assert.equal(opt.stepCount, 24);

  const control = mlp();
  applyMasks(control, masks);
  await new Trainer({ model: control, optimizer: new SGD(control.parameters(), { lr: 0.1, momentum: 0.9 }), epochs: 1, numClasses: CLASSES, progress: false }).fit(data);
  assert.ok(maskedNonZeros(control, masks) > 0, 'without the wrapper the pruned weights grow back');
});

test('the gradual pruner raises sparsity on the AGP schedule at each step, never regrows, and the model still learns', async () => {
  const data = batches(10, 16, 2);
  const model = mlp();
  const schedule = { initial: 0.2, final: 0.75, beginStep: 2, endStep: 22, frequency: 5 };
  const pruner = gradualPruner(model, new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }), { schedule, scope: 'layer' });
  const trainer = new Trainer({ model, optimizer: pruner, epochs: 4, numClasses: CLASSES, progress: false });
  const sizes = new Map(model.namedParameters().filter(([n]) => n.endsWith('weight')).map(([n, t]) => [n, t.size]));
  let previous: WeightMasks = pruner.masks;
  for (let step = 0; step < 25; step++) {
    trainer.trainStep(data[step % data.length]!);
    const s = agpSparsity(step, schedule);
    for (const [name, mask] of pruner.masks) {
      assert.equal(mask.length - keptCount(mask), Math.round(s * sizes.get(name)!), `${name} at step ${step}`);
      previous.get(name)!.forEach((k, i) => assert.ok(k === 1 || mask[i] === 0, `${name}[${i}] regrew at step ${step}`));
    }
    assert.equal(maskedNonZeros(model, pruner.masks), 0);
    previous = pruner.masks;
  }
  const history = await trainer.fit(data);
  assert.equal(maskedNonZeros(model, pruner.masks), 0);
  assert.ok(Math.abs(pruner.sparsity - 0.75) < 0.01);
  const val = trainer.evaluate(batches(4, 32, 3));
  assert.ok(val.accuracy > 0.8, `accuracy ${val.accuracy} after pruning to 75%`);
  assert.ok(Number.isFinite(history.epochs.at(-1)!.trainLoss));
});

test('bad gradual-pruner options are refused', () => {
  const model = mlp();
  const opt = new SGD(model.parameters(), { lr: 0.1 });
  assert.throws(() => gradualPruner(model, opt, { schedule: { initial: 0, final: 1, beginStep: 0, endStep: 10, frequency: 1 }, scope: 'layer' }), /gradualPruner: schedule.final must be a number in \[0, 1\)/);
  assert.throws(() => gradualPruner(model, opt, { schedule: { initial: 0, final: 0.5, beginStep: 0, endStep: 10, frequency: 1 }, scope: 'x' as never }), /scope must be 'layer' or 'global'/);
  assert.throws(() => maskedOptimizer(opt, magnitudeMasks(new Sequential({ z: new Linear(2, 2) }), { sparsity: 0.5, scope: 'layer' })), /mask "z.weight" names no parameter/);
});
