/**
 * A ladder built with the 'nested' mode saves its nested master once
 * (nestedMasters in the manifest, pinned by size and SHA-256, its widths the
 * 'nested' rungs), and openNestedMaster serves it later from the file alone:
 * each width computes what the freshly built master computes, with the
 * quality measured on its rung. Tampered files, a mismatched master and a
 * ladder without one are refused naming the manifest field; manifests
 * without masters stay valid.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noGrad, Rng, tensor, tidy } from '../../src/engine/index.js';
import { buildNestedModel, encodeQuantizedModel, quantizeModel } from '../../src/compress/integer/index.js';
import { buildLadder } from '../../src/compress/ladder/build-ladder.js';
import { formatLadderTable } from '../../src/compress/ladder/format-ladder.js';
import { parseLadderManifest, readLadder, sha256Hex } from '../../src/compress/ladder/manifest-file.js';
import type { LadderManifest } from '../../src/compress/ladder/manifest.js';
import { FileFormatError } from '../../src/io/index.js';
import type { Batch } from '../../src/train/index.js';
import { nestedVariantId } from '../../src/runtime/nested-executor.js';
import { findNestedMaster, nestedMasterQuality, openNestedMaster, openNestedMasterWithModel } from '../../src/runtime/nested-master.js';
import { makeModel, settleBatchNorm, sinusoidTask, SMALL_ZOO } from '../compress/integer/helpers.js';
import { tinyLadder } from './helpers.js';

const CNN1D = SMALL_ZOO[1]!;

function batches(n: number, size: number, rng: Rng): Batch[] {
  return Array.from({ length: n }, () => {
    const { x, y } = sinusoidTask(size, rng);
    return { x, y, shape: [size, ...CNN1D.inputShape], size };
  });
}

/** A real ladder of a settled cnn1d: fp32, int8 and the nested master's three widths. */
async function nestedLadder() {
  const rng = new Rng(21);
  const model = makeModel(CNN1D);
  settleBatchNorm(model, rng, CNN1D.inputShape);
  const calibration = batches(2, 16, rng);
  const dir = mkdtempSync(join(tmpdir(), 'ew-nested-ladder-'));
  const result = await buildLadder({
    name: 'cnn1d', task: 'har', inputShape: CNN1D.inputShape, numClasses: 3, loadModel: () => model,
    train: [], calibration, val: batches(2, 32, rng), datasetLabel: 'synthetic sinusoids', outDir: dir,
    quantize: ['int8', 'nested'], timeLatency: false, createdAt: '2026-11-22T10:00:00.000Z',
  });
  return { dir, result, model, calibration };
}

