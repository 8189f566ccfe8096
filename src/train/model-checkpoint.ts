/**
 * A checkpoint as a model: rebuild the architecture named in model.json from
 * the zoo registry, then load the weights into it. Every command that takes a
 * checkpoint (inspect, export, compress, profile) starts here, so they agree
 * on what a checkpoint means and report a bad one the same way.
 */
import { join } from 'node:path';
import { createModel, isZooName, zoo, type ZooModel } from '../nn/zoo/index.js';
import { FileFormatError } from '../io/file-format-error.js';
import { CHECKPOINT_CONFIG_FILE, CHECKPOINT_WEIGHTS_FILE, loadCheckpoint, type LoadedCheckpoint } from './checkpoint.js';
import { loadModuleArrays } from './model-arrays.js';

export interface LoadedModel {
  readonly model: ZooModel;
  readonly checkpoint: LoadedCheckpoint;
}

/** Loads `<dir>/model.json` + `<dir>/model.safetensors` into a freshly built zoo model, in eval mode. */
export async function loadModelCheckpoint(dir: string): Promise<LoadedModel> {
  const checkpoint = await loadCheckpoint(dir);
  const { name, config } = checkpoint.model;
  const jsonPath = join(dir, CHECKPOINT_CONFIG_FILE);
  if (!isZooName(name)) {
    throw new FileFormatError(jsonPath, 'model.name', `"${name}" is not a model Edgewatt knows; expected one of ${Object.keys(zoo).join(', ')}`);
  }
  let model: ZooModel;
  try {
    model = createModel(name, config);
  } catch (err) {
    throw new FileFormatError(jsonPath, 'model.config', err instanceof Error ? err.message : String(err));
  }
  loadModuleArrays(model, checkpoint.arrays, join(dir, CHECKPOINT_WEIGHTS_FILE));
  model.eval();
  return { model, checkpoint };
}
