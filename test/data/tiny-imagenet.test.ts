import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Rng } from '../../src/engine/random.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { decodeJpeg, type ImageDecoder } from '../../src/data/jpeg-decode.js';
import { loadTinyImageNet } from '../../src/data/tiny-imagenet.js';
import { synthesizeTinyImageNetImage, syntheticWnid, writeSyntheticTinyImageNet } from '../../src/data/synthetic-tiny-imagenet.js';

const root = mkdtempSync(join(tmpdir(), 'edgewatt-tin-'));
after(() => rmSync(root, { recursive: true, force: true }));
let nextDir = 0;
const fresh = (name = 'ds') => join(root, `${name}${nextDir++}`);

// One shared dataset for the read-only tests: 4 classes x 6 train, 3 val, 64 x 64.
const base = fresh();
const synth = writeSyntheticTinyImageNet(base, { rng: new Rng(7) });
const quiet = { log: () => undefined };

function countingDecoder(): { decode: ImageDecoder; calls: () => number } {
  let calls = 0;
  return { decode: (bytes, file) => (calls++, decodeJpeg(bytes, file)), calls: () => calls };
}

function formatError(expected: Partial<Record<'file' | 'field' | 'offset' | 'offsetUnit', unknown>>, problem?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof FileFormatError, `expected a FileFormatError, got ${String(err)}`);
    for (const [k, v] of Object.entries(expected)) assert.equal((err as unknown as Record<string, unknown>)[k], v, `field ${k}`);
    if (problem) assert.match(err.problem, problem);
    return true;
  };
}

test('the synthetic writer lays out wnids, words, train/<wnid>/images and val with annotations, no temp files', () => {
  assert.deepEqual(readdirSync(base).sort(), ['train', 'val', 'wnids.txt', 'words.txt']);
  assert.equal(readFileSync(join(base, 'wnids.txt'), 'utf8'), 'n10000000\nn10000001\nn10000002\nn10000003\n');
  assert.deepEqual(readdirSync(join(base, 'train', 'n10000002', 'images')).sort(), [0, 1, 2, 3, 4, 5].map((k) => `n10000002_${k}.JPEG`));
  assert.equal(readdirSync(join(base, 'val', 'images')).length, 12);
  const firstVal = readFileSync(join(base, 'val', 'val_annotations.txt'), 'utf8').split('\n')[0]!.split('\t');
  assert.deepEqual(firstVal.slice(0, 2), ['val_0.JPEG', syntheticWnid(synth.valLabels[0]!)]);
  assert.equal(firstVal.length, 6);
});

test('train: labels follow wnids.txt order, images are [3, 64, 64] in [0, 1] and match the drawn pixels', async () => {
  const tin = await loadTinyImageNet(base, quiet);
  assert.equal(tin.dataset.length, 24);
  assert.deepEqual(tin.dataset.sampleShape, [3, 64, 64]);
  assert.equal(tin.dataset.numClasses, 4);
  assert.deepEqual(tin.wnids, synth.wnids);
  assert.equal(tin.words[1], 'synthetic class 1, stripes');
  assert.equal(tin.files[7], 'train/n10000001/images/n10000001_1.JPEG');
  assert.deepEqual(Array.from({ length: 24 }, (_, i) => tin.dataset.get(i).y), [0, 1, 2, 3].flatMap((k) => new Array<number>(6).fill(k)));
  assert.equal(tin.cache.status, 'disabled');
  // The writer draws the first train image from a fresh Rng(7): redraw it and compare, allowing JPEG loss.
  const drawn = synthesizeTinyImageNetImage(0, 4, 64, new Rng(7));
  const { x } = tin.dataset.get(0);
  let absErr = 0;
  for (let c = 0; c < 3; c++) for (let p = 0; p < 64 * 64; p++) absErr += Math.abs(x[c * 4096 + p]! * 255 - drawn[4 * p + c]!);
  const meanErr = absErr / (3 * 4096);
  assert.ok(meanErr < 6, `mean absolute error ${meanErr.toFixed(2)} levels between decoded and drawn pixels`);
  assert.ok(x.every((v) => v >= 0 && v <= 1));
});

test('val: labels come from val_annotations.txt, in annotation order', async () => {
  const tin = await loadTinyImageNet(base, { ...quiet, split: 'val' });
  assert.equal(tin.dataset.length, 12);
  assert.deepEqual(Array.from({ length: 12 }, (_, i) => tin.dataset.get(i).y), synth.valLabels);
  assert.equal(tin.files[0], 'val/images/val_0.JPEG');
});

