import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import jpeg from 'jpeg-js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { decodeJpeg } from '../../src/data/jpeg-decode.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';
import { gradientJpeg, greyJpeg8x8, greyJpegLevel } from '../fuzz/jpeg-fixtures.js';

function isFormatError(expected: Partial<Record<'file' | 'field' | 'offset', unknown>>, problem?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof FileFormatError, `expected a FileFormatError, got ${String(err)}`);
    for (const [k, v] of Object.entries(expected)) assert.equal((err as unknown as Record<string, unknown>)[k], v, `field ${k}`);
    if (problem) assert.match(err.problem, problem);
    return true;
  };
}

test('decodeJpeg returns interleaved RGB at the encoded size, within JPEG loss of the drawn pixels', () => {
  // Four flat quadrants, so the 8 x 8 DCT blocks are constant and quality-100 loss is a level or two.
  const w = 16, h = 16;
  const colours = [[200, 30, 40], [20, 180, 60], [30, 40, 220], [250, 250, 250]];
  const rgba = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([...colours[(y < 8 ? 0 : 2) + (x < 8 ? 0 : 1)]!, 255], 4 * (y * w + x));
  const img = decodeJpeg(new Uint8Array(jpeg.encode({ data: rgba, width: w, height: h }, 100).data), 'quadrants.jpeg');
  assert.equal(img.width, 16);
  assert.equal(img.height, 16);
  assert.equal(img.rgb.length, 16 * 16 * 3);
  for (const [x, y, colour] of [[3, 3, 0], [12, 4, 1], [4, 12, 2], [12, 12, 3]] as const) {
    for (let c = 0; c < 3; c++) {
      const got = img.rgb[3 * (y * w + x) + c]!;
      assert.ok(Math.abs(got - colours[colour]![c]!) <= 3, `pixel (${x}, ${y}) channel ${c}: ${got} vs ${colours[colour]![c]}`);
    }
  }
});

test('a 1-component (greyscale) JPEG comes back as RGB with the grey level in all three channels', () => {
  const img = decodeJpeg(greyJpeg8x8(), 'grey.jpeg');
  assert.equal(img.width, 8);
  assert.equal(img.height, 8);
  assert.deepEqual(img.rgb, new Uint8Array(8 * 8 * 3).fill(greyJpegLevel));
});

test('bytes that are not a JPEG fail at the SOI marker, naming the file', () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.throws(() => decodeJpeg(png, 'photo.JPEG'), isFormatError({ file: 'photo.JPEG', field: 'SOI marker', offset: 0 }, /expected a JPEG file starting with FF D8, got 89 50/));
  assert.throws(() => decodeJpeg(new Uint8Array(0), 'empty.JPEG'), isFormatError({ file: 'empty.JPEG', field: 'SOI marker' }, /got nothing/));
});

test('a truncated or damaged stream is a FileFormatError carrying jpeg-js\'s reason', () => {
  const good = gradientJpeg(16, 16);
  assert.throws(() => decodeJpeg(good.subarray(0, 40), 'cut.JPEG'), isFormatError({ file: 'cut.JPEG', field: 'JPEG stream' }, /not a decodable baseline\/progressive JPEG: /));
  // Zero the Huffman table counts: jpeg-js fails to rebuild the table (a plain Error inside it).
  const damaged = good.slice();
  const dht = damaged.findIndex((b, i) => b === 0xff && damaged[i + 1] === 0xc4);
  damaged.fill(0, dht + 5, dht + 21);
  assert.throws(() => decodeJpeg(damaged, 'dht.JPEG'), isFormatError({ file: 'dht.JPEG', field: 'JPEG stream' }));
});

test('an image above the pixel limit is refused before it is decoded', () => {
  const big = gradientJpeg(64, 64);
  assert.equal(decodeJpeg(big, 'ok.JPEG', { maxPixels: 64 * 64 }).width, 64);
  assert.throws(() => decodeJpeg(big, 'big.JPEG', { maxPixels: 1000 }), isFormatError({ file: 'big.JPEG', field: 'JPEG stream' }, /maxResolutionInMP/));
  assert.throws(() => decodeJpeg(big, 'big.JPEG', { maxMemoryBytes: 4096 }), isFormatError({ file: 'big.JPEG' }, /maxMemoryUsageInMB/));
  assert.throws(() => decodeJpeg(big, 'x', { maxPixels: 0 }), RangeError);
});

const greyFile = ['tiny-imagenet-200', 'train', 'n01644900', 'images', 'n01644900_75.JPEG'] as const;
test('real Tiny-ImageNet greyscale JPEG (n01644900_75) decodes to 64 x 64 with R = G = B', { skip: skipUnlessShared(...greyFile) }, () => {
  const bytes = new Uint8Array(readFileSync(sharedDataPath(...greyFile)));
  // Its SOF0 frame header declares one component (byte 9 of the segment, T.81 B.2.2).
  const sof = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xc0);
  assert.equal(bytes[sof + 9], 1, 'the fixture is a 1-component JPEG');
  const img = decodeJpeg(bytes, 'n01644900_75.JPEG');
  assert.equal(img.width, 64);
  assert.equal(img.height, 64);
  let spread = 0;
  for (let p = 0; p < 64 * 64; p++) {
    assert.equal(img.rgb[3 * p], img.rgb[3 * p + 1]);
    assert.equal(img.rgb[3 * p], img.rgb[3 * p + 2]);
    spread = Math.max(spread, img.rgb[3 * p]!);
  }
  assert.ok(spread > 0, 'not a blank image');
});
