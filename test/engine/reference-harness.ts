/**
 * Test harness for the reference kernels: runs one kernel on plain arrays
 * with the output shape from the shape rule, on an output buffer pre-filled
 * with garbage so a kernel that skips an element is caught. Also naive
 * index helpers the tests use to write definitions independently of the
 * kernels' stride machinery.
 */
import assert from 'node:assert/strict';
import { DTYPES, type DType, type TypedArray } from '../../src/engine/dtype.js';
import type { ParamsOf, Primitive } from '../../src/engine/primitives.js';
import { sizeOf, type Shape } from '../../src/engine/shape.js';
import { shapeRules } from '../../src/engine/shape-rules.js';
import { referenceKernels } from '../../src/engine/backends/reference/kernels.js';
import type { Rng } from '../../src/engine/random.js';

export interface Arr {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly data: TypedArray;
}

export function arr(shape: Shape, values: ArrayLike<number>, dtype: DType = 'float32'): Arr {
  assert.equal(values.length, sizeOf(shape), `test data for shape [${shape.join(', ')}] has ${values.length} values`);
  const data = DTYPES[dtype].create(values.length);
  data.set(values);
  return { shape, dtype, data };
}

export function randomArr(rng: Rng, shape: Shape, dtype: DType = 'float64'): Arr {
  const n = sizeOf(shape);
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = dtype === 'int8' ? rng.int(256) - 128 : dtype === 'int32' ? rng.int(2001) - 1000 : rng.normal();
  return arr(shape, values, dtype);
}

/** Garbage that no correct kernel output equals by accident. */
const GARBAGE: { readonly [D in DType]: number } = { float32: NaN, float64: NaN, int32: -1234567, int8: -77 };

export function run<P extends Primitive>(prim: P, inputs: readonly Arr[], params: ParamsOf<P>): Arr {
  const rule = shapeRules[prim];
  const spec = rule(inputs, params);
  const data = DTYPES[spec.dtype].create(sizeOf(spec.shape));
  data.fill(GARBAGE[spec.dtype]);
  const out = { shape: spec.shape, dtype: spec.dtype, data };
  const kernel = referenceKernels[prim];
  kernel(inputs, out, params);
  return out;
}

/** Elementwise closeness with |a - e| <= tol * max(1, |e|); NaN only matches NaN. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ''): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `${what}[${i}]: expected NaN, got ${a}`);
      continue;
    }
    if (a === e) continue;
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: expected ${e}, got ${a} (tol ${tol})`);
  }
}

/** Row-major multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: Shape): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
}

/** Flat position of a multi-index; broadcast axes (size 1) read index 0, missing leading axes are ignored. */
export function ravelBroadcast(idx: readonly number[], shape: Shape): number {
  const off = idx.length - shape.length;
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + (shape[d] === 1 ? 0 : idx[off + d]!);
  return flat;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
