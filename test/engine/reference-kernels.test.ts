/**
 * Reference kernels, elementwise to matmul: hand-computed cases and naive
 * definitions written here by index arithmetic, independent of the kernels'
 * strided walkers. Conv and pooling live in reference-conv / reference-pool.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRIMITIVES, type BinaryPrimitive } from '../../src/engine/primitives.js';
import { shapeRules } from '../../src/engine/shape-rules.js';
import { referenceKernels } from '../../src/engine/backends/reference/kernels.js';
import { erf } from '../../src/engine/backends/reference/erf.js';
import { Rng } from '../../src/engine/random.js';
import { sizeOf, type Shape } from '../../src/engine/shape.js';
import { arr, assertClose, randomArr, ravelBroadcast, run, unravel, type Arr } from './reference-harness.js';

test('every primitive has a reference kernel and a shape rule, and nothing else does', () => {
  const prims = [...PRIMITIVES].sort();
  assert.deepEqual(Object.keys(referenceKernels).sort(), prims);
  assert.deepEqual(Object.keys(shapeRules).sort(), prims);
  for (const p of PRIMITIVES) {
    assert.equal(typeof referenceKernels[p], 'function', p);
    assert.equal(typeof shapeRules[p], 'function', p);
  }
});

test('unary kernels: hand values in float32 and float64', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const x = arr([5], [-2, -0.5, 0, 0.5, 3], dtype);
    const tol = dtype === 'float32' ? 1e-7 : 1e-15;
    assertClose(run('neg', [x], {}).data, [2, 0.5, -0, -0.5, -3], 0, 'neg');
    assertClose(run('abs', [x], {}).data, [2, 0.5, 0, 0.5, 3], 0, 'abs');
    assertClose(run('relu', [x], {}).data, [0, 0, 0, 0.5, 3], 0, 'relu');
    assertClose(run('clip', [x], { min: -1, max: 1 }).data, [-1, -0.5, 0, 0.5, 1], 0, 'clip');
    assertClose(run('exp', [x], {}).data, [Math.exp(-2), Math.exp(-0.5), 1, Math.exp(0.5), Math.exp(3)], tol, 'exp');
    assertClose(run('tanh', [x], {}).data, [Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(0.5), Math.tanh(3)], tol, 'tanh');
    assertClose(run('sigmoid', [x], {}).data, [1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(0.5)), 0.5, 1 / (1 + Math.exp(-0.5)), 1 / (1 + Math.exp(-3))], tol, 'sigmoid');
    const pos = arr([3], [0.25, 1, 9], dtype);
    assertClose(run('log', [pos], {}).data, [Math.log(0.25), 0, Math.log(9)], tol, 'log');
    assertClose(run('sqrt', [pos], {}).data, [0.5, 1, 3], 0, 'sqrt');
  }
});

test('round: ties go to the even neighbour (ONNX Round, IEEE roundTiesToEven)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const x = arr([10], [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4999, -2.5001, 7, -0.2], dtype);
    assertClose(run('round', [x], {}).data, [-2, -2, -0, 0, 2, 2, 2, -3, 7, -0], 0, `round ${dtype}`);
  }
});

test('unary kernels: limits and NaN', () => {
  const x = arr([4], [-1000, 1000, NaN, -0], 'float64');
  assertClose(run('sigmoid', [x], {}).data, [0, 1, NaN, 0.5], 0, 'sigmoid');
  assertClose(run('relu', [x], {}).data, [0, 1000, NaN, 0], 0, 'relu');
  assert.ok(Object.is(run('relu', [x], {}).data[3], 0), 'relu(-0) is +0');
  assertClose(run('clip', [x], { min: -1, max: 2 }).data, [-1, 2, NaN, -0], 0, 'clip');
  assertClose(run('erf', [arr([3], [Infinity, -Infinity, NaN], 'float64')], {}).data, [1, -1, NaN], 0, 'erf limits');
});

test('erf matches 30-digit values to 1e-15 on both sides of the series/continued-fraction switch', () => {
  // mpmath.erf at 30 digits, rounded to float64.
  const table: [number, number][] = [
    [1e-10, 1.1283791670955126e-10], [0.1, 0.1124629160182849], [0.5, 0.5204998778130465],
    [1, 0.8427007929497149], [1.5, 0.9661051464753108], [2.4999, 0.9995928300996666],
    [2.5, 0.999593047982555], [3, 0.9999779095030014], [4, 0.9999999845827421],
    [5.5, 0.9999999999999927], [6, 1], [10, 1],
  ];
  for (const [x, e] of table) {
    assert.ok(Math.abs(erf(x) - e) <= 1e-15, `erf(${x}) = ${erf(x)}, expected ${e}`);
    assert.equal(erf(-x), -erf(x), `erf is odd at ${x}`);
  }
  const k = run('erf', [arr([2], [0.5, -3], 'float32')], {});
  assertClose(k.data, [Math.fround(0.5204998778130465), Math.fround(-0.9999779095030014)], 0, 'erf float32');
});

const BINARY_DEFS: { readonly [P in BinaryPrimitive]: (a: number, b: number) => number } = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b,
  maximum: (a, b) => Math.max(a, b), cmpGt: (a, b) => (a > b ? 1 : 0), cmpEq: (a, b) => (a === b ? 1 : 0),
};

/** Broadcast evaluation by explicit index arithmetic. */
function naiveBroadcast(outShape: Shape, operands: readonly Arr[], f: (...v: number[]) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < sizeOf(outShape); i++) {
    const idx = unravel(i, outShape);
    out.push(f(...operands.map((o) => o.data[ravelBroadcast(idx, o.shape)]!)));
  }
  return out;
}

