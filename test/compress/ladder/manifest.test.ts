import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatLadderTable } from '../../../src/compress/ladder/format-ladder.js';
import { parseLadderManifest, readLadder, sha256Hex, writeLadderManifest } from '../../../src/compress/ladder/manifest-file.js';
import type { LadderManifest, LadderVariant } from '../../../src/compress/ladder/manifest.js';
import { FileFormatError } from '../../../src/io/index.js';

function variant(id: string, kind: LadderVariant['kind'], file: string, bytes: Uint8Array, extra: Partial<LadderVariant> = {}): LadderVariant {
  return {
    id, kind, file, sha256: sha256Hex(bytes), weightBytes: bytes.length, fileBytes: bytes.length, params: 100, macs: 1000,
    macsByPrecision: kind === 'fp32' ? { float32: 1000 } : { int8: 1000 },
    quality: { metric: 'top1', value: kind === 'fp32' ? 0.9 : 0.895, samples: 200, dataset: 'har val' },
    latency: [{ medianMs: 0.25, runs: 50, batch: 1, backend: 'onnxruntime-node', machine: 'test' }],
    recipe: {}, ...extra,
  };
}

function ladderIn(dir: string): LadderManifest {
  const a = new Uint8Array(400).fill(1);
  const b = new Uint8Array(100).fill(2);
  writeFileSync(join(dir, 'fp32.onnx'), a);
  writeFileSync(join(dir, 'int8.onnx'), b);
  return {
    format: 'edgewatt-ladder', version: 1,
    model: { name: 'cnn1d', inputShape: [3, 26], inputName: 'input', outputName: 'output', numClasses: 3, task: 'har' },
    createdAt: '2026-11-21T10:00:00.000Z',
    variants: [variant('fp32', 'fp32', 'fp32.onnx', a), variant('int8', 'int8', 'int8.onnx', b, { derivedFrom: 'fp32', recipe: { calibration: 'minmax' } })],
  };
}

test('a written ladder reads back equal, with its files verified', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ew-ladder-'));
  try {
    const m = ladderIn(dir);
    writeLadderManifest(dir, m);
    const back = readLadder(dir);
    assert.deepEqual(back.manifest, m);
    const table = formatLadderTable(back.manifest);
    assert.match(table, /int8 +int8 +top1 89\.50% +-0\.50 pt +100 B +4\.00×/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed or missing variant file and a bad field are refused with the field path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ew-ladder-'));
  try {
    writeLadderManifest(dir, ladderIn(dir));
    writeFileSync(join(dir, 'int8.onnx'), new Uint8Array(100).fill(3));
    assert.throws(() => readLadder(dir), (e: unknown) => e instanceof FileFormatError && e.field === 'variants.1.sha256' && /changed after the ladder was built/.test(e.message));
    rmSync(join(dir, 'int8.onnx'));
    assert.throws(() => readLadder(dir), /variants\.1\.file.*missing/);
    const json = JSON.parse(readFileSync(join(dir, 'ladder.json'), 'utf8'));
    json.variants[1].weightBytes = -1;
    assert.throws(() => parseLadderManifest(json, 'x.json'), (e: unknown) => e instanceof FileFormatError && e.field === 'variants.1.weightBytes');
    json.variants[1].weightBytes = 1;
    json.variants[1].derivedFrom = 'nope';
    assert.throws(() => parseLadderManifest(json, 'x.json'), /variants\.1\.derivedFrom.*names no variant/);
    json.variants[1].derivedFrom = 'fp32';
    json.variants[1].file = '../escape.onnx';
    assert.throws(() => parseLadderManifest(json, 'x.json'), /variants\.1\.file.*inside the ladder folder/);
    assert.throws(() => readLadder(join(dir, 'nothing-here')), /no ladder manifest here/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
