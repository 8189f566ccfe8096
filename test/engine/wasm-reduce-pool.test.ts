/** Reductions (sum, max, argmax) and pooling on the wasm backend against the reference backend. */
import { test } from 'node:test';
import type { Pads2d, Pair } from '../../src/engine/primitives.js';
import { windowOutSize } from '../../src/engine/primitives.js';
import { sizeOf, type Shape } from '../../src/engine/shape.js';
import { checkAgainstReference, randomFloats, randomInts } from './wasm-harness.js';

const REDUCTIONS: [Shape, number[]][] = [
  [[1], [0]],
  [[7], [0]],
  [[1000], [0]],
  [[5, 17], [1]], // last axis (rows)
  [[5, 17], [0]], // first axis (middle, A = 1)
  [[5, 17], [0, 1]],
  [[3, 33, 5], [1]], // middle
  [[6, 4, 5, 7], [0, 2, 3]], // NCHW per channel (outer + inner)
  [[64, 16, 32, 32], [0, 2, 3]], // batch norm statistics at ResNet-8 scale
  [[2, 3, 4, 5], [2, 3]], // global average pooling (rows)
  [[2, 3, 4, 5], [0, 1]], // leading axes (middle)
  [[2, 1, 4, 1], [1, 3]], // only size-1 axes reduced (copy)
  [[2, 3, 4, 5], [0, 2]], // R K R K: reference fallback
  [[3, 1, 5], [0, 1]],
  [[3, 4], []], // no axes: copy
];

for (const prim of ['sum', 'max'] as const) {
  for (const keepDims of [false, true]) {
    test(`${prim} keepDims=${keepDims}`, () => {
      for (const [shape, axes] of REDUCTIONS) {
        const reduced = axes.reduce((n, a) => n * shape[a]!, 1);
        // A sum of n values in [-1, 1) has magnitude ~sqrt(n): judge its error against that.
        // [2, 3, 4, 5] over [0, 2] alternates R K R K: the reference kernel runs it.
        const native = !(shape.length === 4 && axes.join() === '0,2');
        checkAgainstReference(prim, [randomFloats(shape)], { axes, keepDims }, { rtol: 1e-6, scale: Math.sqrt(reduced), native });
      }
    });
  }
}

test('max propagates NaN, sum of +-inf', () => {
  const x = randomFloats([4, 9]);
  (x.data as Float64Array)[5] = NaN;
  (x.data as Float64Array)[20] = Infinity;
  (x.data as Float64Array)[30] = -Infinity;
  for (const axes of [[0], [1], [0, 1]]) {
    checkAgainstReference('max', [x], { axes, keepDims: false });
    checkAgainstReference('sum', [x], { axes, keepDims: false });
  }
});

test('argmax: first maximum, NaN wins, every axis', () => {
  const x = randomInts([3, 5, 7], 'float32', -2, 2); // many ties
  (x.data as Float64Array)[40] = NaN;
  for (const axis of [0, 1, 2]) checkAgainstReference('argmax', [x], { axis });
  checkAgainstReference('argmax', [randomFloats([64, 10])], { axis: 1 });
  checkAgainstReference('argmax', [randomFloats([1])], { axis: 0 });
});

test('float64 reductions fall back to the reference kernel', () => {
  checkAgainstReference('sum', [randomFloats([3, 5], 'float64')], { axes: [1], keepDims: false }, { rtol: 1e-12, native: false });
});

interface PoolCase { shape: [number, number, number, number]; kernel: Pair; stride: Pair; pad: Pads2d }

const POOLS: PoolCase[] = [
  { shape: [2, 3, 8, 8], kernel: [2, 2], stride: [2, 2], pad: [0, 0, 0, 0] },
  { shape: [1, 2, 7, 9], kernel: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1] },
  { shape: [2, 1, 5, 5], kernel: [3, 3], stride: [1, 1], pad: [1, 1, 1, 1] },
  { shape: [1, 3, 6, 11], kernel: [2, 3], stride: [1, 2], pad: [0, 1, 1, 2] },
  { shape: [3, 2, 1, 1], kernel: [1, 1], stride: [1, 1], pad: [0, 0, 0, 0] },
  { shape: [1, 1, 8, 8], kernel: [8, 8], stride: [1, 1], pad: [0, 0, 0, 0] },
];

for (const c of POOLS) {
  const label = `${c.shape.join('x')} k${c.kernel.join('x')} s${c.stride.join('x')} p${c.pad.join(',')}`;
  const Ho = windowOutSize(c.shape[2], c.kernel[0], c.stride[0], c.pad[0], c.pad[2]);
  const Wo = windowOutSize(c.shape[3], c.kernel[1], c.stride[1], c.pad[1], c.pad[3]);
  const params = { kernel: c.kernel, stride: c.stride, pad: c.pad };
  test(`maxPool2d and grad ${label}`, () => {
    const x = randomInts(c.shape, 'float32', -3, 3); // ties pick the first maximum
    if (sizeOf(c.shape) > 4) (x.data as Float64Array)[3] = NaN;
    const dy = randomFloats([c.shape[0], c.shape[1], Ho, Wo]);
    checkAgainstReference('maxPool2d', [x], params);
    checkAgainstReference('maxPool2dGrad', [x, dy], params, { rtol: 1e-6 });
  });
  for (const countIncludePad of [false, true]) {
    test(`avgPool2d and grad ${label} countIncludePad=${countIncludePad}`, () => {
      const x = randomFloats(c.shape);
      const dy = randomFloats([c.shape[0], c.shape[1], Ho, Wo]);
      checkAgainstReference('avgPool2d', [x], { ...params, countIncludePad }, { rtol: 1e-6 });
      checkAgainstReference('avgPool2dGrad', [dy], { ...params, countIncludePad, inputHW: [c.shape[2], c.shape[3]] }, { rtol: 1e-6 });
    });
  }
}
