import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Rng } from '../../src/engine/random.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { parseCifar10Batch, parseCifar10Meta, streamCifar10Records, cifar10RecordBytes } from '../../src/data/cifar10.js';
import { loadCifar10 } from '../../src/data/cifar10-dataset.js';
import { cifar10ClassNames, encodeCifar10Batch, synthesizeCifar10Image, writeSyntheticCifar10 } from '../../src/data/synthetic-cifar10.js';

const root = mkdtempSync(join(tmpdir(), 'edgewatt-cifar-'));
after(() => rmSync(root, { recursive: true, force: true }));
let nextDir = 0;
function freshDir(): string {
  const dir = join(root, `d${nextDir++}`);
  mkdirSync(dir);
  return dir;
}

/** An image whose every byte is a known function of (channel, row, col), so any layout slip shows. */
function indexedImage(seed: number): Uint8Array {
  const img = new Uint8Array(3072);
  for (let c = 0; c < 3; c++) for (let r = 0; r < 32; r++) for (let q = 0; q < 32; q++) img[c * 1024 + r * 32 + q] = (seed + 7 * c + 3 * r + q) & 0xff;
  return img;
}

/** A batch file of `labels.length` indexed images plus a valid meta file; returns the folder. */
function writeBatch(labels: number[], name = 'data_batch_1.bin'): string {
  const dir = freshDir();
  writeFileSync(join(dir, name), encodeCifar10Batch(labels, labels.map((_, k) => indexedImage(k))));
  writeFileSync(join(dir, 'batches.meta.txt'), cifar10ClassNames.join('\n') + '\n\n\n');
  return dir;
}

async function expectFormatError(promise: Promise<unknown>, expected: Partial<FileFormatError>): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof FileFormatError, `expected a FileFormatError, got ${String(err)}`);
    for (const [k, v] of Object.entries(expected)) assert.equal((err as unknown as Record<string, unknown>)[k], v, `field ${k}`);
    return true;
  });
}

test('a record is 1 label byte then R, G, B planes of 32 x 32, row-major: the pixel at (c, row, col) is byte 1 + 1024c + 32row + col', () => {
  const img = new Uint8Array(3072);
  img[1 * 1024 + 2 * 32 + 3] = 77; // green, row 2, column 3
  img[2 * 1024 + 31 * 32 + 31] = 200; // blue, last pixel
  const bytes = encodeCifar10Batch([4, 9], [new Uint8Array(3072), img]);
  assert.equal(bytes.length, 2 * 3073);
  assert.equal(bytes[3073], 9);
  assert.equal(bytes[3073 + 1 + 1024 + 64 + 3], 77);
  assert.equal(bytes[2 * 3073 - 1], 200);
  const parsed = parseCifar10Batch(bytes, 'mem.bin');
  assert.equal(parsed.count, 2);
  assert.deepEqual([...parsed.labels], [4, 9]);
  assert.equal(parsed.pixels[3072 + 1024 + 64 + 3], 77);
  assert.equal(parsed.pixels.length, 2 * 3072);
});

test('loadCifar10 gives NCHW float32 in [0, 1] with the hand-placed pixel at [1, 2, 3]', async () => {
  const dir = writeBatch([3, 0, 7]);
  const { dataset, classNames, files } = await loadCifar10(dir, { files: ['data_batch_1.bin'] });
  assert.deepEqual(classNames, [...cifar10ClassNames]);
  assert.deepEqual(files, ['data_batch_1.bin']);
  assert.equal(dataset.length, 3);
  assert.deepEqual(dataset.sampleShape, [3, 32, 32]);
  assert.equal(dataset.numClasses, 10);
  const s = dataset.get(2);
  assert.equal(s.y, 7);
  // indexedImage(2) at channel 1, row 2, col 3 = 2 + 7 + 6 + 3 = 18.
  assert.equal(s.x[1 * 1024 + 2 * 32 + 3], Math.fround(18 / 255));
  assert.equal(s.x[0], Math.fround(2 / 255));
});

test('normalize applies (x / 255 - mean[c]) / std[c]; limit keeps the first records across files', async () => {
  const dir = freshDir();
  writeSyntheticCifar10(dir, { recordsPerTrainBatch: 4, testRecords: 3, rng: new Rng(5) });
  const raw = await loadCifar10(dir);
  assert.equal(raw.dataset.length, 20);
  const mean = [0.5, 0.25, 0.125], std = [0.5, 0.25, 2];
  const norm = await loadCifar10(dir, { normalize: { mean, std }, limit: 6 });
  assert.equal(norm.dataset.length, 6);
  const a = raw.dataset.get(5), b = norm.dataset.get(5); // record 1 of data_batch_2.bin
  assert.equal(b.y, a.y);
  for (const i of [0, 1500, 2100, 3071]) {
    const c = Math.floor(i / 1024);
    assert.ok(Math.abs(b.x[i]! - (a.x[i]! - mean[c]!) / std[c]!) < 1e-6, `value ${i}`);
  }
  const testSplit = await loadCifar10(dir, { split: 'test' });
  assert.deepEqual(testSplit.files, ['test_batch.bin']);
  assert.equal(testSplit.dataset.length, 3);
  await assert.rejects(loadCifar10(dir, { normalize: { mean: [0], std: [1] } }), /3 means and 3 stds/);
});

