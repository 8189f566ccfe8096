/**
 * The integer-model file: a nested master (and a plain integer model)
 * saved and loaded computes bit for bit what the in-memory model computes
 * at every width, on the reference and the wasm backend; the file holds the
 * weights once, at their storage precision; and bad files are refused with
 * the file and the field named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randu, Rng, setBackend, tensor, type Tensor } from '../../../src/engine/index.js';
import {
  buildNestedModel,
  decodeQuantizedModel,
  encodeQuantizedModel,
  loadQuantizedModel,
  MAX_QUANTIZED_MODEL_BYTES,
  quantizedSize,
  quantizeModel,
  saveQuantizedModel,
  type QuantizedModel,
} from '../../../src/compress/integer/index.js';
import { FileFormatError } from '../../../src/io/index.js';
import { BatchNorm2d, Conv2d, ReLU, Residual, Sequential, type Module } from '../../../src/nn/index.js';
import { decodeSafetensors, encodeSafetensors, type NamedArrays, type SafetensorsMetadata } from '../../../src/train/safetensors.js';
import { fuzzReader } from '../../helpers/fuzz.js';
import { int8Output, makeModel, normalBatches, settleBatchNorm, SMALL_ZOO, wasmUnavailable, type SmallModel } from './helpers.js';

function settled(m: SmallModel, seed: number) {
  const model = makeModel(m);
  const rng = new Rng(seed);
  settleBatchNorm(model, rng, m.inputShape);
  return { model, rng, batches: normalBatches(rng, m.inputShape, 2, 16) };
}

/** Every width's int8 output (before DequantizeOutput) and float output, in width order. */
function outputsByWidth(q: QuantizedModel, x: Tensor): { int8: number[]; float: number[] }[] {
  const widths = q.info.precision?.widths ?? [null];
  return widths.map((b) => {
    if (b !== null) q.setBits(b);
    return { int8: int8Output(q, x), float: Array.from(q.call(x).toArray()) };
  });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ew-model-file-'));
}

const HAS_WASM = wasmUnavailable() === undefined;

