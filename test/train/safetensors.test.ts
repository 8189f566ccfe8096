import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileFormatError } from '../../src/io/file-format-error.js';
import {
  decodeSafetensors,
  encodeSafetensors,
  loadSafetensors,
  saveSafetensors,
  type NamedArrays,
} from '../../src/train/safetensors.js';

const SOURCE = 'weights.safetensors';

function sample(): NamedArrays {
  return new Map([
    ['layer1.0.conv1.weight', { dtype: 'float32', shape: [2, 3], data: new Float32Array([1, -2, 3.5, NaN, Infinity, -0]) }],
    ['head.bias', { dtype: 'float64', shape: [3], data: new Float64Array([Math.PI, -1e300, 5e-324]) }],
    ['quant.zero_point', { dtype: 'int32', shape: [2, 1], data: new Int32Array([-2147483648, 2147483647]) }],
    ['quant.weight', { dtype: 'int8', shape: [5], data: new Int8Array([-128, -1, 0, 1, 127]) }],
    ['scalar', { dtype: 'float32', shape: [], data: new Float32Array([42]) }],
    ['empty', { dtype: 'int8', shape: [0, 4], data: new Int8Array(0) }],
    ['empty64', { dtype: 'float64', shape: [3, 0], data: new Float64Array(0) }],
  ]);
}

/** A file image with a hand-written header, for the corruption cases. */
function image(header: string | Uint8Array, buffer: Uint8Array = new Uint8Array(0), declaredLength?: number): Uint8Array {
  const h = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const out = new Uint8Array(8 + h.byteLength + buffer.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(declaredLength ?? h.byteLength), true);
  out.set(h, 8);
  out.set(buffer, 8 + h.byteLength);
  return out;
}

function expectFormatError(bytes: Uint8Array, field: RegExp, problem: RegExp): void {
  assert.throws(
    () => decodeSafetensors(bytes, SOURCE),
    (err: unknown) => {
      assert.ok(err instanceof FileFormatError, String(err));
      assert.equal(err.file, SOURCE);
      assert.match(err.field, field);
      assert.match(err.problem, problem);
      assert.ok(err.message.startsWith(`${SOURCE}: `), err.message);
      return true;
    },
  );
}