test('binary kernels broadcast like NumPy on many shape pairs', () => {
  const rng = new Rng(1);
  const pairs: [Shape, Shape][] = [
    [[2, 3], [2, 3]], [[2, 3], [3]], [[2, 3], [1]], [[1], [2, 3]], [[], [4]], [[2, 1], [1, 3]],
    [[2, 1, 3], [4, 1]], [[3, 1, 1, 2], [1, 5, 1]], [[2, 3, 4], [2, 1, 4]], [[1, 1], [1, 1]], [[0, 3], [3]], [[2, 2, 2, 2], [2, 1, 2, 1]],
  ];
  for (const [sa, sb] of pairs) {
    const a = randomArr(rng, sa), b = randomArr(rng, sb);
    // make ties likely so cmpEq and maximum see equal operands
    for (let i = 0; i < b.data.length; i += 2) b.data[i] = a.data[i % Math.max(1, a.data.length)] ?? 0;
    for (const op of Object.keys(BINARY_DEFS) as BinaryPrimitive[]) {
      const out = run(op, [a, b], {});
      assertClose(out.data, naiveBroadcast(out.shape, [a, b], BINARY_DEFS[op]), 0, `${op} [${sa}] x [${sb}]`);
    }
  }
});

test('binary kernels: hand cases, float32 rounding, NaN and int32 wrapping', () => {
  const a = arr([2, 3], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...run('add', [a, arr([3], [10, 20, 30])], {}).data], [11, 22, 33, 14, 25, 36]);
  assert.deepEqual([...run('sub', [a, arr([2, 1], [1, 2])], {}).data], [0, 1, 2, 2, 3, 4]);
  assert.deepEqual([...run('div', [arr([], [1]), arr([2], [3, 4])], {}).data], [Math.fround(1 / 3), 0.25]);
  assert.deepEqual([...run('maximum', [arr([3], [1, NaN, -0], 'float64'), arr([3], [2, 0, 0], 'float64')], {}).data], [2, NaN, 0]);
  assert.deepEqual([...run('cmpGt', [arr([3], [1, NaN, 2]), arr([3], [0, 0, 2])], {}).data], [1, 0, 0]);
  assert.deepEqual([...run('cmpEq', [arr([3], [1, NaN, 2]), arr([3], [0, NaN, 2])], {}).data], [0, 0, 1]);
  const big = arr([3], [2147483647, -2147483648, 46341], 'int32');
  const out = run('add', [big, arr([3], [1, -1, 0], 'int32')], {});
  assert.equal(out.dtype, 'int32');
  assert.deepEqual([...out.data], [-2147483648, 2147483647, 46341]);
  // 46341^2 = 2147488281 wraps to -2147479015; 65536^2 = 2^32 wraps to 0.
  assert.deepEqual([...run('mul', [big, arr([3], [1, 1, 46341], 'int32')], {}).data], [2147483647, -2147483648, -2147479015]);
  assert.deepEqual([...run('mul', [arr([1], [65536], 'int32'), arr([1], [65536], 'int32')], {}).data], [0]);
  // 3 * 715827883 = 2147483649 exceeds 2^31 by 1 -> wraps to -2147483647 (imul, not a float product)
  assert.deepEqual([...run('mul', [arr([1], [3], 'int32'), arr([1], [715827883], 'int32')], {}).data], [-2147483647]);
  assert.deepEqual([...run('sub', [arr([1], [-2147483648], 'int32'), arr([1], [1], 'int32')], {}).data], [2147483647]);
});

