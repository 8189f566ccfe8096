/**
 * Whether a cached checkpoint folder (.cache/edgewatt/models/...) holds the
 * model a comparison needs, so hours of Tiny-ImageNet training are reused
 * only when they are the same model trained the same way.
 *
 * model.json records the architecture (`model`: zoo name and config) and the
 * best epoch with its optimizer step count (`training`, written by the
 * Trainer); it does not record the learning rate or the epoch budget. Steps
 * per epoch follow from the batch size, so a mismatch there is detected; the
 * rest is the caller's word (the same runner settings wrote it).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createModel } from '../../src/nn/index.js';
import { CHECKPOINT_CONFIG_FILE, parseManifest } from '../../src/train/index.js';
import type { ZooModelSpec } from '../../src/compress/distill/recipes.js';

export type CachedCheckpoint =
  | { state: 'absent'; dir: string }
  | { state: 'match'; dir: string }
  | { state: 'mismatch'; dir: string; why: string };

/** The full config of a zoo model, defaults filled in, keys sorted, as JSON. */
function resolvedConfig(spec: ZooModelSpec): string {
  const model = createModel(spec.name, spec.config);
  try {
    const c = model.spec.config;
    return JSON.stringify(Object.fromEntries(Object.keys(c).sort().map((k) => [k, c[k]])));
  } finally {
    model.dispose();
  }
}

/**
 * Reads `dir`/model.json and compares it with `spec` and with the expected
 * optimizer steps per epoch; absent when there is no model.json.
 */
export async function inspectCachedCheckpoint(dir: string, spec: ZooModelSpec, stepsPerEpoch: number): Promise<CachedCheckpoint> {
  const path = join(dir, CHECKPOINT_CONFIG_FILE);
  if (!existsSync(path)) return { state: 'absent', dir };
  const manifest = parseManifest(await readFile(path), path);
  if (manifest.model.name !== spec.name) return { state: 'mismatch', dir, why: `${path}: model.name is "${manifest.model.name}", expected "${spec.name}"` };
  const found = resolvedConfig({ name: spec.name, config: manifest.model.config as Record<string, number> });
  const wanted = resolvedConfig(spec);
  if (found !== wanted) return { state: 'mismatch', dir, why: `${path}: model.config resolves to ${found}, expected ${wanted}` };
  const epoch = manifest.training?.['epoch'];
  const steps = manifest.training?.['steps'];
  if (typeof epoch !== 'number' || typeof steps !== 'number') {
    return { state: 'mismatch', dir, why: `${path}: training.epoch and training.steps are missing, so how it was trained cannot be checked` };
  }
  if (steps !== epoch * stepsPerEpoch) {
    return { state: 'mismatch', dir, why: `${path}: training.steps is ${steps} at epoch ${epoch}, expected ${epoch * stepsPerEpoch} (${stepsPerEpoch} batches per epoch): another batch size or data selection` };
  }
  return { state: 'match', dir };
}

/**
 * The first candidate folder holding the model (reuse it), else the first
 * without a checkpoint (train into it); when every candidate holds another
 * model, an error listing why each one does not fit.
 */
export async function pickCheckpoint(candidates: readonly string[], spec: ZooModelSpec, stepsPerEpoch: number): Promise<{ dir: string; reuse: boolean }> {
  const seen = await Promise.all(candidates.map((dir) => inspectCachedCheckpoint(dir, spec, stepsPerEpoch)));
  const match = seen.find((c) => c.state === 'match');
  if (match) return { dir: match.dir, reuse: true };
  const free = seen.find((c) => c.state === 'absent');
  if (free) return { dir: free.dir, reuse: false };
  const reasons = seen.map((c) => (c.state === 'mismatch' ? c.why : c.dir)).join('; ');
  throw new Error(`bench:distill: no cached checkpoint fits ${spec.name} ${JSON.stringify(spec.config)} and none of ${candidates.join(', ')} is free: ${reasons}. Move the folder away to retrain.`);
}