describe('safetensors encode/decode', () => {
  it('round-trips every dtype, scalars, empty tensors and metadata bit for bit', () => {
    const tensors = sample();
    const metadata = { format: 'pt', note: 'ünïcode ✓', '0': 'integer-like key' };
    const decoded = decodeSafetensors(encodeSafetensors(tensors, metadata), SOURCE);
    assert.deepEqual(decoded.metadata, metadata);
    assert.deepEqual([...decoded.tensors.keys()].sort(), [...tensors.keys()].sort());
    for (const [name, t] of tensors) {
      const got = decoded.tensors.get(name)!;
      assert.equal(got.dtype, t.dtype, name);
      assert.deepEqual(got.shape, t.shape, name);
      assert.equal(got.data.constructor, t.data.constructor, name);
      // Object.is semantics: NaN and -0 must survive.
      assert.deepEqual([...got.data], [...t.data], name);
    }
  });

  it('returns empty metadata when there is none, and handles a file with no tensors', () => {
    const decoded = decodeSafetensors(encodeSafetensors(new Map()), SOURCE);
    assert.equal(decoded.tensors.size, 0);
    assert.deepEqual(decoded.metadata, {});
  });

  it('writes the header the spec describes: u64 LE length, JSON, space padding to 8 bytes', () => {
    const bytes = encodeSafetensors(new Map([['a', { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) }]]));
    const json = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    assert.equal(json.length, 54);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal(n, 56);
    assert.equal(new TextDecoder().decode(bytes.subarray(8, 8 + n)), json + '  ');
    assert.deepEqual([...new Float32Array(bytes.slice(8 + n).buffer)], [1, 2]);
    assert.equal(bytes.byteLength, 8 + 56 + 8);
  });

  it('lays tensors out widest dtype first so each starts aligned to its element size', () => {
    const bytes = encodeSafetensors(sample());
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal(n % 8, 0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
      string,
      { dtype: string; data_offsets: [number, number] }
    >;
    const width: Record<string, number> = { F64: 8, F32: 4, I32: 4, I8: 1 };
    for (const [name, info] of Object.entries(header)) {
      assert.equal((8 + n + info.data_offsets[0]) % width[info.dtype]!, 0, name);
    }
    // Same input, same bytes: the layout does not depend on Map insertion order.
    const reversed = new Map([...sample()].reverse());
    assert.deepEqual(encodeSafetensors(reversed), bytes);
  });

  it('reads the reference implementation documentation example', () => {
    // From the doc test of SafeTensors::deserialize in huggingface/safetensors
    // (safetensors/src/tensor.rs): header length 0x3c = 60, one I32 [2, 2].
    const header = '{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}';
    assert.equal(header.length, 0x3c);
    const decoded = decodeSafetensors(image(header, new Uint8Array(16)), SOURCE);
    const t = decoded.tensors.get('test')!;
    assert.equal(t.dtype, 'int32');
    assert.deepEqual(t.shape, [2, 2]);
    assert.deepEqual([...t.data], [0, 0, 0, 0]);
  });

  it('copies data into aligned arrays even from an unaligned source and accepts any tensor order', () => {
    // F64 data at buffer offset 1 after an unpadded header: a view would throw.
    const header = '{"b":{"dtype":"F64","shape":[1],"data_offsets":[1,9]},"a":{"dtype":"I8","shape":[1],"data_offsets":[0,1]}}';
    const buffer = new Uint8Array(9);
    buffer[0] = 0xff;
    new DataView(buffer.buffer).setFloat64(1, 2.5, true);
    const padded = new Uint8Array(image(header, buffer).byteLength + 3);
    padded.set(image(header, buffer), 3);
    const decoded = decodeSafetensors(padded.subarray(3), SOURCE);
    assert.equal(decoded.tensors.get('b')!.data[0], 2.5);
    assert.equal(decoded.tensors.get('a')!.data[0], -1);
    assert.equal(decoded.tensors.get('b')!.data.byteOffset, 0);
  });

  it('rejects bad input to the encoder, naming the tensor', () => {
    const bad = (t: NamedArrays, re: RegExp): void => assert.throws(() => encodeSafetensors(t), re);
    bad(new Map([['x', { dtype: 'float32', shape: [3], data: new Float32Array(2) }]]), /tensor "x".*3 elements but data has 2/);
    bad(new Map([['x', { dtype: 'float32', shape: [2], data: new Int32Array(2) }]]), /tensor "x".*dtype is float32 but data is a Int32Array/);
    bad(new Map([['x', { dtype: 'int8', shape: [1.5], data: new Int8Array(1) }]]), /tensor "x".*non-negative integers/);
    bad(new Map([['__metadata__', { dtype: 'int8', shape: [0], data: new Int8Array(0) }]]), /reserved/);
    assert.throws(() => encodeSafetensors(new Map(), { k: 1 as unknown as string }), /metadata "k" must be a string/);
  });
});

