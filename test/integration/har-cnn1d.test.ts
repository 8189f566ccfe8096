/**
 * The README's main job as a test: the 1-D CNN on the shared STM32 HAR data,
 * split by recording file, reaches >= 95% validation accuracy with at most
 * two minutes of training on one core (the Trainer stops at the budget; the
 * accuracy is what the best checkpoint reached by then).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trainHar } from '../../src/cli/commands/train.js';

const dataDir = resolve(process.env['EDGEWATT_DATA'] ?? resolve(process.cwd(), '..', 'shared', 'data'), 'har-stm32');
const skip = existsSync(dataDir) ? false : `shared HAR data not found at ${dataDir}`;

test('cnn1d on the shared HAR data: >= 95% validation accuracy (file-level split) within 2 minutes', { skip, timeout: 300_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'edgewatt-har-'));
  try {
    const r = await trainHar({ data: dataDir, epochs: 12, batchSize: 32, lr: 0.01, seed: 0, out, quiet: true, timeBudget: 120 });
    assert.ok(r.valFiles > 0 && r.trainFiles > 0);
    assert.ok(r.valAccuracy >= 0.95, `validation accuracy ${(r.valAccuracy * 100).toFixed(2)}% < 95% (best epoch ${r.bestEpoch}, ${r.epochs} epochs, stopped by budget: ${r.stoppedByBudget})`);
    assert.ok(existsSync(join(out, 'model.safetensors')) && existsSync(join(out, 'model.json')), 'the best checkpoint was saved');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
