/**
 * Mutation fuzzing of decodeJpeg: jpeg-js throws plain Errors (and a corrupt
 * stream can raise TypeErrors from inside it); whatever happens, the wrapper
 * must return a consistent image or throw a FileFormatError. Seeds are small
 * (16 x 16 and 8 x 24 colour from jpeg-js's encoder, and the hand-built
 * 8 x 8 greyscale file) so 2,000 inputs take well under a second.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { decodeJpeg } from '../../src/data/jpeg-decode.js';
import { fuzzReader } from '../helpers/fuzz.js';
import { gradientJpeg, greyJpeg8x8 } from './jpeg-fixtures.js';

for (const [name, limits] of [
  ['default limits', {}],
  // The small limit a dataset loader of 64 x 64 images could use: a mutated
  // frame header claiming a large image is then refused before allocation.
  ['a 256 x 256 pixel limit', { maxPixels: 256 * 256, maxMemoryBytes: 4 * 1024 * 1024 }],
] as const) {
  test(`decodeJpeg with ${name}: 2,000 mutated JPEGs decode consistently or throw FileFormatError`, async () => {
    const report = await fuzzReader(`jpeg (${name})`, {
      seeds: [gradientJpeg(16, 16), gradientJpeg(8, 24, 50), greyJpeg8x8()],
      read: (bytes) => {
        const img = decodeJpeg(bytes, 'fuzz.jpeg', limits);
        assert.equal(img.rgb.length, img.width * img.height * 3);
      },
      allowed: [FileFormatError],
      count: 2000,
      seed: name.length,
      perInputMs: 1500,
    });
    assert.ok(report.rejected > 0 && report.accepted > 0, `expected both outcomes, got ${JSON.stringify(report)}`);
  });
}