describe('safetensors decoder rejects corrupt files, naming the file and the field', () => {
  const good = (): string => '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';

  it('a file shorter than the length field', () => {
    expectFormatError(new Uint8Array(5), /header length/, /5 bytes/);
  });
  it('a header length beyond the end of the file (truncated)', () => {
    expectFormatError(image(good(), new Uint8Array(8), 500), /header length/, /500 bytes but only \d+ bytes follow/);
  });
  it('a header length above the 100 MB limit', () => {
    expectFormatError(image('{}', new Uint8Array(0), 200_000_000), /header length/, /limit/);
  });
  it('a header that is not UTF-8', () => {
    expectFormatError(image(new Uint8Array([0x7b, 0xff, 0x7d])), /^header$/, /UTF-8/);
  });
  it('a header that is not JSON', () => {
    expectFormatError(image('{"w": nope}'), /^header$/, /not valid JSON/);
  });
  it('a header that is JSON but not an object', () => {
    expectFormatError(image('[1,2]'), /^header$/, /must be a JSON object/);
  });
  it('an unknown or unsupported dtype', () => {
    expectFormatError(image('{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}', new Uint8Array(4)), /tensor "w".dtype/, /"F16" is not supported; expected one of F32, F64, I32, I8/);
    expectFormatError(image('{"w":{"shape":[2],"data_offsets":[0,4]}}', new Uint8Array(4)), /tensor "w".dtype/, /nothing is not supported/);
  });
  it('a non-integer, negative or missing shape', () => {
    for (const shape of ['[2.5]', '[-1]', '"2"', 'null']) {
      expectFormatError(image(`{"w":{"dtype":"I8","shape":${shape},"data_offsets":[0,2]}}`, new Uint8Array(2)), /tensor "w".shape/, /non-negative integers/);
    }
  });
  it('malformed data_offsets', () => {
    for (const offsets of ['[0]', '[4,0]', '[0,1.5]', '"0,4"']) {
      expectFormatError(image(`{"w":{"dtype":"I8","shape":[4],"data_offsets":${offsets}}}`, new Uint8Array(4)), /tensor "w".data_offsets/, /begin <= end/);
    }
  });
  it('data_offsets beyond the buffer (truncated data)', () => {
    expectFormatError(image(good(), new Uint8Array(6)), /tensor "w".data_offsets/, /beyond the 6-byte data buffer/);
  });
  it('shape x dtype size different from the offsets length', () => {
    expectFormatError(image('{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', new Uint8Array(8)), /tensor "w".data_offsets/, /covers 8 bytes but shape \[3\] of F32 needs 12/);
  });
  it('overlapping tensors', () => {
    const h = '{"a":{"dtype":"I8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"I8","shape":[4],"data_offsets":[2,6]}}';
    expectFormatError(image(h, new Uint8Array(6)), /tensor "b".data_offsets/, /overlaps tensor "a"/);
  });
  it('a hole between tensors', () => {
    const h = '{"a":{"dtype":"I8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"I8","shape":[2],"data_offsets":[4,6]}}';
    expectFormatError(image(h, new Uint8Array(6)), /tensor "b".data_offsets/, /bytes \[2, 4\) .*\(hole/);
  });
  it('bytes after the last tensor', () => {
    expectFormatError(image(good(), new Uint8Array(12)), /data buffer/, /is 12 bytes but the tensors cover only the first 8/);
  });
  it('metadata that is not a map of strings', () => {
    expectFormatError(image('{"__metadata__":{"epoch":3}}'), /__metadata__.epoch/, /must be a string, got 3/);
    expectFormatError(image('{"__metadata__":[]}'), /__metadata__/, /object of strings/);
  });
});

describe('saveSafetensors / loadSafetensors', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgewatt-st-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through a file, leaving no temp file', async () => {
    const path = join(dir, 'model.safetensors');
    await saveSafetensors(path, sample(), { a: 'b' });
    const loaded = await loadSafetensors(path);
    assert.deepEqual(loaded.metadata, { a: 'b' });
    assert.deepEqual([...loaded.tensors.get('quant.weight')!.data], [-128, -1, 0, 1, 127]);
    assert.deepEqual(await readdir(dir), ['model.safetensors']);
  });

  it('names the file when it is corrupt', async () => {
    const path = join(dir, 'broken.safetensors');
    const good = encodeSafetensors(sample());
    await writeFile(path, good.subarray(0, good.byteLength - 3));
    await assert.rejects(loadSafetensors(path), (err: unknown) => err instanceof FileFormatError && err.file === path);
  });
});
