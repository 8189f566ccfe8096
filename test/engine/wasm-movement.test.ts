/** Movement primitives and cast on the wasm backend against the reference backend, every dtype. */
import { test } from 'node:test';
import type { DType } from '../../src/engine/dtype.js';
import type { Shape } from '../../src/engine/shape.js';
import { checkAgainstReference, randomFloats, randomInts, type HostTensor } from './wasm-harness.js';

const DTYPES: DType[] = ['float32', 'float64', 'int32', 'int8'];

function input(shape: Shape, dtype: DType): HostTensor {
  return dtype === 'int8' ? randomInts(shape, dtype, -128, 127) : dtype === 'int32' ? randomInts(shape, dtype, -1e9, 1e9) : randomFloats(shape, dtype);
}

for (const dtype of DTYPES) {
  test(`reshape, permute, expand (${dtype})`, () => {
    checkAgainstReference('reshape', [input([3, 4, 5], dtype)], { shape: [12, 5] });
    for (const [shape, perm] of [
      [[3, 5], [1, 0]], // 2-D transpose (SIMD path for 4-byte types)
      [[17, 33], [1, 0]],
      [[2, 3, 4], [0, 2, 1]], // batched transpose
      [[2, 3, 4, 5], [0, 2, 3, 1]], // NCHW -> NHWC
      [[2, 3, 4, 5], [3, 1, 0, 2]],
      [[1, 3, 1, 5], [2, 0, 3, 1]],
      [[2, 2, 2, 2, 2, 2, 2], [6, 5, 4, 3, 2, 1, 0]], // 7 axes: reference fallback
    ] as [Shape, number[]][]) {
      checkAgainstReference('permute', [input(shape, dtype)], { perm }, { native: shape.length <= 6 });
    }
    for (const [shape, to] of [
      [[3], [4, 3]],
      [[4, 1], [4, 5]],
      [[1, 3, 1, 1], [2, 3, 4, 5]],
      [[1], [7]],
    ] as [Shape, number[]][]) {
      checkAgainstReference('expand', [input(shape, dtype)], { shape: to });
    }
  });

  test(`slice, pad, concat (${dtype})`, () => {
    const x = input([4, 5, 6], dtype);
    checkAgainstReference('slice', [x], { starts: [1, 0, 2], ends: [3, 5, 5] });
    checkAgainstReference('slice', [x], { starts: [0, 2, 0], ends: [4, 2, 6] }); // empty
    checkAgainstReference('slice', [x], { starts: [3, 4, 5], ends: [4, 5, 6] });
    checkAgainstReference('pad', [x], { pads: [[0, 0], [1, 2], [3, 0]], value: dtype === 'int8' ? -7 : dtype === 'int32' ? -123456 : 1.5 });
    checkAgainstReference('pad', [input([2, 3, 5, 5], dtype)], { pads: [[0, 0], [0, 0], [1, 1], [1, 1]], value: 0 });
    for (const axis of [0, 1, 2]) {
      const a = input([4, 5, 6].map((d, i) => (i === axis ? 1 : d)), dtype);
      const b = input([4, 5, 6].map((d, i) => (i === axis ? 3 : d)), dtype);
      checkAgainstReference('concat', [a, b, x], { axis });
    }
  });
}

test('cast between every pair of dtypes (truncate, saturate, NaN -> 0)', () => {
  const specials = [0, -0, 0.5, -0.5, 1.9, -1.9, 127.5, 128, -128.7, -129, 300, -300, 3e9, -3e9, Infinity, -Infinity, NaN, 2147483520, -2147483648];
  for (const from of DTYPES) {
    for (const to of DTYPES) {
      const x = from === 'float32' || from === 'float64' ? { shape: [specials.length], dtype: from, data: specials } : input([37], from);
      // float64 casts run on the reference kernel.
      const native = from !== 'float64' && to !== 'float64';
      checkAgainstReference('cast', [x], { dtype: to }, { native });
      checkAgainstReference('cast', [input([5, 7], from)], { dtype: to }, { native });
    }
  }
});
