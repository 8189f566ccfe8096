/** N:M sparsity: the pattern holds in every group, the largest weights are kept, bad shapes are named. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Conv1d, Conv2d, Linear, resnet8, Sequential } from '../../../src/nn/index.js';
import { nmMask, nmMasks, maskSparsity } from '../../../src/compress/prune/index.js';

test('nmMask keeps the 2 largest |w| of each 4, the earlier of a tied pair', () => {
  const w = [1, -4, 3, 2, 0.5, 0.5, -0.5, 0.1];
  assert.deepEqual([...nmMask(w, { rows: 1, channels: 8, taps: 1 }, 2, 4)], [0, 1, 1, 0, 1, 1, 0, 0]);
});

/** Checks every group of m input channels at each (out channel, tap) by explicit indexing of [Cout, Cin, taps]. */
function checkPattern(w: ArrayLike<number>, mask: Uint8Array, cout: number, cin: number, taps: number, n: number, m: number): number {
  let groups = 0;
  for (let o = 0; o < cout; o++) {
    for (let t = 0; t < taps; t++) {
      for (let c0 = 0; c0 < cin; c0 += m) {
        const at = Array.from({ length: m }, (_, j) => (o * cin + c0 + j) * taps + t);
        const kept = at.filter((i) => mask[i] === 1);
        const pruned = at.filter((i) => mask[i] === 0);
        assert.equal(kept.length, n, `group (out ${o}, tap ${t}, channels ${c0}..${c0 + m - 1})`);
        const minKept = Math.min(...kept.map((i) => Math.abs(w[i]!)));
        for (const i of pruned) assert.ok(Math.abs(w[i]!) <= minKept);
        groups++;
      }
    }
  }
  return groups;
}

test('2:4 on Conv2d, Conv1d and Linear: every group along the input channels at each tap keeps exactly 2, the largest', () => {
  const model = new Sequential({ c2: new Conv2d(8, 3, 3), c1: new Conv1d(4, 5, 2), fc: new Linear(12, 2) });
  const masks = nmMasks(model, { n: 2, m: 4 });
  const c2 = (model.childNamed('c2') as Conv2d).weight.view();
  const c1 = (model.childNamed('c1') as Conv1d).weight.view();
  const fc = (model.childNamed('fc') as Linear).weight.view();
  assert.equal(checkPattern(c2, masks.get('c2.weight')!, 3, 8, 9, 2, 4), 3 * 9 * 2);
  assert.equal(checkPattern(c1, masks.get('c1.weight')!, 5, 4, 2, 2, 4), 5 * 2);
  assert.equal(checkPattern(fc, masks.get('fc.weight')!, 2, 12, 1, 2, 4), 2 * 3);
  assert.equal(maskSparsity(masks), 0.5);
});

test('a reduction length that is not a multiple of m is an error naming the layer; include leaves it out', () => {
  const model = resnet8({ inputSize: 16 });
  assert.throws(() => nmMasks(model, { n: 2, m: 4 }), /Conv2d "stem.conv" reduces over 3 input channels per group, not a multiple of m = 4; leave it out with include/);
  const masks = nmMasks(model, { n: 2, m: 4, include: (path) => path !== 'stem.conv' });
  assert.equal(masks.size, 9);
  assert.equal(maskSparsity(masks), 0.5);
  assert.throws(() => nmMasks(model, { n: 3, m: 2 }), /n \(3\) must not exceed m \(2\)/);
  assert.throws(() => nmMasks(model, { n: 0, m: 4 }), /n must be an integer >= 1, got 0/);
  assert.throws(() => nmMasks(model, { n: 1, m: 2.5 }), /m must be an integer >= 1, got 2.5/);
});
