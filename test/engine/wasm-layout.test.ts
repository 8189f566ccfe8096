/**
 * The strided-layout helpers every native elementwise and movement kernel
 * starts from (backends/wasm/ops/layout.ts), on the cases their comment
 * promises, and binary operands of equal size but different ranks, which
 * skip the layout (ops/binary.ts) and must still match the reference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { broadcastStridesTo, mergeAxes, padLayout } from '../../src/engine/backends/wasm/ops/layout.js';
import { BINARY_PRIMITIVES } from '../../src/engine/primitives.js';
import type { Shape } from '../../src/engine/shape.js';
import { checkAgainstReference, randomFloats, randomInts } from './wasm-harness.js';

test('broadcastStridesTo: row-major strides, 0 on broadcast and missing leading axes', () => {
  assert.deepEqual(broadcastStridesTo([2, 3, 4], [2, 3, 4]), [12, 4, 1]);
  assert.deepEqual(broadcastStridesTo([1, 3, 1, 1], [4, 3, 5, 7]), [0, 1, 0, 0]);
  assert.deepEqual(broadcastStridesTo([17], [6, 17]), [0, 1]);
  assert.deepEqual(broadcastStridesTo([6, 1], [6, 17]), [1, 0]);
  assert.deepEqual(broadcastStridesTo([], [2, 2]), [0, 0]);
  assert.deepEqual(broadcastStridesTo(Object.freeze([3, 1, 5]), [2, 3, 4, 5]), [0, 5, 0, 1]);
});

test('mergeAxes: an NCHW bias becomes [N, C, H·W]; a same-shape pair one axis; size-1 axes vanish', () => {
  const out = [4, 3, 5, 7];
  assert.deepEqual(mergeAxes(out, [broadcastStridesTo(out, out), broadcastStridesTo([1, 3, 1, 1], out)]), {
    sizes: [4, 3, 35], strides: [[105, 35, 1], [0, 1, 0]],
  });
  assert.deepEqual(mergeAxes([2, 3, 4], [[12, 4, 1], [12, 4, 1]]), { sizes: [24], strides: [[1], [1]] });
  assert.deepEqual(mergeAxes([1, 1], [[1, 1], [1, 1]]), { sizes: [], strides: [[], []] });
});

test('padLayout: left-pads with size-1, stride-0 axes; null past the rank', () => {
  assert.deepEqual(padLayout({ sizes: [6, 5], strides: [[5, 1], [0, 1]] }, 4), { sizes: [1, 1, 6, 5], strides: [[0, 0, 5, 1], [0, 0, 0, 1]] });
  assert.equal(padLayout({ sizes: [2, 2, 2], strides: [[4, 2, 1]] }, 2), null);
});

/** Equal element counts, different ranks: no broadcast, so the contiguous fast path runs. */
const SAME_SIZE: [Shape, Shape][] = [
  [[1, 5], [5]],
  [[5], [1, 1, 5]],
  [[2, 1, 3], [2, 3]],
  [[1], []],
];

for (const prim of BINARY_PRIMITIVES) {
  test(`${prim}: operands of equal size and different ranks match the reference`, () => {
    for (const [sa, sb] of SAME_SIZE) {
      checkAgainstReference(prim, [randomFloats(sa), randomFloats(sb)], {}, { rtol: 1e-6 });
    }
  });
}

test('int32 add, sub, mul: operands of equal size and different ranks match the reference', () => {
  for (const prim of ['add', 'sub', 'mul'] as const) {
    for (const [sa, sb] of SAME_SIZE) {
      checkAgainstReference(prim, [randomInts(sa, 'int32', -2147483648, 2147483647), randomInts(sb, 'int32', -2147483648, 2147483647)], {});
    }
  }
});
