/**
 * The safetensors file format (Hugging Face, https://github.com/huggingface/safetensors,
 * README "Format"): an 8-byte little-endian u64 N, N bytes of UTF-8 JSON
 * header, then one byte buffer.
 *
 *   { "<name>": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] },
 *     "__metadata__": { "<key>": "<string>" } }
 *
 * Offsets are relative to the start of the buffer, end is one past the last
 * byte; tensors are packed, little-endian, row-major, and together cover the
 * buffer exactly. We read and write the four dtypes Edgewatt computes in.
 *
 * Chosen because PyTorch, JAX, candle and transformers read it, and because
 * its loader is safe by construction: no code runs, every offset is checked.
 */
import { readFile } from 'node:fs/promises';
import { DTYPES, type DType, type TypedArray } from '../engine/dtype.js';
import { formatShape, sizeOf } from '../engine/shape.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { FileFormatError } from '../io/file-format-error.js';

export interface NamedArray {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

/** Arrays by name, e.g. `layer1.0.conv1.weight`. */
export type NamedArrays = Map<string, NamedArray>;

/** The free-form `__metadata__` map; the spec allows only string values. */
export type SafetensorsMetadata = Record<string, string>;

export interface DecodedSafetensors {
  tensors: NamedArrays;
  metadata: SafetensorsMetadata;
}

const METADATA_KEY = '__metadata__';

const TO_SAFETENSORS: { readonly [D in DType]: string } = {
  float32: 'F32',
  float64: 'F64',
  int32: 'I32',
  int8: 'I8',
};

const FROM_SAFETENSORS: ReadonlyMap<string, DType> = new Map(
  (Object.keys(TO_SAFETENSORS) as DType[]).map((d) => [TO_SAFETENSORS[d], d]),
);

/**
 * The reference implementation refuses headers above 100 MB so that a hostile
 * file cannot make the reader parse gigabytes of JSON (safetensors README,
 * "Prevent DOS attacks"; `MAX_HEADER_SIZE` in safetensors/src/tensor.rs).
 */
const MAX_HEADER_BYTES = 100_000_000;

/** Typed arrays use the host's byte order; the format is little-endian. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Serialises `tensors` (and optional metadata) into one safetensors byte array. */
export function encodeSafetensors(tensors: NamedArrays, metadata?: SafetensorsMetadata): Uint8Array {
  const chunks = planSafetensors(tensors, metadata, 'encodeSafetensors');
  let total = 0;
  for (const c of chunks) total += c.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Writes a safetensors file atomically, streaming the arrays without concatenating them. */
export async function saveSafetensors(
  path: string,
  tensors: NamedArrays,
  metadata?: SafetensorsMetadata,
): Promise<void> {
  await writeFileAtomic(path, planSafetensors(tensors, metadata, `saveSafetensors(${path})`));
}

/** Reads and fully validates a safetensors file; errors name `path`. */
export async function loadSafetensors(path: string): Promise<DecodedSafetensors> {
  const bytes = await readFile(path);
  return decodeSafetensors(bytes, path);
}

/**
 * Parses a safetensors image. `sourceName` (usually the file path) is put in
 * every error. The arrays are copied out of `bytes` into fresh, aligned typed
 * arrays, so they neither alias the input nor depend on its byte offset.
 */
export function decodeSafetensors(bytes: Uint8Array, sourceName: string): DecodedSafetensors {
  assertLittleEndianHost();
  const fail = (field: string, problem: string): never => {
    throw new FileFormatError(sourceName, field, problem);
  };

  if (bytes.byteLength < 8) {
    fail('header length', `file is ${bytes.byteLength} bytes; a safetensors file starts with an 8-byte header length`);
  }
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    fail('header length', `${declared} bytes exceeds the ${MAX_HEADER_BYTES}-byte limit of the format`);
  }
  const headerBytes = Number(declared);
  if (8 + headerBytes > bytes.byteLength) {
    fail(
      'header length',
      `says the JSON header is ${headerBytes} bytes but only ${bytes.byteLength - 8} bytes follow (truncated file?)`,
    );
  }

  const header = parseHeader(bytes.subarray(8, 8 + headerBytes), fail);
  const buffer = bytes.subarray(8 + headerBytes);
  const metadata = readMetadata(header[METADATA_KEY], fail);

  const entries: Array<{ name: string; dtype: DType; shape: number[]; begin: number; end: number }> = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) continue;
    entries.push({ name, ...readTensorInfo(name, raw, buffer.byteLength, fail) });
  }
  assertBufferCovered(entries, buffer.byteLength, fail);

  const tensors: NamedArrays = new Map();
  for (const e of entries) {
    const data = DTYPES[e.dtype].create(sizeOf(e.shape));
    new Uint8Array(data.buffer).set(buffer.subarray(e.begin, e.end));
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data });
  }
  return { tensors, metadata };
}

