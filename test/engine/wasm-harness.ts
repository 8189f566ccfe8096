/**
 * Shared helpers for the wasm backend tests: run one primitive on the wasm
 * backend and on the reference backend (the oracle) with the same inputs,
 * driving `backend.run` directly with KernelTensors, and compare.
 */
import assert from 'node:assert/strict';
import type { Backend, KernelTensor } from '../../src/engine/backend.js';
import { createReferenceBackend } from '../../src/engine/backends/reference/backend.js';
import { createWasmBackend } from '../../src/engine/backends/wasm/backend.js';
import { DTYPES, type DType, type TypedArray } from '../../src/engine/dtype.js';
import type { ParamsOf, Primitive } from '../../src/engine/primitives.js';
import { Rng } from '../../src/engine/random.js';
import { formatShape, sizeOf, type Shape } from '../../src/engine/shape.js';
import { shapeRules } from '../../src/engine/shape-rules.js';

export const wasm = createWasmBackend();
export const reference = createReferenceBackend();

export interface HostTensor {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly data: ArrayLike<number>;
}

/** Allocates a tensor on `backend` and copies `data` into it. */
export function upload(backend: Backend, t: HostTensor): KernelTensor {
  const size = sizeOf(t.shape);
  const kt: KernelTensor = { handle: backend.alloc(size * DTYPES[t.dtype].bytes), dtype: t.dtype, shape: t.shape, offset: 0, size };
  backend.view(kt).set(t.data as ArrayLike<number>);
  return kt;
}

/** Runs `prim` on `backend`; returns a copy of the output and frees everything. */
export function runOn<P extends Primitive>(backend: Backend, prim: P, inputs: readonly HostTensor[], params: ParamsOf<P>): { shape: number[]; data: TypedArray } {
  const spec = shapeRules[prim](inputs, params);
  const ins = inputs.map((t) => upload(backend, t));
  const size = sizeOf(spec.shape);
  const out: KernelTensor = { handle: backend.alloc(size * DTYPES[spec.dtype].bytes), dtype: spec.dtype, shape: spec.shape, offset: 0, size };
  backend.run(prim, ins, out, params);
  const data = backend.view(out).slice();
  for (const t of ins) backend.free(t.handle);
  backend.free(out.handle);
  return { shape: spec.shape, data };
}

export interface Tolerance {
  /** Relative tolerance against max(|want|, scale). */
  readonly rtol?: number;
  /** Magnitude below which errors are judged absolutely (e.g. sqrt(K) for a K-long dot product). */
  readonly scale?: number;
  /** Whether the wasm backend must run a native kernel (default) or is expected to fall back to the reference kernel. */
  readonly native?: boolean;
}

function fallbackCount(prim: Primitive): number {
  return wasm.referenceRuns().get(prim) ?? 0;
}

/** Runs on both backends and asserts the wasm result matches the reference within tolerance (exact for integer outputs). */
export function checkAgainstReference<P extends Primitive>(prim: P, inputs: readonly HostTensor[], params: ParamsOf<P>, tol: Tolerance = {}): void {
  const label = `${prim} ${inputs.map((t) => `${t.dtype}${formatShape(t.shape)}`).join(' ')} ${JSON.stringify(params)}`;
  const before = fallbackCount(prim);
  const got = runOn(wasm, prim, inputs, params);
  const fellBack = fallbackCount(prim) > before;
  assert.equal(fellBack, !(tol.native ?? true), `${label}: expected ${tol.native ?? true ? 'a native kernel' : 'the reference fallback'}`);
  const want = runOn(reference, prim, inputs, params);
  assert.deepEqual(got.shape, want.shape, label);
  assertClose(got.data, want.data, label, tol);
}

export function assertClose(got: TypedArray, want: TypedArray, label: string, tol: Tolerance = {}): void {
  assert.equal(got.length, want.length, `${label}: length`);
  const integer = !(want instanceof Float32Array || want instanceof Float64Array);
  const rtol = tol.rtol ?? 1e-5, scale = tol.scale ?? 1;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (integer || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(g === w)) assert.fail(`${label}: element ${i} is ${g}, expected ${w}`);
      continue;
    }
    if (Math.abs(g - w) > rtol * Math.max(Math.abs(w), scale)) {
      assert.fail(`${label}: element ${i} is ${g}, expected ${w} (rtol ${rtol}, scale ${scale})`);
    }
  }
}

const rng = new Rng(20240611);

/** Uniform floats in [-1, 1). */
export function randomFloats(shape: Shape, dtype: DType = 'float32'): HostTensor {
  const n = sizeOf(shape);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.next() * 2 - 1;
  return { shape, dtype, data };
}

/** Uniform integers in [lo, hi]. */
export function randomInts(shape: Shape, dtype: DType, lo: number, hi: number): HostTensor {
  const n = sizeOf(shape);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + rng.int(hi - lo + 1);
  return { shape, dtype, data };
}

export function randomInt(n: number): number {
  return rng.int(n);
}
