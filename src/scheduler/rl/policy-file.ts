/**
 * A trained policy on disk: a folder holding
 *
 *   policy.safetensors  the greedy network's layers, `layers.<i>.weight`
 *                       [out, in] and `layers.<i>.bias` [out], float32
 *   policy.json         what they are: format tag and version, the
 *                       algorithm, the observation's field names (in
 *                       order), the action names, the hidden widths, the
 *                       observation normaliser, free-form training notes,
 *                       creation time, and the size and SHA-256 of the
 *                       weights file
 *
 * The checkpoint recipe of src/train/checkpoint.ts: weights first, JSON
 * last, each written atomically, and the digest pairs them, so a folder
 * with a policy.json holds the weights it describes or says it does not.
 * policy.json is validated with zod on load; every error names the file
 * and the field. A caller passes what it will feed the policy (the
 * observation fields or just their count, the actions), and a policy
 * trained on other features is refused at load, not mis-read at run time.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic-write.js';
import { FileFormatError } from '../../io/file-format-error.js';
import { schemaError } from '../../io/schema-error.js';
import { assertJsonObject, decodeSafetensors, encodeSafetensors, type JsonObject, type NamedArrays } from '../../train/index.js';
import { GreedyPolicy } from './greedy-policy.js';
import type { DenseLayer } from './q-network.js';

export const POLICY_FORMAT = 'edgewatt-rl-policy';
export const POLICY_VERSION = 1;
export const POLICY_JSON_FILE = 'policy.json';
export const POLICY_WEIGHTS_FILE = 'policy.safetensors';

/** What a policy file records besides the weights. */
export interface PolicyMetadata {
  /** Names of the observation's features, in order (length observationSize). */
  readonly observationFields: readonly string[];
  /** Names of the actions, in index order (length actionCount): variant ids, `defer-60s`, … */
  readonly actionNames: readonly string[];
  /** Default 'double-dqn'. */
  readonly algorithm?: string;
  /** Free-form JSON: seed, steps, returns, simulator version. */
  readonly training?: JsonObject;
}

export interface LoadedPolicy {
  readonly policy: GreedyPolicy;
  readonly metadata: Required<Omit<PolicyMetadata, 'training'>> & { training?: JsonObject };
  /** ISO 8601 time of the save. */
  readonly createdAt: string;
}

/** What the caller will feed the policy; any field given must match the file. */
export interface PolicyExpectation {
  observationSize?: number;
  observationFields?: readonly string[];
  actionCount?: number;
  actionNames?: readonly string[];
}

const name = z.string().min(1);
const uniqueNames = z.array(name).min(1).refine((a) => new Set(a).size === a.length, 'names must be unique');

const policyJsonSchema = z
  .object({
    format: z.literal(POLICY_FORMAT),
    version: z.literal(POLICY_VERSION),
    algorithm: name,
    observationFields: uniqueNames,
    actionNames: uniqueNames,
    network: z.object({ hidden: z.array(z.number().int().positive()), activation: z.literal('relu') }).strict(),
    normaliser: z.object({ mean: z.array(z.number()), std: z.array(z.number().positive()) }).strict(),
    training: z.record(z.unknown()).optional(),
    createdAt: z.string().datetime(),
    weights: z.object({ file: z.literal(POLICY_WEIGHTS_FILE), bytes: z.number().int().min(8), sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits') }).strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const n = p.observationFields.length;
    for (const key of ['mean', 'std'] as const) {
      if (p.normaliser[key].length !== n) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['normaliser', key], message: `has ${p.normaliser[key].length} entries; observationFields has ${n}` });
    }
  });

type PolicyJson = z.infer<typeof policyJsonSchema>;

export interface SavePolicyOptions {
  /** Clock for `createdAt`; injected so tests are reproducible. */
  now?: () => Date;
}

