/**
 * `edgewatt train cifar10` with no CIFAR-10 present: it generates CIFAR-format
 * data, trains on it and says so in the checkpoint; compress's taskOf tells
 * its ResNet-8 from a Tiny-ImageNet one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModel } from '../../src/nn/index.js';
import { cifar10DataDir, taskOf } from '../../src/cli/compress/task-data.js';
import { readCheckpointDataset, type CheckpointDataset } from '../../src/cli/commands/train-cifar10.js';
import { SYNTHETIC_CIFAR10_VERSION } from '../../src/data/synthetic-cifar10.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');

/** Runs the CLI with an empty shared-data folder, so no real CIFAR-10 can be found. */
function edgewatt(dir: string, args: string[]) {
  const env = { ...process.env, EDGEWATT_DATA: join(dir, 'no-shared-data') };
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000, env });
}

test('train cifar10 without CIFAR-10 generates CIFAR-format data and marks the checkpoint synthetic', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-cli-cifar-'));
  try {
    const cache = join(dir, 'cache');
    const out = join(dir, 'ckpt');
    const r = edgewatt(dir, ['train', 'cifar10', '--train-images', '40', '--val-images', '20', '--epochs', '1', '--filters', '2', '--batch-size', '8', '--cache-dir', cache, '--out', out, '--json', '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /GENERATED CIFAR-format data/);
    const result = JSON.parse(r.stdout.trim());
    assert.equal(result.trainImages, 40);
    assert.equal(result.valImages, 20);
    assert.equal(result.dataset.synthetic, true);
    // The generated batches are in the cache, in CIFAR-10's binary layout: 8 records per training file.
    assert.ok(existsSync(join(result.dataset.dir, 'data_batch_5.bin')));
    assert.ok(result.dataset.dir.startsWith(cache));
    // The generator version is in the folder name, so a cache written by an older generator is not reused.
    assert.match(result.dataset.dir, new RegExp(`synthetic-cifar10-v${SYNTHETIC_CIFAR10_VERSION}-8x5-test20-seed0$`));

    const manifest = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    assert.equal(manifest.dataset.name, 'cifar10');
    assert.equal(manifest.dataset.synthetic, true);
    assert.match(manifest.dataset.note, /says nothing about real CIFAR-10/);
    assert.equal(manifest.model.config.numClasses, 10);

    const dataset = await readCheckpointDataset(out);
    assert.equal(dataset?.trainImages, 40);
    assert.equal(taskOf(createModel('resnet8', manifest.model.config), dataset), 'cifar10');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('taskOf tells the CIFAR-10 ResNet-8 from the Tiny-ImageNet one', () => {
  const cifar = createModel('resnet8', { numClasses: 10, numFilters: 2 });
  const tiny = createModel('resnet8', { numClasses: 200, numFilters: 2 });
  assert.equal(taskOf(cifar), 'cifar10');
  assert.equal(taskOf(tiny), 'tiny-imagenet');
  // Without a dataset field, only CIFAR-10's shape counts: 10 classes at 64×64 is a Tiny-ImageNet subset.
  assert.equal(taskOf(createModel('resnet8', { numClasses: 10, inputSize: 64, numFilters: 2 })), 'tiny-imagenet');
  // The checkpoint's dataset field wins over the shape.
  const said = (name: string): CheckpointDataset => ({ name, synthetic: false, dir: '', trainImages: 0, valImages: 0, note: '' });
  assert.equal(taskOf(cifar, said('tiny-imagenet')), 'tiny-imagenet');
  assert.equal(taskOf(tiny, said('cifar10')), 'cifar10');
  assert.equal(taskOf(createModel('cnn1d')), 'har');
});

test('train cifar10 --data names a missing folder, and the files a folder lacks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-cli-cifar-bad-'));
  try {
    const missing = join(dir, 'nowhere');
    const r = edgewatt(dir, ['train', 'cifar10', '--data', missing, '--out', join(dir, 'ckpt'), '--quiet']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /CIFAR-10 folder not found at .*nowhere/);

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const r2 = edgewatt(dir, ['train', 'cifar10', '--data', empty, '--out', join(dir, 'ckpt'), '--quiet']);
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /CIFAR-10 folder .*empty lacks data_batch_1\.bin.*test_batch\.bin, batches\.meta\.txt/);
    assert.ok(!existsSync(join(dir, 'ckpt')), 'nothing is written when the data is bad');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compress refuses to regenerate a gone generated folder that an older generator made, and regenerates a current one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-cli-cifar-old-'));
  try {
    const cache = join(dir, 'cache');
    const base: CheckpointDataset = { name: 'cifar10', synthetic: true, dir: '', trainImages: 50, valImages: 10, note: 'test' };
    const old = { ...base, dir: join(cache, 'synthetic-cifar10-10x5-test10-seed0') };
    assert.throws(() => cifar10DataDir(undefined, old, cache), /from an older generator than this one \(version \d+\), so it cannot be made again; retrain with `edgewatt train cifar10` or pass --calib/);
    const current = { ...base, dir: join(cache, `synthetic-cifar10-v${SYNTHETIC_CIFAR10_VERSION}-10x5-test10-seed0`) };
    const made = cifar10DataDir(undefined, current, cache);
    assert.ok(existsSync(join(made, 'test_batch.bin')), `regenerated into ${made}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