test('where broadcasts three operands; any nonzero cond (NaN too) selects a', () => {
  const cond = arr([2, 1], [0, NaN], 'float32');
  const a = arr([3], [1, 2, 3], 'int32');
  const b = arr([2, 3], [-1, -2, -3, -4, -5, -6], 'int32');
  const out = run('where', [cond, a, b], {});
  assert.equal(out.dtype, 'int32');
  assert.deepEqual(out.shape, [2, 3]);
  assert.deepEqual([...out.data], [-1, -2, -3, 1, 2, 3]);
  const rng = new Rng(2);
  const c = arr([4, 1, 3], Array.from({ length: 12 }, () => rng.int(2)), 'int8');
  const x = randomArr(rng, [2, 1]), y = randomArr(rng, [1, 2, 3]);
  const w = run('where', [c, x, y], {});
  assertClose(w.data, naiveBroadcast(w.shape, [c, x, y], (cv, xv, yv) => (cv !== 0 ? xv! : yv!)), 0, 'where');
});

/** Sum or max over `axes` by enumerating the input and scattering into the kept index. */
function naiveReduce(x: Arr, axes: readonly number[], kind: 'sum' | 'max'): number[] {
  const keep = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Array<number>(sizeOf(keep)).fill(kind === 'sum' ? 0 : -Infinity);
  for (let i = 0; i < x.data.length; i++) {
    const o = ravelBroadcast(unravel(i, x.shape), keep);
    out[o] = kind === 'sum' ? out[o]! + x.data[i]! : Math.max(out[o]!, x.data[i]!);
  }
  return out;
}

test('sum and max over every subset of axes of a rank-4 tensor, with and without keepDims', () => {
  const rng = new Rng(3);
  const x = randomArr(rng, [2, 3, 1, 4]);
  for (let mask = 0; mask < 16; mask++) {
    const axes = [0, 1, 2, 3].filter((a) => mask & (1 << a));
    for (const keepDims of [false, true]) {
      for (const kind of ['sum', 'max'] as const) {
        const out = run(kind, [x], { axes, keepDims });
        const expectedShape = x.shape.flatMap((d, i) => (!axes.includes(i) ? [d] : keepDims ? [1] : []));
        assert.deepEqual(out.shape, expectedShape);
        assertClose(out.data, naiveReduce(x, axes, kind), 1e-14, `${kind} axes [${axes}] keepDims ${keepDims}`);
      }
    }
  }
});

test('sum accumulates float32 input in float64; max propagates NaN', () => {
  // Sequential float32 addition gives 1e8 + 1 = 1e8, then 0; the exact sum is 1.
  assert.deepEqual([...run('sum', [arr([3], [1e8, 1, -1e8])], { axes: [0], keepDims: false }).data], [1]);
  assert.deepEqual([...run('max', [arr([2, 2], [1, NaN, 3, 4])], { axes: [1], keepDims: false }).data], [NaN, 4]);
  assert.deepEqual([...run('sum', [arr([0, 2], [])], { axes: [0], keepDims: true }).data], [0, 0]);
});

