/** The decoded-image cache format behind loadTinyImageNet (src/data/image-cache.ts): round trip, field errors, fuzz. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/random.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { encodeImageCache, parseImageCache, type ImageCacheContent } from '../../src/data/image-cache.js';
import { fuzzReader } from '../helpers/fuzz.js';

function sample(count = 3, shape: [number, number, number] = [3, 4, 5]): ImageCacheContent {
  const rng = new Rng(count);
  const size = count * shape[0] * shape[1] * shape[2];
  return {
    shape,
    numClasses: 7,
    fingerprint: Uint8Array.from({ length: 32 }, (_, i) => i * 3),
    pixels: Uint8Array.from({ length: size }, () => rng.int(256)),
    labels: Int32Array.from({ length: count }, (_, i) => (i * 5) % 7),
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
}

test('encode then parse returns the same images, labels, shape and fingerprint; layout as documented', () => {
  const content = sample();
  const bytes = concat(encodeImageCache(content));
  assert.equal(bytes.length, 64 + 3 * 60 + 3 * 4);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), 'EWIMGCCH');
  const view = new DataView(bytes.buffer);
  assert.deepEqual([8, 12, 16, 20, 24, 28].map((at) => view.getUint32(at, true)), [1, 3, 3, 4, 5, 7]);
  assert.equal(view.getInt32(64 + 180 + 4, true), 5, 'labels[1] little-endian after the pixels');
  const back = parseImageCache(bytes, 'c.ewcache');
  assert.deepEqual(back.shape, content.shape);
  assert.equal(back.numClasses, 7);
  assert.deepEqual(back.fingerprint, content.fingerprint);
  assert.deepEqual(back.pixels, content.pixels);
  assert.deepEqual(back.labels, content.labels);
  assert.equal(parseImageCache(concat(encodeImageCache(sample(0))), 'empty').labels.length, 0);
});

test('each damaged field is a FileFormatError with its name and byte offset', () => {
  const good = concat(encodeImageCache(sample()));
  const cases: [string, (b: Uint8Array) => Uint8Array, string, number, RegExp][] = [
    ['short', (b) => b.subarray(0, 40), 'header', 0, /shorter than the 64-byte header/],
    ['magic', (b) => (b[0] = 0x58, b), 'magic', 0, /expected "EWIMGCCH"/],
    ['version', (b) => (b[8] = 2, b), 'version', 8, /is 2, this reader understands version 1/],
    ['channels', (b) => (b.fill(0, 16, 20), b), 'channels', 16, /is 0, expected a positive integer/],
    ['huge count', (b) => (b.fill(0xff, 12, 16), b), 'count', 12, /more than the 2147483648-byte limit/],
    ['truncated', (b) => b.subarray(0, b.length - 1), 'length', 255, /file is 255 bytes, the header \(3 images of 3 x 4 x 5\) implies 256/],
    ['label', (b) => (b[64 + 180 + 8] = 7, b), 'labels[2]', 252, /is 7, expected a class index 0-6/],
  ];
  for (const [name, damage, field, offset, problem] of cases) {
    assert.throws(() => parseImageCache(damage(good.slice()), 'x.ewcache'), (e: unknown) => {
      assert.ok(e instanceof FileFormatError, name);
      assert.equal(e.file, 'x.ewcache', name);
      assert.equal(e.field, field, name);
      assert.equal(e.offset, offset, name);
      assert.match(e.problem, problem, name);
      return true;
    });
  }
});

test('parseImageCache: 1,000 mutated caches parse consistently or throw FileFormatError', async () => {
  const report = await fuzzReader('image cache', {
    seeds: [concat(encodeImageCache(sample(3))), concat(encodeImageCache(sample(1, [1, 2, 2])))],
    read: (bytes) => {
      const c = parseImageCache(bytes, 'fuzz.ewcache');
      assert.equal(c.pixels.length, c.labels.length * c.shape[0] * c.shape[1] * c.shape[2]);
    },
    allowed: [FileFormatError],
    count: 1000,
    seed: 8,
  });
  assert.ok(report.rejected > 0 && report.accepted > 0, `expected both outcomes, got ${JSON.stringify(report)}`);
});
