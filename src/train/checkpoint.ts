/**
 * A checkpoint is a directory holding two files:
 *
 *   model.safetensors  parameters and buffers by dotted name (`layer1.0.conv1.weight`)
 *   model.json         what the arrays are: format tag, version, model name and
 *                      config, optional training state, creation time, and the
 *                      size and SHA-256 of model.safetensors
 *
 * The weights are written first and model.json last, each atomically, so a
 * present model.json implies a complete weights file. The recorded digest
 * closes the remaining gap: if a save into an existing checkpoint stops
 * between the two renames, the directory holds new weights beside the old
 * model.json, and loading says so instead of pairing a config with the wrong
 * weights.
 *
 * Independent of the Module class on purpose: callers convert a module to and
 * from NamedArrays, so this file stays plain I/O.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write.js';
import { FileFormatError } from '../io/file-format-error.js';
import { assertJsonObject, type JsonObject } from './json-value.js';
import { decodeSafetensors, encodeSafetensors, type NamedArrays } from './safetensors.js';

export const CHECKPOINT_FORMAT = 'edgewatt-checkpoint';
export const CHECKPOINT_VERSION = 1;
export const CHECKPOINT_WEIGHTS_FILE = 'model.safetensors';
export const CHECKPOINT_CONFIG_FILE = 'model.json';

export interface ModelDescription {
  /** Registry name of the architecture, e.g. `resnet8`. */
  name: string;
  /** Constructor arguments that rebuild the architecture. */
  config: JsonObject;
}

export interface CheckpointContents {
  arrays: NamedArrays;
  model: ModelDescription;
  /** Free-form training state (epoch, step, best metric, ...). */
  training?: JsonObject;
}

export interface LoadedCheckpoint extends CheckpointContents {
  /** ISO 8601 time of the save. */
  createdAt: string;
}

/** The content of model.json. */
export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  model: ModelDescription;
  training?: JsonObject;
  createdAt: string;
  weights: { bytes: number; sha256: string };
}

export interface SaveCheckpointOptions {
  /** Clock for `createdAt`; injected so tests and simulations are reproducible. */
  now?: () => Date;
}

/** Writes `<dir>/model.safetensors` then `<dir>/model.json`, creating `dir` if needed. */
export async function saveCheckpoint(
  dir: string,
  contents: CheckpointContents,
  options: SaveCheckpointOptions = {},
): Promise<void> {
  const { model, training } = contents;
  if (typeof model?.name !== 'string' || model.name === '') {
    throw new TypeError(`saveCheckpoint(${dir}): model.name must be a non-empty string`);
  }
  assertJsonObject(model.config, `saveCheckpoint(${dir}): model.config`);
  if (training !== undefined) assertJsonObject(training, `saveCheckpoint(${dir}): training`);

  const weights = encodeSafetensors(contents.arrays);
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model: { name: model.name, config: model.config },
    ...(training !== undefined ? { training } : {}),
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    weights: { bytes: weights.byteLength, sha256: sha256Hex(weights) },
  };

  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, CHECKPOINT_WEIGHTS_FILE), weights);
  await writeJsonAtomic(join(dir, CHECKPOINT_CONFIG_FILE), manifest);
}

/** Reads a checkpoint directory, validating model.json, the digest and the weights. */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const jsonPath = join(dir, CHECKPOINT_CONFIG_FILE);
  const weightsPath = join(dir, CHECKPOINT_WEIGHTS_FILE);

  const manifestText = await readOrExplain(jsonPath, `${dir} is not a checkpoint, or its save did not finish`);
  const manifest = parseManifest(manifestText, jsonPath);
  const bytes = await readOrExplain(weightsPath, `${jsonPath} refers to it`);
  if (bytes.byteLength !== manifest.weights.bytes) {
    throw new FileFormatError(
      weightsPath,
      'size',
      `is ${bytes.byteLength} bytes but ${CHECKPOINT_CONFIG_FILE} records ${manifest.weights.bytes}; ` +
        `the weights were replaced after ${CHECKPOINT_CONFIG_FILE} was written (interrupted save?)`,
    );
  }
  const digest = sha256Hex(bytes);
  if (digest !== manifest.weights.sha256) {
    throw new FileFormatError(
      weightsPath,
      'sha256',
      `is ${digest} but ${CHECKPOINT_CONFIG_FILE} records ${manifest.weights.sha256}; ` +
        `the weights were changed after ${CHECKPOINT_CONFIG_FILE} was written (interrupted save or corruption?)`,
    );
  }

  const { tensors } = decodeSafetensors(bytes, weightsPath);
  return {
    arrays: tensors,
    model: manifest.model,
    ...(manifest.training !== undefined ? { training: manifest.training } : {}),
    createdAt: manifest.createdAt,
  };
}

/** Validates the parsed model.json field by field; every error names the file and the field. */
export function parseManifest(text: Uint8Array | string, jsonPath: string): CheckpointManifest {
  const fail = (field: string, problem: string): never => {
    throw new FileFormatError(jsonPath, field, problem);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(typeof text === 'string' ? text : new TextDecoder().decode(text));
  } catch (err) {
    return fail('(document)', `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObject(doc)) return fail('(document)', 'must be a JSON object');

  if (doc.format !== CHECKPOINT_FORMAT) fail('format', `must be "${CHECKPOINT_FORMAT}", got ${show(doc.format)}`);
  if (doc.version !== CHECKPOINT_VERSION) {
    const newer = typeof doc.version === 'number' && doc.version > CHECKPOINT_VERSION;
    const hint = newer ? ' (the checkpoint is newer: upgrade Edgewatt)' : '';
    fail('version', `${show(doc.version)} is not supported; this Edgewatt reads version ${CHECKPOINT_VERSION}${hint}`);
  }

  const model = doc.model;
  if (!isObject(model)) return fail('model', `must be an object with name and config, got ${show(model)}`);
  if (typeof model.name !== 'string' || model.name === '') {
    fail('model.name', `must be a non-empty string, got ${show(model.name)}`);
  }
  if (!isObject(model.config)) fail('model.config', `must be an object, got ${show(model.config)}`);

  if (doc.training !== undefined && !isObject(doc.training)) {
    fail('training', `must be an object when present, got ${show(doc.training)}`);
  }
  if (typeof doc.createdAt !== 'string' || Number.isNaN(Date.parse(doc.createdAt))) {
    fail('createdAt', `must be an ISO 8601 date string, got ${show(doc.createdAt)}`);
  }

  const weights = doc.weights;
  if (!isObject(weights)) return fail('weights', `must be an object with bytes and sha256, got ${show(weights)}`);
  if (!Number.isSafeInteger(weights.bytes) || (weights.bytes as number) < 8) {
    fail('weights.bytes', `must be an integer of at least 8 (the safetensors header length), got ${show(weights.bytes)}`);
  }
  if (typeof weights.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(weights.sha256)) {
    fail('weights.sha256', `must be 64 lowercase hex digits, got ${show(weights.sha256)}`);
  }
  // Every field is checked above; JSON.parse only produces JSON values.
  return doc as unknown as CheckpointManifest;
}

async function readOrExplain(path: string, why: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${path}: not found (${why})`, { cause: err });
    }
    throw err;
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function show(x: unknown): string {
  if (x === undefined) return 'nothing';
  const s = JSON.stringify(x);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
