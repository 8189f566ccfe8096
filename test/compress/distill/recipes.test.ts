/** The named recipes build the models they describe, pass the set-up checks, and run end to end on synthetic data. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../../src/engine/index.js';
import { createModel, summarize } from '../../../src/nn/index.js';
import { DataLoader, loadHarDataset, writeSyntheticHar } from '../../../src/data/index.js';
import { checkDistillSetup } from '../../../src/compress/distill/distill.js';
import { harDistillRecipe, RECIPE_ALPHA, RECIPE_TEMPERATURE, selfDistillation, tinyImageNetDistillRecipe } from '../../../src/compress/distill/recipes.js';
import { runDistillRecipe } from '../../../src/compress/distill/run-recipe.js';
import { snapshot } from './synthetic-tasks.js';

function constantBatches(shape: number[], numClasses: number) {
  const rng = new Rng(0);
  const x = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
  return [{ x, shape, y: Int32Array.from({ length: shape[0]! }, (_, i) => i % numClasses), size: shape[0]! }];
}

test('the HAR recipe: cnn1d width 64 -> width 8, T = 4, alpha = 0.9, the MACs its comment states', () => {
  const r = harDistillRecipe();
  assert.equal(r.temperature, 4);
  assert.equal(r.alpha, 0.9);
  assert.deepEqual(r.hints, []);
  const teacher = createModel(r.teacher.name, r.teacher.config);
  const student = createModel(r.student.name, r.student.config);
  assert.equal(summarize(teacher, [3, 26]).totalMacs, 344_832);
  assert.equal(summarize(student, [3, 26]).totalMacs, 8_160);
  checkDistillSetup({ teacher, student, train: constantBatches([4, 3, 26], 3), epochs: 1, numClasses: r.numClasses, temperature: r.temperature, alpha: r.alpha });
  assert.equal(harDistillRecipe({ numClasses: 6, inputLength: 52 }).student.config['inputLength'], 52);
});

test('the Tiny-ImageNet recipe: resnet8 32 -> 16 filters, 200 classes, one hint at stack2 whose shapes the probe accepts', () => {
  const r = tinyImageNetDistillRecipe();
  assert.equal(r.numClasses, 200);
  assert.equal(r.teacher.config['numFilters'], 32);
  assert.equal(r.student.config['numFilters'], 16);
  assert.equal(r.teacher.config['inputSize'], 64);
  assert.deepEqual(r.hints.map((h) => [h.student, h.teacher]), [['stack2', 'stack2']]);
  // A smaller input keeps the probe quick; the paths and channel counts do not depend on it.
  const small = tinyImageNetDistillRecipe({ inputSize: 16 });
  const teacher = createModel(small.teacher.name, small.teacher.config);
  const student = createModel(small.student.name, small.student.config);
  checkDistillSetup({ teacher, student, train: constantBatches([2, 3, 16, 16], 200), epochs: 1, numClasses: 200, temperature: small.temperature, alpha: small.alpha, hints: small.hints });
});

function syntheticHar(dir: string) {
  writeSyntheticHar(dir, { recordingsPerClass: 4, samplesPerRecording: 104, rng: new Rng(3) });
  const har = loadHarDataset(dir, { seed: 0 });
  return {
    har,
    train: new DataLoader(har.train, { batchSize: 32, shuffle: true, rng: new Rng(1) }),
    val: new DataLoader(har.val, { batchSize: 64 }),
  };
}

test('runDistillRecipe trains the teacher, distils the student and reports both on validation data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-distill-'));
  try {
    const { har, train, val } = syntheticHar(dir);
    const recipe = harDistillRecipe({ inputLength: har.windowLength, numClasses: har.classes.length });
    const r = await runDistillRecipe(recipe, { train, val, epochs: 2, teacherEpochs: 2, lr: 0.01, progress: false });
    assert.equal(r.teacherHistory?.epochs.length, 2);
    assert.equal(r.history.epochs.length, 2);
    assert.ok(r.metrics.studentParams < r.metrics.teacherParams / 10, `${r.metrics.studentParams} vs ${r.metrics.teacherParams}`);
    const v = r.metrics.val!;
    assert.equal(v.samples, har.val.length);
    for (const x of [v.teacherAccuracy, v.studentAccuracy, v.agreement]) assert.ok(x >= 0 && x <= 1);
    assert.equal(r.student.spec.config['width'], 8);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runDistillRecipe checks the set-up before it trains the teacher', async () => {
  const broken = { ...harDistillRecipe(), student: { name: 'cnn1d' as const, config: { numClasses: 5, width: 8 } } };
  const batches = constantBatches([4, 3, 26], 3);
  let iterations = 0;
  const counted = { [Symbol.iterator]: () => (iterations++, batches[Symbol.iterator]()) };
  await assert.rejects(runDistillRecipe(broken, { train: counted, epochs: 1, progress: false }), /the teacher gives \[N, 3\] but the student \[N, 5\]/);
  assert.equal(iterations, 1, 'only the probe batch was read: the teacher was not trained');
  await assert.rejects(runDistillRecipe(harDistillRecipe(), { train: batches, epochs: 0 }), /runDistillRecipe: epochs must be a positive integer, got 0/);
});

test('selfDistillation: a narrower copy learns from its original through distill, with a hint at the same path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-selfdistill-'));
  try {
    const { train } = syntheticHar(dir);
    const original = createModel('cnn1d', { width: 16 });
    // Stands in for a channel-pruned copy: same paths, fewer channels.
    const compressed = createModel('cnn1d', { width: 12, seed: 1 });
    const before = snapshot(original);
    const r = await selfDistillation({ original, compressed, train, epochs: 1, numClasses: 3, hints: [{ student: 'block2', teacher: 'block2', weight: 1 }], progress: false });
    assert.equal(r.student, compressed);
    assert.equal(r.hintMse.length, 1);
    assert.deepEqual(snapshot(original), before);
    assert.equal(RECIPE_TEMPERATURE, 4);
    assert.equal(RECIPE_ALPHA, 0.9);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
