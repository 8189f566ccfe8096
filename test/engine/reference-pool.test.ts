/**
 * Reference pooling: hand-computed windows (padding never wins a max;
 * count_include_pad as ONNX AveragePool), gradient routing to the first
 * maximum, and avgPool2dGrad as the adjoint of avgPool2d.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { arr, dot, randomArr, run } from './reference-harness.js';

const X = arr([1, 1, 3, 3], [-1, -2, -3, -4, -5, -6, -7, -8, -9], 'float64');

test('maxPool2d: padding cells never win, even over all-negative inputs', () => {
  const out = run('maxPool2d', [X], { kernel: [2, 2], stride: [2, 2], pad: [1, 1, 1, 1] });
  assert.deepEqual(out.shape, [1, 1, 2, 2]);
  // windows: {-1}, {-2,-3}, {-4,-7}, {-5,-6,-8,-9}
  assert.deepEqual([...out.data], [-1, -2, -4, -5]);
  const plain = run('maxPool2d', [arr([1, 2, 2, 2], [1, 5, 3, 2, 0, NaN, 4, 1], 'float32')], { kernel: [2, 2], stride: [1, 1], pad: [0, 0, 0, 0] });
  assert.deepEqual([...plain.data], [5, NaN]);
});

test('avgPool2d: countIncludePad divides by the full kernel, otherwise by the real cells', () => {
  const p = { kernel: [2, 2], stride: [2, 2], pad: [1, 1, 1, 1] } as const;
  const incl = run('avgPool2d', [X], { ...p, countIncludePad: true });
  assert.deepEqual([...incl.data], [-1 / 4, -5 / 4, -11 / 4, -28 / 4]);
  const excl = run('avgPool2d', [X], { ...p, countIncludePad: false });
  assert.deepEqual([...excl.data], [-1, -5 / 2, -11 / 2, -28 / 4]);
  const s = run('avgPool2d', [arr([1, 1, 2, 3], [1, 2, 3, 4, 5, 6], 'float32')], { kernel: [2, 2], stride: [1, 1], pad: [0, 0, 0, 0], countIncludePad: false });
  assert.deepEqual([...s.data], [3, 4]);
});

test('maxPool2dGrad routes each dy to the first maximum of its window and sums overlaps', () => {
  // 1x4 row, kernel 1x2 stride 1: windows (5,5) (5,1) (1,5); ties go to the first.
  const x = arr([1, 1, 1, 4], [5, 5, 1, 5], 'float64');
  const p = { kernel: [1, 2], stride: [1, 1], pad: [0, 0, 0, 0] } as const;
  const dy = arr([1, 1, 1, 3], [1, 10, 100], 'float64');
  assert.deepEqual([...run('maxPool2dGrad', [x, dy], p).data], [1, 10, 0, 100]);
  // with padding: padding never receives (there is no cell for it) and all of dy lands on real cells
  const dy2 = arr([1, 1, 2, 2], [1, 2, 3, 4], 'float64');
  const dx = run('maxPool2dGrad', [X, dy2], { kernel: [2, 2], stride: [2, 2], pad: [1, 1, 1, 1] });
  assert.deepEqual([...dx.data], [1, 2, 0, 3, 4, 0, 0, 0, 0]);
});

test('avgPool2dGrad is the adjoint of avgPool2d, with and without countIncludePad', () => {
  const rng = new Rng(21);
  const cases = [
    { x: [2, 3, 7, 6], kernel: [3, 2], stride: [2, 1], pad: [1, 0, 2, 1] },
    { x: [1, 2, 5, 5], kernel: [2, 2], stride: [3, 3], pad: [1, 1, 0, 0] },
    { x: [1, 1, 4, 4], kernel: [4, 4], stride: [1, 1], pad: [3, 3, 3, 3] },
  ] as const;
  for (const c of cases) {
    for (const countIncludePad of [true, false]) {
      const p = { kernel: c.kernel, stride: c.stride, pad: c.pad, countIncludePad };
      const x = randomArr(rng, c.x);
      const y = run('avgPool2d', [x], p);
      const dy = randomArr(rng, y.shape);
      const dx = run('avgPool2dGrad', [dy], { ...p, inputHW: [c.x[2], c.x[3]] });
      const lhs = dot(y.data, dy.data), rhs = dot(x.data, dx.data);
      assert.ok(Math.abs(lhs - rhs) <= 1e-12 * Math.max(1, Math.abs(lhs)), `adjoint ${JSON.stringify(p)}: ${lhs} vs ${rhs}`);
    }
  }
});

test('maxPool2dGrad is the derivative of maxPool2d along random directions (no ties)', () => {
  const rng = new Rng(22);
  const p = { kernel: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1] } as const;
  const x = randomArr(rng, [2, 2, 6, 5]);
  const v = randomArr(rng, x.shape);
  const y = run('maxPool2d', [x], p);
  const dy = randomArr(rng, y.shape);
  const dx = run('maxPool2dGrad', [x, dy], p);
  // Piecewise linear: for a small step the argmaxes do not move, so the
  // directional derivative is exact up to rounding.
  const h = 1e-7;
  const xh = arr(x.shape, x.data.map((xi, i) => xi + h * v.data[i]!), 'float64');
  const yh = run('maxPool2d', [xh], p);
  const directional = (dot(yh.data, dy.data) - dot(y.data, dy.data)) / h;
  assert.ok(Math.abs(directional - dot(v.data, dx.data)) <= 1e-6, `${directional} vs ${dot(v.data, dx.data)}`);
});
