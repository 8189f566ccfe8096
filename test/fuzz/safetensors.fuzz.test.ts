/**
 * Fuzz: 1,500 mutated safetensors files (and checkpoint manifests) must be
 * either decoded or rejected with a FileFormatError — never a RangeError from
 * a typed array, a JSON SyntaxError, or a hang.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { decodeSafetensors, encodeSafetensors, type NamedArrays } from '../../src/train/safetensors.js';
import { parseManifest } from '../../src/train/checkpoint.js';
import { fuzzReader } from '../helpers/fuzz.js';

function sample(): Uint8Array {
  const arrays: NamedArrays = new Map();
  arrays.set('conv.weight', { dtype: 'float32', shape: [2, 3, 1, 1], data: Float32Array.from([1, -2, 3, -4, 5, -6]) });
  arrays.set('fc.bias', { dtype: 'float64', shape: [3], data: Float64Array.from([0.5, 0.25, 0.125]) });
  arrays.set('q.weight', { dtype: 'int8', shape: [4], data: Int8Array.from([-128, -1, 0, 127]) });
  arrays.set('steps', { dtype: 'int32', shape: [], data: Int32Array.from([7]) });
  return encodeSafetensors(arrays);
}

test('safetensors fuzz: 1500 mutations decode or raise FileFormatError only', async () => {
  const seeds = [sample(), encodeSafetensors(new Map())];
  const report = await fuzzReader('safetensors', {
    seeds,
    count: 1500,
    seed: 11,
    allowed: [FileFormatError],
    read: (bytes) => decodeSafetensors(bytes, 'fuzz.safetensors'),
  });
  assert.equal(report.inputs, 1500);
  // A fuzzer that never gets past the checks, or never trips them, is not testing anything.
  assert.ok(report.rejected > 500, `only ${report.rejected} rejections: mutations are too gentle`);
  assert.ok(report.accepted > 0, 'no mutation was accepted: the seeds themselves may be invalid');
});

test('checkpoint manifest fuzz: 1000 mutations parse or raise FileFormatError only', async () => {
  const manifest = JSON.stringify({
    format: 'edgewatt-checkpoint', version: 1, model: { name: 'cnn1d', config: { width: 16, seed: 0 } },
    training: { epoch: 3 }, createdAt: '2026-01-01T00:00:00.000Z', weights: { bytes: 1234, sha256: 'a'.repeat(64) },
  });
  const report = await fuzzReader('model.json', {
    seeds: [new TextEncoder().encode(manifest)],
    count: 1000,
    seed: 12,
    allowed: [FileFormatError],
    read: (bytes) => parseManifest(bytes, 'fuzz/model.json'),
  });
  assert.ok(report.rejected > 0 && report.accepted > 0, JSON.stringify(report));
});