/** Writes `<dir>/policy.safetensors` then `<dir>/policy.json`, creating `dir` if needed. */
export async function savePolicy(dir: string, policy: GreedyPolicy, metadata: PolicyMetadata, options: SavePolicyOptions = {}): Promise<void> {
  const who = `savePolicy(${dir})`;
  if (!(policy instanceof GreedyPolicy)) throw new TypeError(`${who}: policy must be a GreedyPolicy (trainDqn's agent.policy)`);
  checkNames(who, 'metadata.observationFields', metadata.observationFields, policy.observationSize, 'observationSize');
  checkNames(who, 'metadata.actionNames', metadata.actionNames, policy.actionCount, 'actionCount');
  if (metadata.training !== undefined) assertJsonObject(metadata.training, `${who}: metadata.training`);
  const algorithm = metadata.algorithm ?? 'double-dqn';
  if (typeof algorithm !== 'string' || algorithm === '') throw new TypeError(`${who}: metadata.algorithm must be a non-empty string`);

  const arrays: NamedArrays = new Map();
  policy.layers.forEach((l, i) => {
    arrays.set(`layers.${i}.weight`, { dtype: 'float32', shape: [l.outFeatures, l.inFeatures], data: l.weight });
    arrays.set(`layers.${i}.bias`, { dtype: 'float32', shape: [l.outFeatures], data: l.bias });
  });
  const weights = encodeSafetensors(arrays, { format: POLICY_FORMAT });
  const json: PolicyJson = {
    format: POLICY_FORMAT,
    version: POLICY_VERSION,
    algorithm,
    observationFields: [...metadata.observationFields],
    actionNames: [...metadata.actionNames],
    network: { hidden: policy.layers.slice(0, -1).map((l) => l.outFeatures), activation: 'relu' },
    normaliser: { mean: Array.from(policy.normaliser.mean), std: Array.from(policy.normaliser.std) },
    ...(metadata.training !== undefined ? { training: metadata.training } : {}),
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    weights: { file: POLICY_WEIGHTS_FILE, bytes: weights.byteLength, sha256: sha256Hex(weights) },
  };
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, POLICY_WEIGHTS_FILE), weights);
  await writeJsonAtomic(join(dir, POLICY_JSON_FILE), json);
}

/** Reads and validates a policy folder; refuses one whose observation or actions differ from `expect`. */
export async function loadPolicy(dir: string, expect: PolicyExpectation = {}): Promise<LoadedPolicy> {
  const jsonPath = join(dir, POLICY_JSON_FILE);
  const weightsPath = join(dir, POLICY_WEIGHTS_FILE);
  const doc = parsePolicyJson(await readOrExplain(jsonPath, `${dir} holds no policy, or its save did not finish`), jsonPath);
  checkExpectation(doc, expect, jsonPath);
  const bytes = await readOrExplain(weightsPath, `${jsonPath} refers to it`);
  if (bytes.byteLength !== doc.weights.bytes) throw new FileFormatError(weightsPath, 'size', `is ${bytes.byteLength} bytes but ${POLICY_JSON_FILE} records ${doc.weights.bytes} (interrupted save, or files from two saves?)`);
  const digest = sha256Hex(bytes);
  if (digest !== doc.weights.sha256) throw new FileFormatError(weightsPath, 'sha256', `is ${digest} but ${POLICY_JSON_FILE} records ${doc.weights.sha256} (interrupted save or corruption?)`);
  const layers = readLayers(decodeSafetensors(bytes, weightsPath).tensors, doc, weightsPath);
  const policy = new GreedyPolicy(layers, { mean: Float32Array.from(doc.normaliser.mean), std: Float32Array.from(doc.normaliser.std) });
  return {
    policy,
    metadata: { observationFields: doc.observationFields, actionNames: doc.actionNames, algorithm: doc.algorithm, ...(doc.training !== undefined ? { training: doc.training as JsonObject } : {}) },
    createdAt: doc.createdAt,
  };
}