test('classes, limitPerClass and size select and resize; 32 px equals the 2 x 2 mean of the 64 px bytes', async () => {
  const pick = await loadTinyImageNet(base, { ...quiet, classes: ['n10000003', 'n10000001'], limitPerClass: 2 });
  assert.deepEqual(pick.wnids, ['n10000001', 'n10000003'], 'wnids.txt order, labels re-indexed from 0');
  assert.deepEqual(pick.files, ['train/n10000001/images/n10000001_0.JPEG', 'train/n10000001/images/n10000001_1.JPEG', 'train/n10000003/images/n10000003_0.JPEG', 'train/n10000003/images/n10000003_1.JPEG']);
  assert.equal(pick.dataset.numClasses, 2);
  const firstTwo = await loadTinyImageNet(base, { ...quiet, classes: 2, split: 'val', limitPerClass: 1 });
  assert.deepEqual(Array.from({ length: firstTwo.dataset.length }, (_, i) => firstTwo.dataset.get(i).y).sort(), [0, 1]);

  const full = await loadTinyImageNet(base, { ...quiet, limitPerClass: 1 });
  const half = await loadTinyImageNet(base, { ...quiet, limitPerClass: 1, size: 32 });
  assert.deepEqual(half.dataset.sampleShape, [3, 32, 32]);
  const p64 = full.dataset.pixels, p32 = half.dataset.pixels;
  for (let n = 0; n < 4; n++) {
    for (const [c, y, x] of [[0, 0, 0], [1, 13, 27], [2, 31, 31]] as const) {
      const at = (yy: number, xx: number) => p64[n * 12288 + c * 4096 + yy * 64 + xx]!;
      const mean = (at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1)) / 4;
      assert.equal(p32[n * 3072 + c * 1024 + y * 32 + x], Math.round(mean));
    }
  }
  await assert.rejects(loadTinyImageNet(base, { classes: ['n99999999'] }), /class n99999999 is not listed in .*wnids\.txt/);
  await assert.rejects(loadTinyImageNet(base, { size: 0 }), /size must be a positive integer/);
});

test('normalize is applied on access; get returns a fresh array each call', async () => {
  const mean = [0.5, 0.4, 0.3], std = [0.25, 0.2, 0.1];
  const raw = await loadTinyImageNet(base, { ...quiet, limitPerClass: 1 });
  const norm = await loadTinyImageNet(base, { ...quiet, limitPerClass: 1, normalize: { mean, std } });
  const a = raw.dataset.get(3).x, b = norm.dataset.get(3).x;
  for (const i of [0, 5000, 12287]) {
    const c = Math.floor(i / 4096);
    assert.ok(Math.abs(b[i]! - (a[i]! - mean[c]!) / std[c]!) < 1e-5);
  }
  assert.notEqual(raw.dataset.get(3).x, a);
  assert.throws(() => raw.dataset.get(4), /index 4 is out of range for length 4/);
});

test('progress reports every decoded image, ending at (total, total)', async () => {
  const seen: [number, number][] = [];
  await loadTinyImageNet(base, { ...quiet, split: 'val', onProgress: (done, total) => seen.push([done, total]) });
  assert.deepEqual(seen, Array.from({ length: 12 }, (_, i) => [i + 1, 12]));
});

test('cache: the second load reads the cache without decoding; a changed source or a damaged cache is rebuilt with a logged reason', async () => {
  const dir = fresh();
  writeSyntheticTinyImageNet(dir, { classes: 3, trainPerClass: 4, valPerClass: 2, rng: new Rng(11) });
  const cacheDir = fresh('cache');
  const logs: string[] = [];
  const options = { cacheDir, log: (m: string) => logs.push(m) };

  const first = countingDecoder();
  const a = await loadTinyImageNet(dir, { ...options, decode: first.decode });
  assert.equal(first.calls(), 12);
  assert.equal(a.cache.status, 'written');
  assert.equal(a.fromCache, false);
  assert.deepEqual(readdirSync(cacheDir), [a.cache.path!.slice(cacheDir.length + 1)], 'one cache file, no temp files');

  const second = countingDecoder();
  const b = await loadTinyImageNet(dir, { ...options, decode: second.decode, onProgress: (d, t) => assert.equal(d, t) });
  assert.equal(second.calls(), 0, 'nothing decoded on a cache hit');
  assert.equal(b.fromCache, true);
  assert.deepEqual(b.dataset.pixels, a.dataset.pixels);
  assert.deepEqual(b.dataset.labels, a.dataset.labels);
  assert.deepEqual(b.files, a.files);
  assert.equal(logs.length, 0);

  // Another size is another cache, not a hit on this one.
  const other = countingDecoder();
  assert.equal((await loadTinyImageNet(dir, { ...options, size: 32, decode: other.decode })).cache.status, 'written');
  assert.equal(other.calls(), 12);

  // Change one source image (new content, new mtime): stale, rebuilt.
  const changed = join(dir, 'train', 'n10000001', 'images', 'n10000001_2.JPEG');
  writeFileSync(changed, readFileSync(join(dir, 'train', 'n10000000', 'images', 'n10000000_0.JPEG')));
  utimesSync(changed, new Date(2001, 0, 1), new Date(2001, 0, 1));
  const third = countingDecoder();
  const c = await loadTinyImageNet(dir, { ...options, decode: third.decode });
  assert.equal(third.calls(), 12);
  assert.equal(c.cache.status, 'written');
  assert.match(c.cache.rebuiltBecause!, /stale/);
  assert.equal(logs.length, 1);
  assert.match(logs[0]!, /rebuilding the cache .*\.ewcache: it is stale/);
  assert.notDeepEqual(c.dataset.pixels, a.dataset.pixels);
  assert.equal((await loadTinyImageNet(dir, options)).fromCache, true, 'the rebuilt cache is used next time');

  // Damage the cache (extra bytes): unreadable, rebuilt, the parser's reason logged.
  appendFileSync(c.cache.path!, 'junk');
  const fourth = countingDecoder();
  const d = await loadTinyImageNet(dir, { ...options, decode: fourth.decode });
  assert.equal(fourth.calls(), 12);
  assert.match(d.cache.rebuiltBecause!, /it is unreadable \(.*: length at byte \d+: file is \d+ bytes, the header \(12 images of 3 x 64 x 64\) implies \d+\)/);
  assert.equal(logs.length, 2);
  assert.deepEqual(d.dataset.pixels, c.dataset.pixels);
});

