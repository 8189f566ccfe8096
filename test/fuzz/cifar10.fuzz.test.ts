/**
 * Mutation fuzzing of the CIFAR-10 binary parser and the meta-file parser:
 * any input either parses or is a FileFormatError (see test/helpers/fuzz.ts).
 * The seed is a real-layout 5-record batch from the synthetic writer's
 * encoder, so mutations hit labels, record boundaries and the tail.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/random.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { parseCifar10Batch, parseCifar10Meta } from '../../src/data/cifar10.js';
import { cifar10ClassNames, encodeCifar10Batch, synthesizeCifar10Image } from '../../src/data/synthetic-cifar10.js';
import { fuzzReader } from '../helpers/fuzz.js';

test('parseCifar10Batch: 1,500 mutated 5-record batches parse or throw FileFormatError', async () => {
  const rng = new Rng(10);
  const labels = [0, 3, 9, 4, 7];
  const seed = encodeCifar10Batch(labels, labels.map((y) => synthesizeCifar10Image(y, rng)));
  const report = await fuzzReader('cifar10 batch', {
    seeds: [seed, seed.subarray(0, 3073)],
    read: (bytes) => {
      const r = parseCifar10Batch(bytes, 'fuzz.bin');
      // What parses must be self-consistent, not merely not throw.
      assert.equal(r.pixels.length, r.count * 3072);
      assert.ok(r.labels.every((y) => y <= 9));
    },
    allowed: [FileFormatError],
    count: 1500,
    seed: 3,
    perInputMs: 500,
  });
  assert.equal(report.inputs, 1500);
  assert.ok(report.rejected > 0 && report.accepted > 0, `expected both outcomes, got ${JSON.stringify(report)}`);
});

test('parseCifar10Meta: 1,000 mutated meta files parse to 10 names or throw FileFormatError', async () => {
  const seed = new TextEncoder().encode(cifar10ClassNames.join('\n') + '\n\n');
  const decoder = new TextDecoder();
  const report = await fuzzReader('cifar10 meta', {
    seeds: [seed],
    read: (bytes) => assert.equal(parseCifar10Meta(decoder.decode(bytes), 'batches.meta.txt').length, 10),
    allowed: [FileFormatError],
    count: 1000,
    seed: 4,
  });
  assert.ok(report.rejected > 0 && report.accepted > 0, `expected both outcomes, got ${JSON.stringify(report)}`);
});