test('streamCifar10Records crosses chunk boundaries and reports file offsets', async () => {
  const labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 5];
  const dir = writeBatch(labels);
  const path = join(dir, 'data_batch_1.bin');
  const whole = parseCifar10Batch(readFileSync(path), path);
  const seen: number[] = [];
  for await (const r of streamCifar10Records(path, { chunkRecords: 3 })) {
    assert.equal(r.offsetBytes, r.index * 3073);
    assert.equal(r.label, labels[r.index]);
    assert.deepEqual(r.pixels, whole.pixels.subarray(r.index * 3072, (r.index + 1) * 3072));
    seen.push(r.index);
  }
  assert.deepEqual(seen, labels.map((_, i) => i));
});

test('a file that is not a whole number of records fails before any record, naming the file and the incomplete record offset', async () => {
  const dir = writeBatch([1, 2, 3]);
  const path = join(dir, 'data_batch_1.bin');
  writeFileSync(path, readFileSync(path).subarray(0, 2 * 3073 + 100));
  let yielded = 0;
  await expectFormatError(
    (async () => {
      for await (const _ of streamCifar10Records(path)) yielded++;
    })(),
    { file: path, field: 'record', offset: 6146, offsetUnit: 'byte' },
  );
  assert.equal(yielded, 0);
  assert.throws(() => parseCifar10Batch(new Uint8Array(3072), 'short.bin'), /short\.bin: record at byte 0: file ends 3072 bytes into a record; expected a whole number of 3073-byte records/);
});

test('a label byte above 9 names the record and its byte offset in the file, also from a later chunk', async () => {
  const dir = writeBatch([1, 2, 3, 4, 5]);
  const path = join(dir, 'data_batch_1.bin');
  const bytes = readFileSync(path);
  bytes[3 * 3073] = 10;
  writeFileSync(path, bytes);
  await expectFormatError(
    (async () => {
      for await (const _ of streamCifar10Records(path, { chunkRecords: 2 })) void _;
    })(),
    { file: path, field: 'record 3 label', offset: 9219 },
  );
  assert.throws(() => parseCifar10Batch(bytes, 'b.bin'), /b\.bin: record 3 label at byte 9219: label byte is 10, expected a class index 0-9/);
  await expectFormatError(loadCifar10(dir, { files: ['data_batch_1.bin'] }), { field: 'record 3 label', offset: 9219 });
});

test('batches.meta.txt: exactly 10 names; trailing blank lines and CRLF fine, blank lines between or an 11th name not', () => {
  const names = [...cifar10ClassNames];
  assert.deepEqual(parseCifar10Meta(names.join('\r\n') + '\r\n\r\n', 'm'), names);
  assert.deepEqual(parseCifar10Meta(names.join('\n'), 'm'), names);
  const nine = names.slice(0, 9).join('\n') + '\n';
  assert.throws(() => parseCifar10Meta(nine, 'meta.txt'), (e: unknown) => e instanceof FileFormatError && e.file === 'meta.txt' && /found 9 class names, expected exactly 10/.test(e.problem));
  const gap = [...names.slice(0, 4), '', ...names.slice(4)].join('\n');
  assert.throws(() => parseCifar10Meta(gap, 'meta.txt'), (e: unknown) => e instanceof FileFormatError && e.offset === 5 && e.offsetUnit === 'line');
  assert.throws(() => parseCifar10Meta([...names, 'unicorn'].join('\n'), 'meta.txt'), (e: unknown) => e instanceof FileFormatError && e.offset === 11 && /"unicorn"/.test(e.problem));
});

test('writeSyntheticCifar10 writes the six batches and meta atomically, balanced and reproducible', async () => {
  const dir = freshDir();
  const written = writeSyntheticCifar10(dir, { recordsPerTrainBatch: 20, testRecords: 10, rng: new Rng(1) });
  assert.deepEqual(readdirSync(dir).sort(), [...written].sort(), 'no temporary files left behind');
  assert.equal(written.length, 7);
  for (const f of written.slice(0, 5)) assert.equal(readFileSync(join(dir, f)).length, 20 * cifar10RecordBytes);
  const { dataset } = await loadCifar10(dir, { files: ['data_batch_1.bin'] });
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < dataset.length; i++) counts[dataset.get(i).y]!++;
  assert.deepEqual(counts, new Array<number>(10).fill(2));
  const again = freshDir();
  writeSyntheticCifar10(again, { recordsPerTrainBatch: 20, testRecords: 10, rng: new Rng(1) });
  assert.deepEqual(readFileSync(join(again, 'test_batch.bin')), readFileSync(join(dir, 'test_batch.bin')));
  assert.throws(() => synthesizeCifar10Image(10, new Rng(0)), /label must be an integer 0-9/);
});

