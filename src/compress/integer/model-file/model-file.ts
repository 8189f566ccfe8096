/**
 * The integer-model file: a QuantizedModel — plain, or a nested
 * any-precision master with all its widths — saved as it runs, so it can be
 * served later without the float model or calibration data.
 *
 * The container is safetensors (train/safetensors.ts; Hugging Face's
 * format: an 8-byte header length, a JSON header, one byte buffer), so any
 * safetensors reader lists the int8 weights and per-channel constants. Its
 * `__metadata__` map (strings only, by the spec) carries
 *
 *   format   "edgewatt-quantized-model"
 *   version  "1"
 *   model    the structure as JSON (model-file-schema.ts): layer tree,
 *            geometry, input shape, widths, and per parameter set the
 *            per-layer numbers (activation scales and zero points, clamps,
 *            residual multipliers and shifts)
 *
 * and the tensors are the weights as stored (a nested model: the int8
 * master only) and, per parameter set, each conv/linear layer's int32
 * bias, Q31 multipliers and shifts, weight scales, QDQ bias and real bias.
 *
 * Reading checks, in order, the size, the container (every offset:
 * safetensors.ts), the format tag and version, the structure (zod), the
 * shape flow (check-model-shapes.ts), every tensor's presence, dtype and
 * shape, and finally runs the model once on zeros; every failure is a
 * FileFormatError naming the file and the field. Writing is atomic
 * (temp file, fsync, rename: io/atomic-write.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import { noGrad, tidy, zeros } from '../../../engine/index.js';
import { FileFormatError } from '../../../io/file-format-error.js';
import { schemaError } from '../../../io/schema-error.js';
import { decodeSafetensors, encodeSafetensors, saveSafetensors, type NamedArrays, type SafetensorsMetadata } from '../../../train/safetensors.js';
import type { QuantizedModel } from '../quantized-model.js';
import { checkModelShapes } from './check-model-shapes.js';
import { decodeModel } from './decode-model.js';
import { encodeModel } from './encode-model.js';
import { MASTER_BITS, modelJsonSchema, QUANTIZED_MODEL_FORMAT, QUANTIZED_MODEL_VERSION, type ModelJson } from './model-file-schema.js';

const META = '__metadata__';

/**
 * Files above 1 GiB are refused before they are read: a model the integer
 * path serves on a device is kilobytes to a few megabytes (nested masters
 * with widths 8/4/2, measured with encodeQuantizedModel: the HAR cnn1d
 * 13,312 bytes, ResNet-8 for 64×64 inputs and 200 classes 156,896 bytes),
 * so anything this large is not one, and reading it would only exhaust
 * memory.
 */
export const MAX_QUANTIZED_MODEL_BYTES = 2 ** 30;

function parts(model: QuantizedModel): { tensors: NamedArrays; metadata: SafetensorsMetadata } {
  const { json, tensors } = encodeModel(model);
  return { tensors, metadata: { format: QUANTIZED_MODEL_FORMAT, version: String(QUANTIZED_MODEL_VERSION), model: JSON.stringify(json) } };
}

/** The file's bytes for `model` (the ladder hashes and writes them itself). */
export function encodeQuantizedModel(model: QuantizedModel): Uint8Array {
  const { tensors, metadata } = parts(model);
  return encodeSafetensors(tensors, metadata);
}

/** Writes `model` to `path` atomically: a reader sees the old file or the whole new one. */
export async function saveQuantizedModel(model: QuantizedModel, path: string): Promise<void> {
  const { tensors, metadata } = parts(model);
  await saveSafetensors(path, tensors, metadata);
}

/** Reads a file written by saveQuantizedModel; errors name `path` and the field. */
export async function loadQuantizedModel(path: string): Promise<QuantizedModel> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${path}: not found (no integer-model file here; save one with saveQuantizedModel)`, { cause: err });
    throw err;
  }
  checkSize(size, path);
  return decodeQuantizedModel(await readFile(path), path);
}

function checkSize(size: number, source: string): void {
  if (size > MAX_QUANTIZED_MODEL_BYTES) throw new FileFormatError(source, 'size', `is ${size} bytes, more than the ${MAX_QUANTIZED_MODEL_BYTES} an integer-model file may have`);
}

/** Parses the bytes of an integer-model file; `source` (usually the path) names it in every error. */
export function decodeQuantizedModel(bytes: Uint8Array, source: string): QuantizedModel {
  checkSize(bytes.byteLength, source);
  const fail = (field: string, problem: string): never => {
    throw new FileFormatError(source, field, problem);
  };
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  const format = metadata['format'];
  if (format !== QUANTIZED_MODEL_FORMAT) {
    fail(`${META}.format`, `${format === undefined ? 'is missing' : `is "${format}"`}; expected "${QUANTIZED_MODEL_FORMAT}" (a safetensors file, but not an Edgewatt integer model: a float checkpoint loads with loadCheckpoint)`);
  }
  const version = metadata['version'];
  if (version !== String(QUANTIZED_MODEL_VERSION)) {
    const newer = version !== undefined && /^\d+$/.test(version) && Number(version) > QUANTIZED_MODEL_VERSION;
    fail(`${META}.version`, `${version === undefined ? 'is missing' : `"${version}" is not supported`}; this Edgewatt reads version ${QUANTIZED_MODEL_VERSION}${newer ? ' (the file is newer: upgrade Edgewatt)' : ''}`);
  }
  const json = parseModelJson(metadata['model'], source);
  const outputShape = checkModelShapes(json, fail, 'model');
  const model = decodeModel(json, tensors, fail, 'model');
  dryRun(model, json.inputShape, outputShape, fail);
  return model;
}

function parseModelJson(text: string | undefined, source: string): ModelJson {
  if (text === undefined) throw new FileFormatError(source, `${META}.model`, 'is missing; it holds the model structure as JSON');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new FileFormatError(source, `${META}.model`, `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const r = modelJsonSchema.safeParse(raw);
  if (r.success) return r.data;
  const e = schemaError(source, r.error);
  throw new FileFormatError(source, e.field === '(root)' ? 'model' : `model.${e.field}`, e.problem);
}

/**
 * One sample of zeros through the model at every width: what the checks
 * above cannot see (a kernel's own limits, such as an average pool's
 * requantization scale, computed at run time) shows here, at load, rather
 * than on the first request at that width in the field. Leaves a nested
 * model at its master width, as buildNestedModel does.
 */
function dryRun(model: QuantizedModel, inputShape: readonly number[], outputShape: readonly number[], fail: (field: string, problem: string) => never): void {
  const widths = model.info.precision?.widths ?? [null];
  const want = [1, ...outputShape];
  for (const bits of widths) {
    const at = bits === null ? '' : ` at ${bits} bits`;
    let got: number[];
    try {
      if (bits !== null) model.setBits(bits);
      got = tidy(() => noGrad(() => [...model.call(zeros([1, ...inputShape])).shape]));
    } catch (err) {
      model.dispose();
      return fail('model', `does not run on one sample of [${inputShape.join(', ')}]${at}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
      model.dispose();
      fail('model', `gives [${got.join(', ')}] for one sample${at}, its layers say [${want.join(', ')}]`);
    }
  }
  if (model.info.precision !== null) model.setBits(MASTER_BITS);
}