/** Validates policy.json's text; `source` names it in errors. */
export function parsePolicyJson(text: Uint8Array | string, source: string): PolicyJson {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof text === 'string' ? text : new TextDecoder().decode(text));
  } catch (err) {
    throw new FileFormatError(source, '(document)', `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof raw === 'object' && raw !== null && 'version' in raw) {
    const v = (raw as { version: unknown }).version;
    if (typeof v === 'number' && v > POLICY_VERSION) throw new FileFormatError(source, 'version', `${v} is newer than this Edgewatt reads (${POLICY_VERSION}): upgrade Edgewatt`);
  }
  const r = policyJsonSchema.safeParse(raw);
  if (!r.success) throw schemaError(source, r.error);
  return r.data;
}

function checkExpectation(doc: PolicyJson, e: PolicyExpectation, source: string): void {
  const fields = doc.observationFields;
  if (e.observationSize !== undefined && e.observationSize !== fields.length) {
    throw new FileFormatError(source, 'observationFields', `the policy reads ${fields.length} observation features; the caller supplies ${e.observationSize}`);
  }
  if (e.observationFields !== undefined) {
    const i = firstDifference(fields, e.observationFields);
    if (i >= 0) throw new FileFormatError(source, `observationFields.${i}`, `is ${JSON.stringify(fields[i] ?? null)} but the caller's feature ${i} is ${JSON.stringify(e.observationFields[i] ?? null)} (${fields.length} vs ${e.observationFields.length} features)`);
  }
  if (e.actionCount !== undefined && e.actionCount !== doc.actionNames.length) {
    throw new FileFormatError(source, 'actionNames', `the policy chooses among ${doc.actionNames.length} actions; the caller has ${e.actionCount}`);
  }
  if (e.actionNames !== undefined) {
    const i = firstDifference(doc.actionNames, e.actionNames);
    if (i >= 0) throw new FileFormatError(source, `actionNames.${i}`, `is ${JSON.stringify(doc.actionNames[i] ?? null)} but the caller's action ${i} is ${JSON.stringify(e.actionNames[i] ?? null)}`);
  }
}

/** The layers the JSON promises, each present in the weights with its shape; nothing else present. */
function readLayers(tensors: NamedArrays, doc: PolicyJson, source: string): DenseLayer[] {
  const widths = [doc.observationFields.length, ...doc.network.hidden, doc.actionNames.length];
  const layers: DenseLayer[] = [];
  const expected = new Set<string>();
  for (let i = 0; i + 1 < widths.length; i++) {
    const [inF, outF] = [widths[i]!, widths[i + 1]!];
    const take = (key: string, shape: number[]): Float32Array => {
      expected.add(key);
      const t = tensors.get(key);
      if (!t) throw new FileFormatError(source, `tensor "${key}"`, `is missing; ${POLICY_JSON_FILE} describes ${widths.length - 1} layers`);
      if (t.dtype !== 'float32' || t.shape.length !== shape.length || t.shape.some((d, k) => d !== shape[k])) {
        throw new FileFormatError(source, `tensor "${key}"`, `is ${t.dtype}[${t.shape.join(', ')}]; expected float32[${shape.join(', ')}]`);
      }
      return t.data as Float32Array;
    };
    layers.push({ inFeatures: inF, outFeatures: outF, weight: take(`layers.${i}.weight`, [outF, inF]), bias: take(`layers.${i}.bias`, [outF]) });
  }
  for (const key of tensors.keys()) if (!expected.has(key)) throw new FileFormatError(source, `tensor "${key}"`, `is not part of the network ${POLICY_JSON_FILE} describes`);
  return layers;
}

function checkNames(who: string, field: string, names: readonly string[], count: number, what: string): void {
  if (!Array.isArray(names) || names.length !== count) throw new RangeError(`${who}: ${field} must list ${count} names (the policy's ${what}), got ${Array.isArray(names) ? names.length : typeof names}`);
  names.forEach((n, i) => {
    if (typeof n !== 'string' || n === '') throw new TypeError(`${who}: ${field}[${i}] must be a non-empty string`);
  });
  if (new Set(names).size !== names.length) throw new RangeError(`${who}: ${field} has duplicate names`);
}

function firstDifference(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

async function readOrExplain(path: string, why: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${path}: not found (${why})`, { cause: err });
    throw err;
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