for (const m of SMALL_ZOO) {
  test(`${m.name}: a saved nested master loads bit-identical at every width, on the reference${HAS_WASM ? ' and wasm' : ''} backend`, async () => {
    const dir = tempDir();
    const built = HAS_WASM ? 'wasm' : 'reference';
    setBackend(built);
    try {
      const { model, rng, batches } = settled(m, 11);
      const nested = buildNestedModel(model, batches, { inputShape: m.inputShape });
      const x = tensor(randu([8, ...m.inputShape], rng, -3, 3).toArray(), [8, ...m.inputShape]);
      const want = outputsByWidth(nested, x);
      assert.notDeepEqual(want[0]!.int8, want[2]!.int8, 'the widths compute different outputs');
      nested.setBits(4); // saving does not depend on the active width
      const path = join(dir, 'master.safetensors');
      await saveQuantizedModel(nested, path);
      assert.deepEqual(readdirSync(dir), ['master.safetensors'], 'no temporary file is left behind');

      for (const backend of HAS_WASM ? ['wasm', 'reference'] : ['reference']) {
        setBackend(backend);
        const loaded = await loadQuantizedModel(path);
        assert.ok([...loaded.stateDict().values()].every((t) => t.backend.name === backend), `every tensor loads onto ${backend}`);
        assert.equal(loaded.bits, 8, 'a loaded nested model starts at the master width');
        assert.deepEqual(loaded.info.precision?.widths, [8, 4, 2]);
        const xb = tensor(x.toArray(), x.shape);
        const got = outputsByWidth(loaded, xb);
        got.forEach((g, i) => {
          assert.deepEqual(g.int8, want[i]!.int8, `${backend}: int8 outputs at ${[8, 4, 2][i]} bits`);
          assert.deepEqual(g.float, want[i]!.float, `${backend}: float outputs at ${[8, 4, 2][i]} bits`);
        });
        assert.throws(() => loaded.setBits(3), /3 is not one of this model's bit widths/);
        // The rest of the model's record survives too.
        assert.equal(loaded.info.source, nested.info.source);
        assert.deepEqual(loaded.info.inputShape, nested.info.inputShape);
        assert.deepEqual(loaded.info.weightBits, nested.info.weightBits);
        assert.deepEqual(loaded.info.calibrations, nested.info.calibrations);
        loaded.setBits(4);
        nested.setBits(4);
        assert.deepEqual(quantizedSize(loaded), quantizedSize(nested));
        loaded.dispose();
      }
    } finally {
      setBackend('reference');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a plain model with packed int4/int2 and blockwise layers round-trips bit-identical', () => {
  const m = SMALL_ZOO[0]!; // resnet8: residual blocks, a 1×1 shortcut, global pool
  const { model, rng, batches } = settled(m, 12);
  const weightBits = { 'stem.conv': 4, 'stack1.main.conv1': 2, fc: 4 } as const;
  const q = quantizeModel(model, batches, { inputShape: m.inputShape, weightBits, groupSize: 4 });
  const bytes = encodeQuantizedModel(q);
  const back = decodeQuantizedModel(bytes, 'plain.safetensors');
  const x = randu([8, ...m.inputShape], rng, -3, 3);
  assert.equal(back.info.precision, null);
  assert.deepEqual(outputsByWidth(back, x), outputsByWidth(q, x));
  assert.deepEqual(back.info.weightBits, q.info.weightBits);
  assert.deepEqual(back.info.calibrations, q.info.calibrations);
  assert.deepEqual(quantizedSize(back), quantizedSize(q));
  const names = [...decodeSafetensors(bytes, 'x').tensors.keys()];
  assert.ok(names.includes('stack1.main.conv2.block_multiplier'), 'the blockwise layers carry their block rescale');
  // The reloaded calibration is the original's: it rebuilds the same model through quantizeModel.
  const rebuilt = quantizeModel(model, [], { inputShape: m.inputShape, weightBits, groupSize: 4, calibrated: back.info.calibrations[0]! });
  assert.deepEqual(int8Output(rebuilt, x), int8Output(q, x));
});

test('a float model whose root is not a Sequential (or whose only child is called model) round-trips with its calibration record', () => {
  const rng = new Rng(16);
  const block = () => new Sequential({ conv: new Conv2d(4, 4, 3, { padding: 1 }), bn: new BatchNorm2d(4), relu: new ReLU() });
  const roots: [string, Module][] = [
    ['a Residual root', new Residual(block(), { activation: new ReLU() })],
    ['a Sequential whose only child is "model"', new Sequential({ model: new Conv2d(4, 4, 3, { padding: 1 }) })],
  ];
  for (const [what, root] of roots) {
    settleBatchNorm(root, rng, [4, 6, 6]);
    const nested = buildNestedModel(root, normalBatches(rng, [4, 6, 6], 2, 8), { inputShape: [4, 6, 6] });
    const back = decodeQuantizedModel(encodeQuantizedModel(nested), 'root.safetensors');
    const x = randu([4, 4, 6, 6], rng, -2, 2);
    assert.deepEqual(outputsByWidth(back, x), outputsByWidth(nested, x), what);
    assert.deepEqual(back.info.calibrations, nested.info.calibrations, what);
    assert.deepEqual(back.info.weightBits, nested.info.weightBits, what);
  }
});

test('the file holds the weights once at their storage precision, readable by any safetensors reader', () => {
  const m = SMALL_ZOO[1]!;
  const { model, batches } = settled(m, 13);
  const nested = buildNestedModel(model, batches, { inputShape: m.inputShape });
  const bytes = encodeQuantizedModel(nested);
  const { tensors, metadata } = decodeSafetensors(bytes, 'x');
  assert.equal(metadata['format'], 'edgewatt-quantized-model');
  assert.equal(metadata['version'], '1');
  const weights = [...tensors].filter(([k]) => k.endsWith('.weight'));
  assert.ok(weights.every(([, t]) => t.dtype === 'int8'));
  const size = quantizedSize(nested);
  assert.equal(weights.reduce((n, [, t]) => n + t.data.length, 0), size.weightBytes, 'the int8 master alone, for all three widths');
  // Per width, five per-channel arrays of 4 bytes beyond the size account's 16 (bias_q and bias_float), and the JSON header.
  assert.ok(bytes.length < size.totalBytes * 1.6 + 8192, `${bytes.length} bytes for ${size.totalBytes} held`);
  assert.ok(tensors.has('block1.conv.bias_w4') && tensors.has('block1.conv.multiplier_w2') && !tensors.has('block1.conv.bias'));
});

// ---------------------------------------------------------------- bad files

let cached: Uint8Array | undefined;
function cnn1dMasterBytes(): Uint8Array {
  if (cached) return cached;
  const m = SMALL_ZOO[1]!;
  const { model, batches } = settled(m, 14);
  cached = encodeQuantizedModel(buildNestedModel(model, batches, { inputShape: m.inputShape }));
  return cached;
}

/** Re-encodes the master with its tensors, metadata or structure edited. */
function edited(edit: (t: NamedArrays, meta: SafetensorsMetadata, json: Record<string, any>) => void): Uint8Array {
  const { tensors, metadata } = decodeSafetensors(cnn1dMasterBytes(), 'x');
  const json = JSON.parse(metadata['model']!);
  edit(tensors, metadata, json);
  if (metadata['model'] !== undefined) metadata['model'] = JSON.stringify(json);
  return encodeSafetensors(tensors, metadata);
}

function refused(bytes: Uint8Array, field: string | RegExp, problem: RegExp): void {
  assert.throws(
    () => decodeQuantizedModel(bytes, 'bad.safetensors'),
    (e: unknown) => {
      assert.ok(e instanceof FileFormatError, `a FileFormatError, got ${String(e)}`);
      assert.equal(e.file, 'bad.safetensors');
      if (typeof field === 'string') assert.equal(e.field, field);
      else assert.match(e.field, field);
      assert.match(e.problem, problem);
      return true;
    },
  );
}

test('a truncated, empty or garbage file is refused naming the file', async () => {
  const bytes = cnn1dMasterBytes();
  for (const cut of [0, 5, 8, 100, bytes.length - 1]) refused(bytes.subarray(0, cut), /header length|data buffer|tensor/, /truncated|bytes/);
  refused(new Uint8Array(64).fill(0x41), /header/, /./);
  const dir = tempDir();
  try {
    await assert.rejects(loadQuantizedModel(join(dir, 'none.safetensors')), /none\.safetensors: not found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong format or version is refused with the metadata field', () => {
  // A float checkpoint is a safetensors file too, without the tag.
  const checkpoint = encodeSafetensors(new Map([['fc.weight', { dtype: 'float32', shape: [2], data: new Float32Array(2) }]]));
  refused(checkpoint, '__metadata__.format', /is missing; expected "edgewatt-quantized-model".*loadCheckpoint/);
  refused(edited((_t, meta) => void (meta['format'] = 'edgewatt-checkpoint')), '__metadata__.format', /"edgewatt-checkpoint"/);
  refused(edited((_t, meta) => void (meta['version'] = '2')), '__metadata__.version', /"2" is not supported; this Edgewatt reads version 1 \(the file is newer: upgrade Edgewatt\)/);
  refused(edited((_t, meta) => void delete meta['model']), '__metadata__.model', /is missing/);
  refused(edited((_t, meta, json) => void (json.widths = [4, 2])), 'model.widths', /must include 8/);
  refused(edited((_t, meta, json) => void (json.body[0].node.children[0].node.params[1].input.zeroPoint = 300)), 'model.body.0.node.children.0.node.params.1.input.zeroPoint', /less than or equal to 127/);
});

test('a missing, extra, mistyped or misshapen tensor is refused with its name', () => {
  refused(edited((t) => void t.delete('block1.conv.shift_w4')), 'tensor "block1.conv.shift_w4"', /is missing; expected int32 \[\d+\]/);
  refused(edited((t) => void t.set('block1.conv.extra', { dtype: 'int8', shape: [1], data: new Int8Array(1) })), 'tensor "block1.conv.extra"', /belongs to no layer/);
  refused(edited((t) => {
    const b = t.get('block1.conv.bias_w2')!;
    t.set('block1.conv.bias_w2', { dtype: 'float32', shape: b.shape, data: new Float32Array(b.data.length) });
  }), 'tensor "block1.conv.bias_w2".dtype', /is float32, expected int32/);
  refused(edited((t) => {
    const w = t.get('block1.conv.weight')!;
    t.set('block1.conv.weight', { dtype: 'int8', shape: [w.data.length], data: w.data });
  }), 'tensor "block1.conv.weight".shape', /expected \[\d+, 3, \d+\]/);
  refused(edited((t) => void (t.get('fc.shift_w8')!.data[0] = 99)), 'tensor "fc.shift_w8"', /element 0 is 99; a requantize shift is in \[-31, 30\]/);
});

test('a structure whose layers do not fit together is refused with the field', () => {
  const fc = (json: Record<string, any>) => json.body.find((c: { name: string }) => c.name === 'fc').node;
  refused(edited((_t, _m, json) => void (json.body[1].node.children[0].node.inChannels = 4)), 'model.body.1.node.children.0.node.inChannels', /is 4, but weights \[32, 16, 3\] in 1 group take 16 input channels/);
  refused(edited((_t, _m, json) => void fc(json).params.pop()), /^model\.body\.\d+\.node\.params$/, /holds 2 parameter sets, the model has 3/);
  refused(edited((_t, _m, json) => void (json.body[0].node.children[0].node.weights.storage = 'int4-packed')), /^tensor|model/, /./);
  refused(edited((_t, _m, json) => void (json.inputShape = [3, 4096, 4096])), 'model.inputShape', /more than the 16777216 elements/);
});

test('mutated files load or are refused with a FileFormatError, never anything else', async () => {
  const seed = cnn1dMasterBytes();
  const report = await fuzzReader('integer-model file', {
    seeds: [seed],
    read: (bytes) => {
      const q = decodeQuantizedModel(bytes, 'fuzz.safetensors');
      q.dispose();
    },
    allowed: [FileFormatError],
    count: 300,
    seed: 5,
    perInputMs: 2000,
  });
  assert.equal(report.inputs, 300);
  assert.ok(report.rejected > 0, JSON.stringify(report));
});

test('a file above the size limit is refused before it is read', async () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'huge.safetensors');
    writeFileSync(path, cnn1dMasterBytes());
    truncateSync(path, MAX_QUANTIZED_MODEL_BYTES + 1); // sparse: nothing is written
    await assert.rejects(loadQuantizedModel(path), (e: unknown) => e instanceof FileFormatError && e.field === 'size' && e.file === path && /more than the 1073741824/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
