import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/random.js';
import { DataLoader, type Batch } from '../../src/data/dataloader.js';
import { ArrayDataset } from '../../src/data/dataset.js';
import type { Transform } from '../../src/data/transforms.js';

/** n samples of shape [2]: sample i is [i, -i], label i % 3. */
function counting(n: number): ArrayDataset {
  const data = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    data[2 * i] = i;
    data[2 * i + 1] = 0 - i; // not -i: -0 would differ from 0 under strict equality
  }
  return new ArrayDataset(data, Array.from({ length: n }, (_, i) => i % 3), [2], { numClasses: 3 });
}

/** Sample ids of each batch, read before the next batch overwrites the buffers. */
function epochIds(loader: DataLoader): number[][] {
  const out: number[][] = [];
  for (const b of loader) {
    const ids: number[] = [];
    for (let k = 0; k < b.size; k++) {
      const id = b.x[2 * k]!;
      assert.equal(b.x[2 * k + 1], 0 - id, 'features of one sample stay together');
      assert.equal(b.y[k], id % 3, 'label travels with its sample');
      ids.push(id);
    }
    out.push(ids);
  }
  return out;
}

test('without shuffle, batches follow dataset order and the last one is short', () => {
  const loader = new DataLoader(counting(10), { batchSize: 4 });
  assert.equal(loader.length, 3);
  const shapes: number[][] = [];
  const ids: number[][] = [];
  for (const b of loader) {
    shapes.push([...b.shape]);
    assert.equal(b.x.length, b.size * 2);
    assert.equal(b.y.length, b.size);
    ids.push(Array.from(b.x.filter((_, i) => i % 2 === 0)));
  }
  assert.deepEqual(shapes, [[4, 2], [4, 2], [2, 2]]);
  assert.deepEqual(ids, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
});

test('dropLast skips the short batch and length counts it out', () => {
  const loader = new DataLoader(counting(10), { batchSize: 4, dropLast: true });
  assert.equal(loader.length, 2);
  assert.deepEqual(epochIds(loader), [[0, 1, 2, 3], [4, 5, 6, 7]]);
  assert.equal(new DataLoader(counting(8), { batchSize: 4, dropLast: true }).length, 2);
  assert.equal(new DataLoader(counting(3), { batchSize: 4, dropLast: true }).length, 0);
  assert.equal(new DataLoader(counting(0), { batchSize: 4 }).length, 0);
});

test('shuffle visits every sample once per epoch, reshuffles each epoch, and is reproducible from the seed', () => {
  const run = (seed: number): number[][][] => {
    const loader = new DataLoader(counting(20), { batchSize: 6, shuffle: true, rng: new Rng(seed) });
    return [epochIds(loader), epochIds(loader), epochIds(loader)];
  };
  const a = run(7);
  const b = run(7);
  assert.deepEqual(a, b, 'same seed, same orders');
  for (const epoch of a) {
    assert.deepEqual(epoch.map((ids) => ids.length), [6, 6, 6, 2]);
    assert.deepEqual(epoch.flat().sort((p, q) => p - q), Array.from({ length: 20 }, (_, i) => i));
  }
  assert.notDeepEqual(a[0]!.flat(), a[1]!.flat(), 'a new order each epoch');
  assert.notDeepEqual(a[1]!.flat(), a[2]!.flat());
  assert.notDeepEqual(a[0]!.flat(), Array.from({ length: 20 }, (_, i) => i), 'actually shuffled');
  assert.notDeepEqual(run(8)[0], a[0], 'another seed, another order');
});

test('batch buffers are reused across steps and epochs; the short batch has its own', () => {
  const loader = new DataLoader(counting(10), { batchSize: 4, shuffle: true, rng: new Rng(1) });
  const seen = (): Batch[] => [...loader]; // same objects, contents of the last batch only
  const first = seen();
  const second = seen();
  assert.equal(first[0], first[1], 'one Batch object for all full batches');
  assert.equal(first[0]!.x, first[1]!.x);
  assert.equal(first[0]!.y, first[1]!.y);
  assert.notEqual(first[2]!.x, first[0]!.x, 'the short last batch does not alias the full one');
  assert.equal(first[2]!.size, 2);
  assert.equal(second[0]!.x, first[0]!.x, 'reused in the next epoch');
  assert.equal(second[2]!.x, first[2]!.x);
});

test('the loader copies the transform output before calling it again', () => {
  // A transform that, like the real ones, returns the same buffer every call.
  const shared = new Float32Array(2);
  const plusHundred: Transform = (x) => {
    shared[0] = x[0]! + 100;
    shared[1] = x[1]!;
    return shared;
  };
  const loader = new DataLoader(counting(5), { batchSize: 5, transform: plusHundred });
  const [batch] = [...loader];
  assert.deepEqual([...batch!.x], [100, 0, 101, -1, 102, -2, 103, -3, 104, -4]);
});

test('the transform draws from the loader rng, so augmentation is reproducible', () => {
  const noise: Transform = (x, _shape, rng) => Float32Array.from(x, (v) => v + rng.next());
  const values = (seed: number): number[] => {
    const loader = new DataLoader(counting(6), { batchSize: 3, shuffle: true, transform: noise, rng: new Rng(seed) });
    const out: number[] = [];
    for (const b of loader) out.push(...b.x);
    return out;
  };
  assert.deepEqual(values(3), values(3));
  assert.notDeepEqual(values(3), values(4));
});

test('resuming an iteration after a newer one started throws instead of reading clobbered buffers', () => {
  const loader = new DataLoader(counting(10), { batchSize: 4 });
  const old = loader[Symbol.iterator]();
  old.next();
  const fresh = loader[Symbol.iterator]();
  fresh.next();
  assert.throws(() => old.next(), /earlier iteration was resumed after a new one started/);
});

test('bad options and wrong-sized transform output are reported', () => {
  assert.throws(() => new DataLoader(counting(3), { batchSize: 0 }), /options.batchSize must be a positive integer, got 0/);
  const truncate: Transform = (x) => x.subarray(0, 1);
  const loader = new DataLoader(counting(3), { batchSize: 2, transform: truncate });
  assert.throws(() => [...loader], /sample 0 has 1 values after the transform, expected 2 for sampleShape \[2\]/);
});
