/** Unary and binary elementwise primitives and `where` on the wasm backend against the reference backend. */
import { test } from 'node:test';
import { BINARY_PRIMITIVES, UNARY_PRIMITIVES, type UnaryPrimitive } from '../../src/engine/primitives.js';
import type { Shape } from '../../src/engine/shape.js';
import { checkAgainstReference, randomFloats, randomInts, type HostTensor } from './wasm-harness.js';

const SIZES = [1, 3, 4, 5, 7, 17, 33, 1000];

/** Inputs spread over each function's interesting range. */
function unaryInput(prim: UnaryPrimitive, n: number): HostTensor {
  const data = new Float64Array(n);
  const r = randomFloats([n]).data;
  for (let i = 0; i < n; i++) {
    const u = r[i]!;
    data[i] = prim === 'log' || prim === 'sqrt' ? Math.exp(40 * u) : prim === 'exp' ? 80 * u : prim === 'erf' ? 4 * u : 12 * u;
  }
  return { shape: [n], dtype: 'float32', data };
}

const SPECIALS = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-40, -1e-40, 1.17549435e-38, 3.4e38, -3.4e38, 88.7, 89, -87.4, -103, -110, 0.625, -0.625, 9, 20];

for (const prim of UNARY_PRIMITIVES) {
  const params = prim === 'clip' ? { min: -0.5, max: 0.75 } : {};
  test(`${prim}: random values, odd lengths`, () => {
    for (const n of SIZES) {
      // erf's |x| > 1 branch (A&S 7.1.26) is good to 1.5e-7 absolute on values >= 0.84.
      const rtol = prim === 'erf' ? 1e-6 : 1e-6;
      checkAgainstReference(prim, [unaryInput(prim, n)], params as never, { rtol, scale: 1e-30 });
    }
  });
  test(`${prim}: special values (0, -0, inf, NaN, subnormals, range edges)`, () => {
    // Subnormal results of exp are only checked absolutely (scale 1e-37).
    checkAgainstReference(prim, [{ shape: [SPECIALS.length], dtype: 'float32', data: SPECIALS }], params as never, { rtol: 1e-6, scale: 1e-37 });
  });
}

test('unary on float64 falls back to the reference kernel', () => {
  checkAgainstReference('tanh', [randomFloats([7], 'float64')], {}, { rtol: 1e-15, native: false });
});

/** Shape pairs; the alternating 5-axis one needs more than 4 merged axes and runs on the reference kernel. */
const BROADCASTS: [Shape, Shape][] = [
  [[5], [5]],
  [[33], [1]],
  [[1], [33]],
  [[], []],
  [[2, 3, 4, 5], [2, 3, 4, 5]],
  [[4, 3, 5, 7], [1, 3, 1, 1]], // NCHW bias
  [[1, 3, 1, 1], [4, 3, 5, 7]],
  [[6, 17], [17]], // [N, C] + [C]
  [[6, 17], [6, 1]], // per-row
  [[3, 1, 5], [1, 4, 1]], // outer product
  [[2, 1, 3, 1, 5], [1, 4, 1, 6, 1]], // alternating: more than 4 merged axes -> reference
  [[7, 1], [1, 9]],
  [[3], [2, 3]],
];

for (const prim of BINARY_PRIMITIVES) {
  test(`${prim}: broadcast layouts`, () => {
    for (const [sa, sb] of BROADCASTS) {
      const a = randomFloats(sa), b = randomFloats(sb);
      if (prim === 'cmpEq' || prim === 'maximum') {
        // Plant equal values so equality and ties are exercised.
        const ad = a.data as Float64Array, bd = b.data as Float64Array;
        for (let i = 0; i < Math.min(ad.length, bd.length); i += 2) ad[i] = bd[i]!;
      }
      checkAgainstReference(prim, [a, b], {}, { rtol: 1e-6, native: sa.length < 5 });
    }
  });
  test(`${prim}: special values`, () => {
    const xs = [0, -0, 1, -1, Infinity, -Infinity, NaN, 2.5];
    const a: number[] = [], b: number[] = [];
    for (const x of xs) for (const y of xs) {
      a.push(x);
      b.push(y);
    }
    checkAgainstReference(prim, [{ shape: [a.length], dtype: 'float32', data: a }, { shape: [b.length], dtype: 'float32', data: b }], {}, { rtol: 1e-6 });
  });
}

/** int32 edge values: the extremes, products that wrap (46341² > 2^31, 3 · 715827883 = 2^31 + 1, 65536² = 2^32). */
const INT32_EDGES = [0, 1, -1, 2, 3, 2147483647, -2147483648, 2147483646, -2147483647, 46341, -46341, 65535, 65536, 715827883, -1073741824, 1 << 20];

for (const prim of ['add', 'sub', 'mul'] as const) {
  test(`${prim} int32: native, wrapping modulo 2^32 as the reference, over every broadcast layout`, () => {
    for (const [sa, sb] of BROADCASTS) {
      // The full int32 range, so most sums, differences and products overflow.
      const a = randomInts(sa, 'int32', -2147483648, 2147483647), b = randomInts(sb, 'int32', -2147483648, 2147483647);
      checkAgainstReference(prim, [a, b], {}, { native: sa.length < 5 });
    }
  });
  test(`${prim} int32: edge values, odd lengths and scalar operands`, () => {
    const a: number[] = [], b: number[] = [];
    for (const x of INT32_EDGES) for (const y of INT32_EDGES) {
      a.push(x);
      b.push(y);
    }
    const n = a.length;
    checkAgainstReference(prim, [{ shape: [n], dtype: 'int32', data: a }, { shape: [n], dtype: 'int32', data: b }], {});
    for (const x of INT32_EDGES) {
      // A scalar on either side: the splatted SIMD runs and their scalar tails.
      checkAgainstReference(prim, [{ shape: [n], dtype: 'int32', data: a }, { shape: [], dtype: 'int32', data: [x] }], {});
      checkAgainstReference(prim, [{ shape: [1, 1], dtype: 'int32', data: [x] }, { shape: [n], dtype: 'int32', data: b }], {});
    }
    for (const len of SIZES) checkAgainstReference(prim, [randomInts([len], 'int32', -2147483648, 2147483647), randomInts([len], 'int32', -2147483648, 2147483647)], {});
  });
}

test('where: same shapes natively, broadcasts and int conditions via reference', () => {
  for (const n of SIZES) {
    const c = randomInts([n], 'float32', -1, 1);
    (c.data as Float64Array)[0] = NaN; // NaN selects a
    checkAgainstReference('where', [c, randomFloats([n]), randomFloats([n])], {});
  }
  const fallback = { native: false };
  checkAgainstReference('where', [randomInts([3, 1], 'float32', 0, 1), randomFloats([1, 5]), randomFloats([3, 5])], {}, fallback);
  checkAgainstReference('where', [randomInts([4, 6], 'int8', 0, 1), randomFloats([4, 6]), randomFloats([6])], {}, fallback);
  checkAgainstReference('where', [randomInts([2, 3], 'int32', 0, 1), randomFloats([2, 3]), randomFloats([2, 3])], {}, fallback);
});