/** Nearest-class-mean accuracy of `features` on the test split, means taken over the training split. */
async function nearestMeanAccuracy(dir: string, features: (x: Float32Array) => Float64Array): Promise<number> {
  const train = (await loadCifar10(dir)).dataset;
  const testSet = (await loadCifar10(dir, { split: 'test' })).dataset;
  const means: Float64Array[] = [];
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < train.length; i++) {
    const { x, y } = train.get(i);
    const f = features(x);
    means[y] ??= new Float64Array(f.length);
    f.forEach((v, k) => (means[y]![k]! += v));
    counts[y]!++;
  }
  means.forEach((m, c) => m.forEach((_, k) => (m[k]! /= counts[c]!)));
  let correct = 0;
  for (let i = 0; i < testSet.length; i++) {
    const { x, y } = testSet.get(i);
    const f = features(x);
    const dist = means.map((m) => m.reduce((s, v, k) => s + (v - f[k]!) ** 2, 0));
    if (dist.indexOf(Math.min(...dist)) === y) correct++;
  }
  return correct / testSet.length;
}

/** Mean of each channel over the whole image. */
const meanRgb = (x: Float32Array) => Float64Array.from([0, 1, 2], (c) => x.subarray(c * 1024, (c + 1) * 1024).reduce((s, v) => s + v, 0) / 1024);

/** Mean of each channel over each 8 x 8 cell (3 x 4 x 4): colour and coarse layout; version 1 of the generator scored >= 90% on it. */
const cellMeans = (x: Float32Array) => {
  const f = new Float64Array(48);
  for (let i = 0; i < 3072; i++) f[Math.floor(i / 1024) * 16 + Math.floor((i % 1024) / 256) * 4 + Math.floor((i % 32) / 8)]! += x[i]! / 64;
  return f;
};

/**
 * Autocovariance of the grey image at lags 1-5 px along the rows, columns
 * and both diagonals, scaled to unit length: orientation and period, blind
 * to colour, contrast, noise level and phase.
 */
const textureFeatures = (x: Float32Array) => {
  const g = Float64Array.from({ length: 1024 }, (_, i) => x[i]! + x[1024 + i]! + x[2048 + i]!);
  const mean = g.reduce((s, v) => s + v, 0) / 1024;
  g.forEach((v, i) => (g[i] = v - mean));
  const f: number[] = [];
  for (let lag = 1; lag <= 5; lag++) {
    for (const [dr, dc] of [[0, 1], [1, 0], [1, 1], [1, -1]] as const) {
      let sum = 0, n = 0;
      for (let r = 0; r + dr * lag < 32; r++) {
        for (let c = Math.max(0, -dc * lag); c < 32 && c + dc * lag < 32; c++) {
          sum += g[r * 32 + c]! * g[(r + dr * lag) * 32 + c + dc * lag]!;
          n++;
        }
      }
      f.push(sum / n);
    }
  }
  const norm = Math.hypot(...f);
  return Float64Array.from(f, (v) => v / norm);
};

test('generated colour does not give the class away, texture does: nearest class mean on 300 test images', async () => {
  const dir = freshDir();
  writeSyntheticCifar10(dir, { recordsPerTrainBatch: 60, testRecords: 300, rng: new Rng(2) });
  // Chance is 10%; colours are drawn per image from one distribution, so colour features stay near it.
  const byColour = await nearestMeanAccuracy(dir, meanRgb);
  assert.ok(byColour < 0.2, `nearest-mean accuracy on per-image mean RGB is ${(byColour * 100).toFixed(1)}%, expected < 20% (chance 10%)`);
  const byCells = await nearestMeanAccuracy(dir, cellMeans);
  assert.ok(byCells < 0.2, `nearest-mean accuracy on 8 x 8 cell colour means is ${(byCells * 100).toFixed(1)}%, expected < 20% (chance 10%)`);
  // The class is in orientation and period, which even this crude classifier sees.
  const byTexture = await nearestMeanAccuracy(dir, textureFeatures);
  assert.ok(byTexture >= 0.25, `nearest-mean accuracy on texture autocorrelation is ${(byTexture * 100).toFixed(1)}%, expected >= 25% (chance 10%)`);
});

test('no two generated images of a class are alike, and a seed reproduces them', () => {
  const rng = new Rng(7);
  const images = Array.from({ length: 8 }, () => synthesizeCifar10Image(3, rng));
  for (let i = 0; i < images.length; i++) {
    for (let j = i + 1; j < images.length; j++) {
      let absDiff = 0;
      for (let k = 0; k < 3072; k++) absDiff += Math.abs(images[i]![k]! - images[j]![k]!);
      // Per-pixel noise alone gives ~27 levels (sigma 24, difference of two); differing colours, contrast and layout add more.
      assert.ok(absDiff / 3072 > 30, `images ${i} and ${j} of class 3 differ by ${(absDiff / 3072).toFixed(1)} levels per byte on average, expected > 30`);
    }
  }
  assert.deepEqual(synthesizeCifar10Image(3, new Rng(7)), images[0]);
});
