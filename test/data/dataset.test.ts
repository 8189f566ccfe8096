import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArrayDataset, subset } from '../../src/data/dataset.js';

function tiny(): ArrayDataset {
  // 4 samples of shape [2]: sample i is [10 i, 10 i + 1], label i % 2.
  const data = Float32Array.from([0, 1, 10, 11, 20, 21, 30, 31]);
  return new ArrayDataset(data, [0, 1, 0, 1], [2]);
}

test('ArrayDataset returns each sample as a view of its row with its label', () => {
  const ds = tiny();
  assert.equal(ds.length, 4);
  assert.deepEqual(ds.sampleShape, [2]);
  assert.equal(ds.numClasses, 2);
  const s = ds.get(2);
  assert.deepEqual([...s.x], [20, 21]);
  assert.equal(s.y, 0);
  assert.equal(ds.get(3).y, 1);
});

test('ArrayDataset rejects inconsistent data, bad labels and bad indices', () => {
  assert.throws(() => new ArrayDataset(new Float32Array(5), [0, 1], [2]), /data has 5 values but 2 labels/);
  assert.throws(() => new ArrayDataset(new Float32Array(4), [0, -1], [2]), /labels\[1\] must be a non-negative integer/);
  assert.throws(() => new ArrayDataset(new Float32Array(4), [0, 1.5], [2]), /labels\[1\]/);
  assert.throws(() => new ArrayDataset(new Float32Array(4), [0, 3], [2], { numClasses: 3 }), /label 3 is out of range for numClasses 3/);
  assert.throws(() => new ArrayDataset(new Float32Array(0), [], [0]), /sampleShape must hold positive integers/);
  assert.throws(() => tiny().get(4), /index 4 is out of range for length 4/);
});

test('subset picks samples in the given order and keeps shape and class count', () => {
  const ds = tiny();
  const sub = subset(ds, [3, 0, 3]);
  assert.equal(sub.length, 3);
  assert.deepEqual(sub.sampleShape, [2]);
  assert.equal(sub.numClasses, 2);
  assert.deepEqual([...sub.get(0).x], [30, 31]);
  assert.deepEqual([...sub.get(1).x], [0, 1]);
  assert.equal(sub.get(2).y, 1);
  assert.throws(() => subset(ds, [0, 4]), /indices\[1\] = 4 is not an index into a dataset of length 4/);
  assert.throws(() => sub.get(3), /subset: index 3 is out of range/);
});
