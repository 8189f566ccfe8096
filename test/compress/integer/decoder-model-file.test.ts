/**
 * Decoder-style models through the integer-model file: a nested master
 * with Unflatten and Upsample layers saves and loads bit-identical at
 * every width (reference and wasm), a plain low-bit model too, and a file
 * whose unflatten or upsampling does not fit its neighbours is refused
 * with the field named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randn, Rng, setBackend, tensor, type Tensor } from '../../../src/engine/index.js';
import {
  buildNestedModel,
  decodeQuantizedModel,
  encodeQuantizedModel,
  loadQuantizedModel,
  quantizedSize,
  quantizeModel,
  saveQuantizedModel,
  type QuantizedModel,
} from '../../../src/compress/integer/index.js';
import { FileFormatError } from '../../../src/io/index.js';
import { decodeSafetensors, encodeSafetensors } from '../../../src/train/safetensors.js';
import { DECODER_CASES, type DecoderCase } from './decoder-models.js';
import { int8Output, normalBatches, settleBatchNorm, wasmUnavailable } from './helpers.js';

const HAS_WASM = wasmUnavailable() === undefined;

function settled(c: DecoderCase, seed: number) {
  const rng = new Rng(seed);
  const model = c.build(rng);
  settleBatchNorm(model, rng, c.inputShape);
  return { model, rng, batches: normalBatches(rng, c.inputShape, 4, 64) };
}

/** Every width's int8 and float outputs, in width order. */
function outputsByWidth(q: QuantizedModel, x: Tensor): { int8: number[]; float: number[] }[] {
  const widths = q.info.precision?.widths ?? [null];
  return widths.map((b) => {
    if (b !== null) q.setBits(b);
    return { int8: int8Output(q, x), float: Array.from(q.call(x).toArray()) };
  });
}

for (const c of DECODER_CASES) {
  test(`${c.name}: a saved nested master loads bit-identical at 8, 4 and 2 bits, on the reference${HAS_WASM ? ' and wasm' : ''} backend`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ew-decoder-file-'));
    setBackend(HAS_WASM ? 'wasm' : 'reference');
    try {
      const { model, rng, batches } = settled(c, 31);
      const nested = buildNestedModel(model, batches, { inputShape: c.inputShape });
      const x = randn([8, ...c.inputShape], rng);
      const xs = x.toArray();
      const want = outputsByWidth(nested, x);
      assert.notDeepEqual(want[0]!.int8, want[2]!.int8, 'the widths compute different outputs');
      const path = join(dir, 'decoder.safetensors');
      await saveQuantizedModel(nested, path);
      for (const backend of HAS_WASM ? ['wasm', 'reference'] : ['reference']) {
        setBackend(backend);
        const loaded = await loadQuantizedModel(path);
        assert.deepEqual(loaded.namedModules().map(([p, m]) => `${p}:${m.typeName.replace(/\(.*\)/, '')}`), nested.namedModules().map(([p, m]) => `${p}:${m.typeName.replace(/\(.*\)/, '')}`));
        const got = outputsByWidth(loaded, tensor(xs, x.shape));
        got.forEach((g, i) => assert.deepEqual(g, want[i], `${backend}: outputs at ${[8, 4, 2][i]} bits`));
        assert.deepEqual(loaded.info.calibrations, nested.info.calibrations);
        loaded.dispose();
      }
    } finally {
      setBackend('reference');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a plain decoder with int4/int2 layers round-trips bit-identical', () => {
  const c = DECODER_CASES[2]!;
  const { model, rng, batches } = settled(c, 32);
  const q = quantizeModel(model, batches, { inputShape: c.inputShape, weightBits: { 'decoder.fc': 4, 'decoder.conv': 2, latent: 4 } });
  const back = decodeQuantizedModel(encodeQuantizedModel(q), 'plain.safetensors');
  const x = randn([8, ...c.inputShape], rng);
  assert.deepEqual(outputsByWidth(back, x), outputsByWidth(q, x));
  assert.deepEqual(quantizedSize(back), quantizedSize(q));
  assert.deepEqual(back.info.weightBits, q.info.weightBits);
});

/** The plain 1-D decoder's file with its structure edited. */
function editedDecoder(edit: (body: { name: string; node: Record<string, unknown> }[]) => void): Uint8Array {
  const c = DECODER_CASES[0]!;
  const { model, batches } = settled(c, 33);
  const { tensors, metadata } = decodeSafetensors(encodeQuantizedModel(quantizeModel(model, batches, { inputShape: c.inputShape })), 'x');
  const json = JSON.parse(metadata['model']!);
  edit(json.body);
  metadata['model'] = JSON.stringify(json);
  return encodeSafetensors(tensors, metadata);
}

function refused(bytes: Uint8Array, field: string, problem: RegExp): void {
  assert.throws(() => decodeQuantizedModel(bytes, 'bad.safetensors'), (e: unknown) => {
    assert.ok(e instanceof FileFormatError, `a FileFormatError, got ${String(e)}`);
    assert.equal(e.field, field);
    assert.match(e.problem, problem);
    return true;
  });
}

test('an unflatten or upsampling that does not fit its neighbours is refused with the field', () => {
  const node = (body: { name: string; node: Record<string, unknown> }[], name: string) => body.find((b) => b.name === name)!.node;
  // body: fc, unflatten, up1, conv, up2, out.
  refused(editedDecoder((b) => void (node(b, 'unflatten')['shape'] = [8, 5])), 'model.body.1.node.shape', /\[8, 5\] holds 40 features; an unflatten takes \[F\] per sample with F their product, the layer before gives \[48\]/);
  refused(editedDecoder((b) => void (node(b, 'unflatten')['shape'] = [])), 'model.body.1.node.shape', /at least 1/);
  refused(editedDecoder((b) => void (node(b, 'up1')['scaleFactor'] = 0)), 'model.body.2.node.scaleFactor', /greater than 0/);
  refused(editedDecoder((b) => void (node(b, 'up1')['scaleFactor'] = 1.5)), 'model.body.2.node.scaleFactor', /integer/);
  refused(editedDecoder((b) => void (node(b, 'up1')['scaleFactor'] = 2 ** 22)), 'model.body.2.node', /gives \[8, 25165824\] per sample, more than the 16777216 elements/);
  // An upsampling moved before the Unflatten sees [48].
  refused(editedDecoder((b) => void b.splice(1, 0, b.splice(2, 1)[0]!)), 'model.body.1.node', /an upsampling takes \[C, W\] or \[C, H, W\] per sample, the layer before gives \[48\]/);
});