test('argmax: first maximum on ties, first NaN wins, middle axis', () => {
  const x = arr([2, 3, 2], [1, 9, 5, 9, 5, 0, 0, NaN, 7, 1, 7, NaN]);
  const out = run('argmax', [x], { axis: 1 });
  assert.equal(out.dtype, 'int32');
  assert.deepEqual(out.shape, [2, 2]);
  // column (0,0): [1,5,5] -> 1 (first 5); (0,1): [9,9,0] -> 0; (1,0): [0,7,7] -> 1; (1,1): [NaN,1,NaN] -> 0
  assert.deepEqual([...out.data], [1, 0, 1, 0]);
  assert.deepEqual([...run('argmax', [arr([4], [-3, -1, -2, -1])], { axis: 0 }).data], [1]);
});

test('reshape and permute', () => {
  const x = arr([2, 3], [1, 2, 3, 4, 5, 6], 'int8');
  const r = run('reshape', [x], { shape: [3, 1, 2] });
  assert.deepEqual([r.shape, [...r.data]], [[3, 1, 2], [1, 2, 3, 4, 5, 6]]);
  assert.deepEqual([...run('permute', [x], { perm: [1, 0] }).data], [1, 4, 2, 5, 3, 6]);
  const rng = new Rng(4);
  const y = randomArr(rng, [2, 3, 4, 5]);
  const perm = [2, 0, 3, 1];
  const out = run('permute', [y], { perm });
  assert.deepEqual(out.shape, [4, 2, 5, 3]);
  for (let i = 0; i < out.data.length; i++) {
    const oi = unravel(i, out.shape);
    const xi = new Array<number>(4);
    perm.forEach((p, d) => (xi[p] = oi[d]!));
    assert.equal(out.data[i], y.data[ravelBroadcast(xi, y.shape)], `permute at [${oi}]`);
  }
});

