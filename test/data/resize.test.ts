import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/random.js';
import { resizeChw } from '../../src/data/image-resize.js';

test('integer-factor shrink is the exact mean of each k x k block, per channel', () => {
  // Two channels of 4 x 4; 2 x 2 block means worked out by hand.
  const src = [
    1, 2, 3, 4,
    5, 6, 7, 8,
    9, 10, 11, 12,
    13, 14, 15, 16,
    0, 0, 255, 255,
    0, 0, 255, 255,
    255, 0, 10, 20,
    0, 0, 30, 40,
  ];
  assert.deepEqual([...resizeChw(src, [2, 4, 4], 2, 2)], [3.5, 5.5, 11.5, 13.5, 0, 255, 63.75, 25]);
  assert.deepEqual([...resizeChw(src.slice(0, 16), [1, 4, 4], 1, 1)], [8.5]);
});

test('a 64 -> 32 shrink averages 2 x 2 blocks exactly and keeps the image mean', () => {
  const rng = new Rng(3);
  const src = Float32Array.from({ length: 3 * 64 * 64 }, () => rng.int(256));
  const out = resizeChw(src, [3, 64, 64], 32, 32);
  for (const [c, y, x] of [[0, 0, 0], [1, 17, 9], [2, 31, 31]] as const) {
    const at = (yy: number, xx: number) => src[c * 4096 + yy * 64 + xx]!;
    const expected = (at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1)) / 4;
    assert.equal(out[c * 1024 + y * 32 + x], expected);
  }
  const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(Math.abs(mean(out) - mean(src)) < 1e-9);
});

test('non-integer shrink weights each source pixel by the fraction it covers (3 -> 2)', () => {
  // Output 0 covers [0, 1.5): pixel 0 fully, pixel 1 half: (0 + 0.5 * 3) / 1.5 = 1; output 1: (0.5 * 3 + 6) / 1.5 = 5.
  assert.deepEqual([...resizeChw([0, 3, 6], [1, 1, 3], 1, 2)], [1, 5]);
  assert.deepEqual([...resizeChw([0, 3, 6], [1, 3, 1], 2, 1)], [1, 5]);
});

test('growing interpolates linearly between half-pixel centres, clamped at the borders', () => {
  // PyTorch F.interpolate([0, 1], size=4, mode='linear', align_corners=False) gives [0, 0.25, 0.75, 1].
  assert.deepEqual([...resizeChw([0, 1], [1, 1, 2], 1, 4)], [0, 0.25, 0.75, 1]);
  // 2 x 2 -> 4 x 4 bilinear: the inner 2 x 2 are the separable products.
  const out = resizeChw([0, 4, 8, 12], [1, 2, 2], 4, 4);
  assert.deepEqual([...out.slice(4, 8)], [2, 3, 5, 6]);
  assert.deepEqual([...out.slice(0, 4)], [0, 1, 3, 4]);
});

test('mixed (shrink one axis, grow the other), constant images and the identity', () => {
  const rng = new Rng(9);
  const src = Float32Array.from({ length: 2 * 6 * 3 }, () => rng.next() * 255);
  const mixed = resizeChw(src, [2, 6, 3], 4, 5);
  assert.equal(mixed.length, 2 * 4 * 5);
  const [lo, hi] = [Math.min(...src), Math.max(...src)];
  assert.ok(mixed.every((v) => v >= lo - 1e-4 && v <= hi + 1e-4), 'convex: no overshoot');
  for (const [h, w] of [[24, 24], [7, 5], [100, 90], [1, 1]] as const) {
    assert.ok(resizeChw(new Float32Array(3 * 64 * 64).fill(173), [3, 64, 64], h, w).every((v) => v === 173), `constant kept at ${h} x ${w}`);
  }
  const same = resizeChw(src, [2, 6, 3], 6, 3);
  assert.deepEqual(same, src);
  assert.notEqual(same, src, 'a copy, not the input');
});

test('resizeChw rejects a source whose length does not match the shape, and non-positive sizes', () => {
  assert.throws(() => resizeChw([1, 2, 3], [1, 2, 2], 1, 1), /src holds 3 values, expected \[1, 2, 2\] = 4/);
  assert.throws(() => resizeChw([1], [1, 1, 1], 0, 1), /outHeight must be a positive integer, got 0/);
});