type Fail = (field: string, problem: string) => never;

function parseHeader(raw: Uint8Array, fail: Fail): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return fail('header', 'is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return fail('header', `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isPlainObject(parsed)) {
    return fail('header', `must be a JSON object, got ${describeJson(parsed)}`);
  }
  return parsed;
}

function readMetadata(raw: unknown, fail: Fail): SafetensorsMetadata {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) return fail(METADATA_KEY, `must be an object of strings, got ${describeJson(raw)}`);
  const out: SafetensorsMetadata = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') fail(`${METADATA_KEY}.${k}`, `must be a string, got ${describeJson(v)}`);
    out[k] = v as string;
  }
  return out;
}

function readTensorInfo(
  name: string,
  raw: unknown,
  bufferBytes: number,
  fail: Fail,
): { dtype: DType; shape: number[]; begin: number; end: number } {
  const at = (field: string): string => `tensor "${name}"${field ? '.' + field : ''}`;
  if (!isPlainObject(raw)) return fail(at(''), `must be an object with dtype, shape and data_offsets, got ${describeJson(raw)}`);

  const dtype = typeof raw.dtype === 'string' ? FROM_SAFETENSORS.get(raw.dtype) : undefined;
  if (dtype === undefined) {
    fail(at('dtype'), `${describeJson(raw.dtype)} is not supported; expected one of ${[...FROM_SAFETENSORS.keys()].join(', ')}`);
  }

  const shape = raw.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    return fail(at('shape'), `must be an array of non-negative integers, got ${describeJson(shape)}`);
  }

  const offsets = raw.data_offsets;
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[0] > offsets[1]
  ) {
    return fail(at('data_offsets'), `must be [begin, end] with integers 0 <= begin <= end, got ${describeJson(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end > bufferBytes) {
    fail(at('data_offsets'), `[${begin}, ${end}] extends beyond the ${bufferBytes}-byte data buffer (truncated file?)`);
  }

  const elements = sizeOf(shape as number[]);
  const expected = elements * DTYPES[dtype!].bytes;
  if (!Number.isSafeInteger(expected) || expected !== end - begin) {
    fail(
      at('data_offsets'),
      `covers ${end - begin} bytes but shape ${formatShape(shape as number[])} of ${raw.dtype} needs ${expected}`,
    );
  }
  return { dtype: dtype!, shape: shape as number[], begin, end };
}

/**
 * The spec requires the tensors to tile the buffer: no two share a byte and no
 * byte is unowned (README: "addresses in the file do not overlap"; the loader
 * rejects an incompletely covered buffer so files cannot smuggle extra data).
 * Sorting by (begin, end) puts empty tensors before the tensor they sit at.
 */
function assertBufferCovered(
  entries: Array<{ name: string; begin: number; end: number }>,
  bufferBytes: number,
  fail: Fail,
): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous = '';
  for (const e of sorted) {
    if (e.begin < cursor) {
      fail(`tensor "${e.name}".data_offsets`, `[${e.begin}, ${e.end}] overlaps tensor "${previous}" (which ends at ${cursor})`);
    }
    if (e.begin > cursor) {
      fail(`tensor "${e.name}".data_offsets`, `bytes [${cursor}, ${e.begin}) before it belong to no tensor (hole in the buffer)`);
    }
    cursor = e.end;
    if (e.end > e.begin) previous = e.name;
  }
  if (cursor !== bufferBytes) {
    fail('data buffer', `is ${bufferBytes} bytes but the tensors cover only the first ${cursor} (trailing bytes)`);
  }
}

/**
 * Lays the file out as chunks: [length + header, tensor bytes...]. Tensors are
 * ordered by descending element size, then by name, as the reference writer
 * does (`prepare` in safetensors/src/tensor.rs): with the header padded to a
 * multiple of 8 bytes, every tensor then starts at a multiple of its own
 * element size, so readers that map the file can take aligned views.
 */
function planSafetensors(tensors: NamedArrays, metadata: SafetensorsMetadata | undefined, who: string): Uint8Array[] {
  assertLittleEndianHost();
  const names = [...tensors.keys()];
  for (const name of names) assertEncodable(name, tensors.get(name)!, who);
  names.sort((a, b) => {
    const byWidth = DTYPES[tensors.get(b)!.dtype].bytes - DTYPES[tensors.get(a)!.dtype].bytes;
    return byWidth !== 0 ? byWidth : a < b ? -1 : a > b ? 1 : 0;
  });

  // Built by hand, not from one object, because JS objects list integer-like
  // keys ("0", "1") first whatever the insertion order; the offsets do not
  // depend on key order, but a stable, readable header does.
  const parts: string[] = [];
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new TypeError(`${who}: metadata "${k}" must be a string, got ${typeof v}`);
    }
    parts.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`);
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const { dtype, shape, data } = tensors.get(name)!;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const info = { dtype: TO_SAFETENSORS[dtype], shape, data_offsets: [offset, offset + bytes.byteLength] };
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(json.byteLength / 8) * 8;
  const head = new Uint8Array(8 + padded).fill(0x20, 8 + json.byteLength); // spaces, as the spec allows
  new DataView(head.buffer).setBigUint64(0, BigInt(padded), true);
  head.set(json, 8);
  return [head, ...chunks];
}

