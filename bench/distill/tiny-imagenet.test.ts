/**
 * The Tiny-ImageNet path of bench:distill on a synthetic folder in the real
 * layout (4 classes, 16×16, one epoch), so the code the --tiny-imagenet run
 * takes for hours is exercised here in seconds. Run: node --test dist/bench/
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticTinyImageNet } from '../../src/data/index.js';
import { compareTinyImageNetDistillation } from './tiny-imagenet.js';

test('a missing Tiny-ImageNet folder is an error naming it and the flag', async () => {
  const root = join(tmpdir(), 'bench-distill-no-such-folder', 'tiny-imagenet-200');
  await assert.rejects(compareTinyImageNetDistillation({ root, cacheDir: tmpdir(), modelsDir: tmpdir() }), (e: Error) => e.message.includes(root) && e.message.includes('--tiny-imagenet'));
});

test('the recipe runs on Tiny-ImageNet data, caches the teacher and the students, and reuses them', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-distill-ti-'));
  try {
    const root = join(dir, 'tiny-imagenet-200');
    writeSyntheticTinyImageNet(root, { classes: 4, trainPerClass: 6, valPerClass: 3, size: 16 });
    const options = { root, cacheDir: join(dir, 'cache'), modelsDir: join(dir, 'models'), epochs: 1, size: 16 };
    const first = await compareTinyImageNetDistillation(options);
    const c = first.comparison;
    assert.equal(first.recipe.hints.length, 1, 'the recipe keeps its stack2 hint');
    assert.equal(c.teacher.spec.config['numFilters'], 32);
    assert.equal(c.ceStudent.spec.config['numFilters'], 16);
    assert.equal(c.kdStudent.spec.config['numClasses'], 4);
    assert.equal(c.kdStudent.samples, 12);
    for (const f of ['ti-resnet8-f32', 'ti-resnet8-f16', 'ti-resnet8-f16-kd']) assert.ok(existsSync(join(options.modelsDir, f, 'model.json')), f);
    assert.equal(c.teacher.reusedFrom, null);

    const second = await compareTinyImageNetDistillation(options);
    assert.equal(second.comparison.teacher.reusedFrom, join(options.modelsDir, 'ti-resnet8-f32'));
    assert.equal(second.comparison.ceStudent.reusedFrom, join(options.modelsDir, 'ti-resnet8-f16'));
    assert.equal(second.comparison.ceStudent.top1, c.ceStudent.top1);
    assert.equal(second.comparison.kdStudent.epochsRun, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
