/**
 * Tiny-ImageNet on the real shared subset (/work/shared/data/tiny-imagenet-200:
 * 200 classes x 100 train images, 2,000 val images). Skips, with the reason,
 * where the data is absent. Kept to a few seconds: train is checked by
 * listing plus a 5-per-class decode; val is decoded in full (about 1 s).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { listTinyImageNetSplit } from '../../src/data/tiny-imagenet-layout.js';
import { loadTinyImageNet } from '../../src/data/tiny-imagenet.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const skip = skipUnlessShared('tiny-imagenet-200');
const dir = sharedDataPath('tiny-imagenet-200');
const cacheDir = mkdtempSync(join(tmpdir(), 'edgewatt-tin-real-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

test('real: 200 classes, 20,000 train images (100 per class), 2,000 val images', { skip }, () => {
  const train = listTinyImageNetSplit(dir, 'train');
  assert.equal(train.wnids.length, 200);
  assert.equal(train.entries.length, 20_000);
  const perClass = new Array<number>(200).fill(0);
  for (const e of train.entries) perClass[e.label]!++;
  assert.ok(perClass.every((n) => n === 100));
  assert.equal(train.entries[0]!.file, 'train/n01443537/images/n01443537_0.JPEG', 'natural order: _0, _1, _2 ... not _0, _1, _10');
  assert.equal(train.entries[2]!.file, 'train/n01443537/images/n01443537_2.JPEG');
  assert.equal(train.words[0], 'goldfish, Carassius auratus');
  assert.equal(listTinyImageNetSplit(dir, 'val').entries.length, 2_000);
});

test('real: val labels index wnids.txt (val_0 is n03444034 "go-kart", line 108 -> label 107)', { skip }, async () => {
  const val = await loadTinyImageNet(dir, { split: 'val', cacheDir, log: (m) => assert.fail(m) });
  assert.equal(val.dataset.length, 2_000);
  assert.deepEqual(val.dataset.sampleShape, [3, 64, 64]);
  assert.equal(val.dataset.numClasses, 200);
  assert.equal(val.files[0], 'val/images/val_0.JPEG');
  // Hand-checked against val_annotations.txt and wnids.txt: val_0 n03444034 (line 108), val_1 n04067472 (140), val_2 n04070727 (141).
  assert.deepEqual([0, 1, 2].map((i) => val.dataset.get(i).y), [107, 139, 140]);
  assert.equal(val.wnids[107], 'n03444034');
  assert.equal(val.words[107], 'go-kart');
  assert.equal(val.words[140], 'refrigerator, icebox');
  const { x } = val.dataset.get(0);
  assert.ok(x.every((v) => v >= 0 && v <= 1));
  assert.ok(Math.max(...x) - Math.min(...x) > 0.2, 'a real photo, not a blank');

  const t0 = performance.now();
  const again = await loadTinyImageNet(dir, { split: 'val', cacheDir, decode: () => assert.fail('decoded despite a cache') });
  assert.equal(again.fromCache, true);
  assert.deepEqual(again.dataset.labels, val.dataset.labels);
  assert.ok(performance.now() - t0 < 2000, 'cache read is fast');
});

test('real: train with limitPerClass 5 at 32 px gives 1,000 images of [3, 32, 32], 5 per class', { skip }, async () => {
  const train = await loadTinyImageNet(dir, { split: 'train', limitPerClass: 5, size: 32 });
  assert.equal(train.dataset.length, 1_000);
  assert.deepEqual(train.dataset.sampleShape, [3, 32, 32]);
  assert.equal(train.dataset.get(999).y, 199);
  assert.equal(train.files[999], `train/${train.wnids[199]}/images/${train.wnids[199]}_4.JPEG`);
});