test('layout errors name the file, the field and the line', async () => {
  const dir = fresh();
  writeSyntheticTinyImageNet(dir, { classes: 2, trainPerClass: 1, valPerClass: 2, rng: new Rng(3) });
  const annotations = join(dir, 'val', 'val_annotations.txt');
  const lines = readFileSync(annotations, 'utf8').trimEnd().split('\n');

  writeFileSync(annotations, [...lines.slice(0, 2), lines[2]!.replace(/^val_2\.JPEG/, 'missing.JPEG'), ...lines.slice(3)].join('\n'));
  await assert.rejects(loadTinyImageNet(dir, { split: 'val' }), formatError({ file: annotations, field: 'file', offset: 3, offsetUnit: 'line' }, /lists missing\.JPEG but .* does not exist/));
  writeFileSync(annotations, [lines[0], lines[1]!.replace(/\tn1000000\d\t/, '\tn12345678\t'), ...lines.slice(2)].join('\n'));
  await assert.rejects(loadTinyImageNet(dir, { split: 'val' }), formatError({ file: annotations, field: 'wnid', offset: 2 }, /n12345678 is not one of the classes in wnids\.txt/));
  writeFileSync(annotations, [lines[0], lines[1]!.replace(/\t\d+$/, '\t4.5'), ...lines.slice(2)].join('\n'));
  await assert.rejects(loadTinyImageNet(dir, { split: 'val' }), formatError({ field: 'y1', offset: 2 }, /expected an integer pixel coordinate, got "4.5"/));
  writeFileSync(annotations, ['../wnids.txt\tn10000000\t0\t0\t1\t1', ...lines].join('\n'));
  await assert.rejects(loadTinyImageNet(dir, { split: 'val' }), formatError({ field: 'file', offset: 1 }, /expected a file name inside val\/images/));
  writeFileSync(annotations, lines.map((l) => l.split('\t').slice(0, 5).join('\t')).join('\n'));
  await assert.rejects(loadTinyImageNet(dir, { split: 'val' }), formatError({ field: 'entry', offset: 1 }, /expected 6 tab-separated fields/));

  const wnids = join(dir, 'wnids.txt');
  writeFileSync(wnids, 'n10000000\nn10000001\nn10000000\n');
  await assert.rejects(loadTinyImageNet(dir), formatError({ file: wnids, field: 'wnid', offset: 3 }, /duplicate id n10000000, first listed on line 1/));
  writeFileSync(wnids, 'n10000000\n\nn10000001\n');
  await assert.rejects(loadTinyImageNet(dir), formatError({ file: wnids, offset: 2 }));
  writeFileSync(wnids, 'n10000000\nn10000001\n\n');
  const words = join(dir, 'words.txt');
  writeFileSync(words, 'n10000000\tfirst\nn10000001 no tab\n');
  await assert.rejects(loadTinyImageNet(dir), formatError({ file: words, field: 'entry', offset: 2 }, /expected "wnid<TAB>words"/));
  writeFileSync(words, 'n10000000\tfirst\n');
  await assert.rejects(loadTinyImageNet(dir), formatError({ file: words, field: 'wnid' }, /no entry for n10000001/));
  writeFileSync(words, 'n10000000\tfirst\nn10000001\tsecond\n');

  const image = join(dir, 'train', 'n10000001', 'images', 'n10000001_0.JPEG');
  writeFileSync(image, readFileSync(image).subarray(0, 100));
  await assert.rejects(loadTinyImageNet(dir), formatError({ file: image, field: 'JPEG stream' }));
  rmSync(join(dir, 'train', 'n10000001'), { recursive: true });
  await assert.rejects(loadTinyImageNet(dir), /class folder .*n10000001.images not found \(wnids\.txt lists n10000001\)/);
});
