/**
 * buildLadder's fine-tuning step: after pruning, both the distillation path
 * and the plain cross-entropy path anneal the learning rate on one cosine
 * over every step of the run (the rate the optimizer held at the end of each
 * epoch is the schedule's, and the last is a small fraction of the first),
 * whether or not the training source declares its length; the rung's recipe
 * records the schedule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../../src/engine/index.js';
import { buildLadder } from '../../../src/compress/ladder/build-ladder.js';
import { cosineLr, loadModuleArrays, moduleArrays, type Batch, type BatchSource } from '../../../src/train/index.js';
import { makeModel, settleBatchNorm, sinusoidTask, SMALL_ZOO } from '../integer/helpers.js';

const CNN1D = SMALL_ZOO[1]!;
const EPOCHS = 3;
const BATCHES = 4;
const LR = 1e-2;

function batches(n: number, size: number, rng: Rng): Batch[] {
  return Array.from({ length: n }, () => {
    const { x, y } = sinusoidTask(size, rng);
    return { x, y, shape: [size, ...CNN1D.inputShape], size };
  });
}

/** The rate at the last step of each epoch under the cosine both paths should follow. */
function expectedEpochEndLrs(): number[] {
  const schedule = cosineLr({ base: LR, totalSteps: EPOCHS * BATCHES });
  return Array.from({ length: EPOCHS }, (_, e) => schedule((e + 1) * BATCHES - 1));
}

/** Prunes a settled cnn1d to half its MACs and fine-tunes it; returns the rate seen after each epoch and the pruned rung's recipe. */
async function pruneAndFineTune(opts: { distill: boolean; declareLength: boolean }) {
  const rng = new Rng(5);
  const trained = makeModel(CNN1D);
  settleBatchNorm(trained, rng, CNN1D.inputShape);
  const weights = moduleArrays(trained);
  const loadModel = () => {
    const m = makeModel(CNN1D);
    loadModuleArrays(m, weights, 'the settled cnn1d');
    return m;
  };
  const trainBatches = batches(BATCHES, 16, rng);
  const train: BatchSource = opts.declareLength ? trainBatches : { [Symbol.iterator]: () => trainBatches[Symbol.iterator]() };
  const lrs: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ew-build-ladder-'));
  try {
    const { manifest } = await buildLadder({
      name: 'cnn1d', task: 'har', inputShape: CNN1D.inputShape, numClasses: 3, loadModel,
      train, calibration: batches(1, 16, rng), val: batches(1, 32, rng), datasetLabel: 'synthetic sinusoids', outDir: dir,
      prune: { targetMacsRatio: 0.5 }, ...(opts.distill ? { distill: { teacher: 'self' as const } } : {}),
      fineTune: { epochs: EPOCHS, lr: LR }, quantize: ['int8'], timeLatency: false,
      onFineTuneEpoch: (record) => lrs.push(record.lr),
    });
    const pruned = manifest.variants[1]!;
    assert.equal(pruned.id, opts.distill ? 'pruned50-kd' : 'pruned50');
    return { lrs, recipe: pruned.recipe };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('distillation after pruning anneals the learning rate on a cosine and records it in the recipe', async () => {
  const { lrs, recipe } = await pruneAndFineTune({ distill: true, declareLength: true });
  assert.deepEqual(lrs, expectedEpochEndLrs());
  assert.ok(lrs[EPOCHS - 1]! < LR / 10, `last epoch ends at ${lrs[EPOCHS - 1]}, first at ${lrs[0]}`);
  assert.deepEqual(recipe['distill'], { teacher: 'fp32 (self)', temperature: 4, alpha: 0.9, epochs: EPOCHS, lr: LR, schedule: 'cosine' });
});

test('a training source without a length gets the same schedule (its batches are counted)', async () => {
  const { lrs } = await pruneAndFineTune({ distill: true, declareLength: false });
  assert.deepEqual(lrs, expectedEpochEndLrs());
});

test('plain fine-tuning after pruning follows the same cosine', async () => {
  const { lrs, recipe } = await pruneAndFineTune({ distill: false, declareLength: true });
  assert.deepEqual(lrs, expectedEpochEndLrs());
  assert.deepEqual(recipe['fineTune'], { epochs: EPOCHS, lr: LR, schedule: 'cosine' });
});
