/** `edgewatt train tiny-imagenet` on a synthetic folder in the real layout (colour-coded classes a ResNet-8 learns in a few epochs). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticTinyImageNet } from '../../src/data/index.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');

test('train tiny-imagenet --json trains ResNet-8, caches the decoded images and writes a checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-cli-ti-'));
  try {
    writeSyntheticTinyImageNet(join(dir, 'ti'), { classes: 4, trainPerClass: 24, valPerClass: 6 });
    const args = ['train', 'tiny-imagenet', '--data', join(dir, 'ti'), '--size', '16', '--filters', '4', '--epochs', '4', '--batch-size', '16', '--lr', '0.01', '--cache-dir', join(dir, 'cache'), '--out', join(dir, 'ckpt'), '--json', '--quiet'];
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout.trim());
    assert.equal(result.classes, 4);
    assert.equal(result.trainImages, 96);
    assert.equal(result.valImages, 24);
    // Classes differ by colour; chance is 25%.
    assert.ok(result.valAccuracy > 0.5, `validation accuracy ${result.valAccuracy}`);
    assert.ok(existsSync(join(dir, 'ckpt', 'model.safetensors')));
    assert.ok(existsSync(join(dir, 'cache')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