function assertEncodable(name: string, t: NamedArray, who: string): void {
  const what = `${who}: tensor "${name}"`;
  if (name === METADATA_KEY) throw new TypeError(`${what}: the name is reserved for the metadata map`);
  if (!(t.dtype in TO_SAFETENSORS)) throw new TypeError(`${what}: unknown dtype ${String(t.dtype)}`);
  if (!arrayMatchesDType(t.data, t.dtype)) {
    throw new TypeError(`${what}: dtype is ${t.dtype} but data is a ${t.data?.constructor?.name ?? typeof t.data}`);
  }
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new TypeError(`${what}: shape must be an array of non-negative integers, got ${JSON.stringify(t.shape)}`);
  }
  if (sizeOf(t.shape) !== t.data.length) {
    throw new RangeError(`${what}: shape ${formatShape(t.shape)} holds ${sizeOf(t.shape)} elements but data has ${t.data.length}`);
  }
}

function arrayMatchesDType(data: unknown, dtype: DType): boolean {
  switch (dtype) {
    case 'float32':
      return data instanceof Float32Array;
    case 'float64':
      return data instanceof Float64Array;
    case 'int32':
      return data instanceof Int32Array;
    case 'int8':
      return data instanceof Int8Array;
    default:
      return dtype satisfies never;
  }
}

/**
 * Refuses to run on a big-endian host rather than silently writing files no
 * other reader can load. Node's supported platforms are all little-endian.
 */
function assertLittleEndianHost(): void {
  if (!HOST_IS_LITTLE_ENDIAN) throw new Error('safetensors: big-endian hosts are not supported (the format is little-endian)');
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describeJson(x: unknown): string {
  if (x === undefined) return 'nothing';
  const s = JSON.stringify(x);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