test('the ladder saves one nested master, and openNestedMaster serves its widths bit-identical with their rung quality', async () => {
  const { dir, result, model, calibration } = await nestedLadder();
  try {
    const m = result.manifest;
    assert.deepEqual(m.variants.map((v) => v.id), ['fp32', 'int8', 'nested-int8', 'nested-int4', 'nested-int2']);
    assert.equal(m.nestedMasters?.length, 1);
    const master = m.nestedMasters![0]!;
    assert.deepEqual({ ...master, sha256: '', fileBytes: 0 }, { id: 'nested', derivedFrom: 'fp32', file: 'nested.safetensors', sha256: '', fileBytes: 0, widths: [8, 4, 2] });
    const bytes = readFileSync(join(dir, master.file));
    assert.equal(master.fileBytes, bytes.length);
    assert.equal(master.sha256, sha256Hex(bytes));
    for (const b of [8, 4, 2]) {
      const v = m.variants.find((x) => x.id === `nested-int${b}`)!;
      assert.deepEqual([v.kind, v.nestedBits, v.nestedMaster, v.file], ['nested', b, 'nested', `nested-int${b}.onnx`]);
      assert.deepEqual(v.macsByPrecision, { [`int${b}`]: v.macs });
    }
    assert.deepEqual(readLadder(dir).manifest, m, 'the written manifest reads back and its files verify');
    assert.match(formatLadderTable(m), /nested master nested: nested\.safetensors, [\d.]+ KiB, 8\/4\/2-bit widths \(rungs nested-int8, nested-int4, nested-int2\)/);

    const { executor, model: loaded } = await openNestedMasterWithModel(dir);
    assert.deepEqual(executor.variantIds, ['nested-int8', 'nested-int4', 'nested-int2']);
    const fresh = buildNestedModel(model, calibration.map((c) => tensor(c.x, c.shape)), { inputShape: CNN1D.inputShape, calibration: 'minmax', biasCorrection: true, bits: [8, 4, 2] });
    const x = Float32Array.from(calibration[0]!.x.subarray(0, 78));
    for (const b of [8, 4, 2]) {
      const id = nestedVariantId(b);
      assert.equal(executor.qualityOf(id), m.variants.find((v) => v.id === id)!.quality!.value);
      await executor.select(id);
      assert.equal(loaded.bits, b);
      fresh.setBits(b);
      const want = tidy(() => noGrad(() => fresh.call(tensor(x, [1, ...CNN1D.inputShape])).toArray()));
      assert.deepEqual(await executor.run(x), want, `${b} bits`);
    }
    await executor.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed, truncated or missing master file is refused with its manifest field', async () => {
  const { dir } = await nestedLadder();
  try {
    const path = join(dir, 'nested.safetensors');
    const bytes = new Uint8Array(readFileSync(path));
    const isField = (field: string, problem: RegExp) => (e: unknown) => e instanceof FileFormatError && e.field === field && problem.test(e.message);
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(path, bytes);
    await assert.rejects(openNestedMaster(dir), isField('nestedMasters.0.sha256', /changed after the ladder was built/));
    truncateSync(path, 100);
    await assert.rejects(openNestedMaster(dir), isField('nestedMasters.0.fileBytes', /is 100 bytes, the manifest says \d+/));
    // Unverified, the truncated file itself is refused by the loader, naming the file.
    await assert.rejects(openNestedMaster(dir, { verifyFiles: false }), (e: unknown) => e instanceof FileFormatError && e.file === path);
    rmSync(path);
    await assert.rejects(openNestedMaster(dir), isField('nestedMasters.0.file', /names nested\.safetensors, which is missing/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a master file that is not the one the manifest describes is refused', async () => {
  const { dir, model, calibration } = await nestedLadder();
  try {
    const file = join(dir, 'ladder.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as LadderManifest;
    // A plain int8 model in the master's place, pinned as if it belonged there.
    const plain = encodeQuantizedModel(quantizeModel(model, calibration.map((c) => tensor(c.x, c.shape)), { inputShape: CNN1D.inputShape }));
    writeFileSync(join(dir, 'nested.safetensors'), plain);
    json.nestedMasters![0] = { ...json.nestedMasters![0]!, sha256: sha256Hex(plain), fileBytes: plain.length };
    writeFileSync(file, JSON.stringify(json));
    await assert.rejects(openNestedMaster(dir), (e: unknown) => e instanceof FileFormatError && e.field === 'nestedMasters.0.widths' && /is a plain integer model/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('manifests without masters stay valid; opening a master they lack says so', async () => {
  const { dir, manifest } = await tinyLadder();
  try {
    assert.equal(readLadder(dir).manifest.nestedMasters, undefined);
    await assert.rejects(openNestedMaster(dir), /this ladder has no nested master/);
    assert.deepEqual(nestedMasterQuality(manifest, 'nested'), new Map());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the manifest ties nested rungs to their master: unknown master, foreign width, duplicate width, wrong kind', () => {
  const sha = 'a'.repeat(64);
  const rung = (id: string, bits: number, extra: Record<string, unknown> = {}) => ({
    id, kind: 'nested', file: `${id}.onnx`, sha256: sha, weightBytes: 1, fileBytes: 1, params: 1, macs: 1, macsByPrecision: { int8: 1 },
    quality: { metric: 'top1', value: bits / 10, samples: 10, dataset: 'x' }, latency: [], recipe: {}, nestedBits: bits, nestedMaster: 'nested', ...extra,
  });
  const manifest = (variants: unknown[], masters: unknown = [{ id: 'nested', file: 'nested.safetensors', sha256: sha, fileBytes: 10, widths: [8, 4, 2] }]) => ({
    format: 'edgewatt-ladder', version: 1, model: { name: 'm', inputShape: [3, 26], inputName: 'input', outputName: 'output', task: 'har' },
    createdAt: '2026-11-22T10:00:00.000Z', variants, nestedMasters: masters,
  });
  const ok = parseLadderManifest(manifest([rung('a', 8), rung('b', 4)]), 'l.json');
  assert.deepEqual(nestedMasterQuality(ok, 'nested'), new Map([[8, 0.8], [4, 0.4]]));
  assert.equal(findNestedMaster(ok, 'l.json').master.id, 'nested');
  assert.throws(() => findNestedMaster(ok, 'l.json', 'other'), /no nested master "other"; the ladder has "nested"/);
  const refused = (json: unknown, field: string, problem: RegExp) =>
    assert.throws(() => parseLadderManifest(json, 'l.json'), (e: unknown) => e instanceof FileFormatError && e.field === field && problem.test(e.message));
  refused(manifest([rung('a', 8, { nestedMaster: 'other' })]), 'variants.0.nestedMaster', /names no entry of nestedMasters \("other"\)/);
  refused(manifest([rung('a', 3)]), 'variants.0.nestedBits', /3 is not a width of nested master "nested" \(8, 4, 2\)/);
  refused(manifest([rung('a', 4), rung('b', 4)]), 'variants.1.nestedBits', /already has a rung at 4 bits/);
  refused(manifest([rung('a', 8, { kind: 'int8' })]), 'variants.0.nestedMaster', /only a 'nested' variant/);
  refused(manifest([rung('a', 8)], [{ id: 'nested', file: '../x', sha256: sha, fileBytes: 1, widths: [8] }]), 'nestedMasters.0.file', /inside the ladder folder/);
  refused(manifest([rung('a', 8)], []), 'nestedMasters', /at least 1/);
});