test('expand, slice and pad', () => {
  const x = arr([3, 1], [1, 2, 3], 'int32');
  const e = run('expand', [x], { shape: [2, 3, 2] });
  assert.deepEqual([...e.data], [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
  const y = arr([3, 4], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const s = run('slice', [y], { starts: [1, 1], ends: [3, 3] });
  assert.deepEqual([s.shape, [...s.data]], [[2, 2], [5, 6, 9, 10]]);
  assert.deepEqual(run('slice', [y], { starts: [1, 2], ends: [1, 4] }).shape, [0, 2]);
  const p = run('pad', [arr([2, 2], [1, 2, 3, 4], 'int8')], { pads: [[1, 0], [0, 2]], value: -5 });
  assert.deepEqual([p.shape, [...p.data]], [[3, 4], [-5, -5, -5, -5, 1, 2, -5, -5, 3, 4, -5, -5]]);
  const q = run('pad', [arr([1, 1, 2], [7, 8], 'float64')], { pads: [[0, 0], [1, 1], [0, 1]], value: -Infinity });
  assert.deepEqual([...q.data], [-Infinity, -Infinity, -Infinity, 7, 8, -Infinity, -Infinity, -Infinity, -Infinity]);
});

test('concat along each axis of three inputs', () => {
  const a = arr([1, 2, 2], [1, 2, 3, 4]);
  const b = arr([1, 2, 2], [5, 6, 7, 8]);
  const c = arr([1, 2, 2], [9, 10, 11, 12]);
  assert.deepEqual([...run('concat', [a, b, c], { axis: 0 }).data], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual([...run('concat', [a, b, c], { axis: 1 }).data], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const z = run('concat', [a, b, c], { axis: 2 });
  assert.deepEqual([z.shape, [...z.data]], [[1, 2, 6], [1, 2, 5, 6, 9, 10, 3, 4, 7, 8, 11, 12]]);
  const u = run('concat', [arr([2, 1], [1, 2]), arr([2, 0], []), arr([2, 2], [3, 4, 5, 6])], { axis: 1 });
  assert.deepEqual([...u.data], [1, 3, 4, 2, 5, 6]);
});

test('cast truncates toward zero and saturates, NaN -> 0; float casts round to nearest', () => {
  const x = arr([10], [127.9, -128.9, 300, -300, NaN, Infinity, -Infinity, 2.7, -2.7, -0.5], 'float64');
  assert.deepEqual([...run('cast', [x], { dtype: 'int8' }).data], [127, -128, 127, -128, 0, 127, -128, 2, -2, 0]);
  const big = arr([4], [3e9, -3e9, 2147483647.9, -2147483648.9], 'float64');
  assert.deepEqual([...run('cast', [big], { dtype: 'int32' }).data], [2147483647, -2147483648, 2147483647, -2147483648]);
  assert.deepEqual([...run('cast', [arr([3], [200, -129, 5], 'int32')], { dtype: 'int8' }).data], [127, -128, 5]);
  assert.deepEqual([...run('cast', [arr([2], [0.1, 1 / 3], 'float64')], { dtype: 'float32' }).data], [Math.fround(0.1), Math.fround(1 / 3)]);
  assert.deepEqual([...run('cast', [arr([2], [-128, 127], 'int8')], { dtype: 'float32' }).data], [-128, 127]);
  assert.deepEqual([...run('cast', [arr([2], [16777217, -5], 'int32')], { dtype: 'float32' }).data], [16777216, -5]);
});

/** a(m,k) of a stored matrix at batch t, honouring broadcast of batch 1 and the transpose flag. */
function entry(x: Arr, t: number, r: number, c: number, trans: boolean): number {
  const rank = x.shape.length;
  const [sr, sc] = [x.shape[rank - 2]!, x.shape[rank - 1]!];
  const batch = rank === 3 && x.shape[0] !== 1 ? t : 0;
  return trans ? x.data[batch * sr * sc + c * sc + r]! : x.data[batch * sr * sc + r * sc + c]!;
}

function naiveMatmul(a: Arr, b: Arr, transA: boolean, transB: boolean, outShape: Shape): number[] {
  const [M, N] = outShape.slice(-2) as [number, number];
  const K = transA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
  const B = outShape.length === 3 ? outShape[0]! : 1;
  const out: number[] = [];
  for (let t = 0; t < B; t++) {
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += entry(a, t, m, k, transA) * entry(b, t, k, n, transB);
        out.push(s);
      }
    }
  }
  return out;
}

test('matmul: hand case and every transpose/batch combination against a naive definition', () => {
  const a = arr([2, 3], [1, 2, 3, 4, 5, 6]);
  const b = arr([3, 2], [7, 8, 9, 10, 11, 12]);
  assert.deepEqual([...run('matmul', [a, b], { transA: false, transB: false }).data], [58, 64, 139, 154]);
  const rng = new Rng(5);
  const M = 3, K = 4, N = 2;
  const batchShapes: [number | null, number | null][] = [[null, null], [2, null], [null, 2], [2, 2], [1, 3], [3, 1]];
  for (const [ba, bb] of batchShapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const sa = transA ? [K, M] : [M, K], sb = transB ? [N, K] : [K, N];
        const x = randomArr(rng, ba === null ? sa : [ba, ...sa]);
        const y = randomArr(rng, bb === null ? sb : [bb, ...sb]);
        const out = run('matmul', [x, y], { transA, transB });
        const what = `matmul a [${x.shape}] b [${y.shape}] transA ${transA} transB ${transB}`;
        assertClose(out.data, naiveMatmul(x, y, transA, transB, out.shape), 1e-14, what);
      }
    }
  }
});

test('matmulInt8 accumulates exactly in int32, with transposes', () => {
  const a = arr([2, 3], [-128, -128, 127, 1, 2, 3], 'int8');
  const b = arr([3, 2], [-128, 1, -128, 0, 127, -1], 'int8');
  const out = run('matmulInt8', [a, b], { transA: false, transB: false });
  assert.equal(out.dtype, 'int32');
  // row 0: 16384 + 16384 + 16129 = 48897 ; -128 + 0 - 127 = -255
  // row 1: -128 - 256 + 381 = -3 ; 1 + 0 - 3 = -2
  assert.deepEqual([...out.data], [48897, -255, -3, -2]);
  const rng = new Rng(6);
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const x = randomArr(rng, transA ? [64, 5] : [5, 64], 'int8');
      const y = randomArr(rng, transB ? [3, 64] : [64, 3], 'int8');
      const o = run('matmulInt8', [x, y], { transA, transB });
      assert.deepEqual([...o.data], naiveMatmul(x, y, transA, transB, o.shape), `int8 transA ${transA} transB ${transB}`);
    }
  }
});
