/** matmul and matmulInt8 on the wasm backend against the reference backend. */
import { test } from 'node:test';
import { checkAgainstReference, randomFloats, randomInts } from './wasm-harness.js';

// Odd sizes straddle the 4 x 8 register tile, the 4-wide SIMD lanes and the
// 256 (f32) / 512 (int8) K blocks; 130 and 300 cross the 128-row A block.
const DIMS: [number, number, number][] = [
  [1, 1, 1], [1, 7, 3], [3, 5, 7], [5, 17, 33], [17, 33, 5], [33, 1, 17],
  [4, 8, 16], [16, 1024, 27], [64, 64, 576], [130, 300, 257], [7, 2050, 9],
];

for (const transA of [false, true]) {
  for (const transB of [false, true]) {
    test(`matmul f32 transA=${transA} transB=${transB}`, () => {
      for (const [M, N, K] of DIMS) {
        const a = randomFloats(transA ? [K, M] : [M, K]);
        const b = randomFloats(transB ? [N, K] : [K, N]);
        // A K-long dot product of [-1, 1) values has magnitude ~sqrt(K/9) and
        // float32 summation error ~K * 2^-24 of the terms' scale.
        checkAgainstReference('matmul', [a, b], { transA, transB }, { rtol: 1e-5, scale: Math.max(1, K / 16) });
      }
    });
  }
}

test('matmul f32 with batches and batch broadcast', () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[3, 5, 7], [3, 7, 9], false, false],
    [[3, 5, 7], [7, 9], false, false],
    [[5, 7], [4, 7, 9], false, false],
    [[1, 5, 7], [3, 7, 9], false, false],
    [[3, 7, 5], [9, 7], true, true],
    [[2, 17, 33], [1, 17, 3], true, false],
    [[6, 33, 17], [17, 5], false, false],
  ];
  for (const [sa, sb, transA, transB] of cases) {
    checkAgainstReference('matmul', [randomFloats(sa), randomFloats(sb)], { transA, transB }, { scale: 4 });
  }
});

test('matmul float64 falls back to the reference kernel', () => {
  checkAgainstReference('matmul', [randomFloats([5, 7], 'float64'), randomFloats([7, 3], 'float64')], { transA: false, transB: false }, { rtol: 1e-12, native: false });
});

for (const transA of [false, true]) {
  for (const transB of [false, true]) {
    test(`matmulInt8 is exact, transA=${transA} transB=${transB}`, () => {
      for (const [M, N, K] of [...DIMS, [9, 40, 1030] as [number, number, number]]) {
        const a = randomInts(transA ? [K, M] : [M, K], 'int8', -128, 127);
        const b = randomInts(transB ? [N, K] : [K, N], 'int8', -128, 127);
        checkAgainstReference('matmulInt8', [a, b], { transA, transB });
      }
    });
  }
}
