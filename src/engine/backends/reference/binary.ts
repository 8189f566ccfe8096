/**
 * Broadcasting elementwise kernels: add sub mul div maximum cmpGt cmpEq, and
 * where. The output is walked in row-major order; each operand is read
 * through its broadcast strides (0 on broadcast axes), so operand offsets
 * follow from the output index without materialising anything. Same-shape
 * and scalar operands are a single run; everything else goes through
 * StridedRuns, which merges axes so runs are as long as possible.
 */
import type { ArrayKernel, ArrayTensor } from '../../backend.js';
import type { TypedArray } from '../../dtype.js';
import type { BinaryPrimitive } from '../../primitives.js';
import { shapesEqual, sizeOf, stridesOf } from '../../shape.js';
import { broadcastStrides, StridedRuns } from './strided.js';

/**
 * out[o + i] = a[ai + i*as] (op) b[bi + i*bs] for i < n. The switch runs once
 * per run, not per element. int32 add/sub are exact in float64 and wrap on
 * the Int32Array store; int32 mul uses Math.imul because the float64 product
 * of two int32s can exceed 2^53 and lose the low bits.
 */
function applyRun(op: BinaryPrimitive, o: TypedArray, oi: number, a: TypedArray, ai: number, as: number, b: TypedArray, bi: number, bs: number, n: number): void {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i * as]! + b[bi + i * bs]!;
      return;
    case 'sub':
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i * as]! - b[bi + i * bs]!;
      return;
    case 'mul':
      if (o instanceof Int32Array) {
        for (let i = 0; i < n; i++) o[oi + i] = Math.imul(a[ai + i * as]!, b[bi + i * bs]!);
      } else {
        for (let i = 0; i < n; i++) o[oi + i] = a[ai + i * as]! * b[bi + i * bs]!;
      }
      return;
    case 'div':
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i * as]! / b[bi + i * bs]!;
      return;
    case 'maximum':
      // Math.max propagates NaN and orders -0 < +0, as IEEE 754-2019 maximum.
      for (let i = 0; i < n; i++) o[oi + i] = Math.max(a[ai + i * as]!, b[bi + i * bs]!);
      return;
    case 'cmpGt':
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i * as]! > b[bi + i * bs]! ? 1 : 0;
      return;
    case 'cmpEq':
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i * as]! === b[bi + i * bs]! ? 1 : 0;
      return;
    default:
      throw new Error(`reference backend: no binary loop for ${op satisfies never}`);
  }
}

function binaryKernel<P extends BinaryPrimitive>(op: P): ArrayKernel<P> {
  return (inputs, out) => {
    const a = inputs[0]!, b = inputs[1]!;
    const n = sizeOf(out.shape);
    const aFull = shapesEqual(a.shape, out.shape), bFull = shapesEqual(b.shape, out.shape);
    if (aFull && bFull) return applyRun(op, out.data, 0, a.data, 0, 1, b.data, 0, 1, n);
    if (aFull && sizeOf(b.shape) === 1) return applyRun(op, out.data, 0, a.data, 0, 1, b.data, 0, 0, n);
    if (bFull && sizeOf(a.shape) === 1) return applyRun(op, out.data, 0, a.data, 0, 0, b.data, 0, 1, n);
    const it = runsOver(out, [a, b]);
    const as = it.runStrides[1]!, bs = it.runStrides[2]!, off = it.offsets;
    for (let r = 0; r < it.runCount; r++, it.next()) {
      applyRun(op, out.data, off[0]!, a.data, off[1]!, as, b.data, off[2]!, bs, it.runLength);
    }
  };
}

/** Runs over the output with each input read through its broadcast strides. */
function runsOver(out: ArrayTensor, inputs: readonly ArrayTensor[]): StridedRuns {
  return new StridedRuns(out.shape, [stridesOf(out.shape), ...inputs.map((x) => broadcastStrides(x.shape, out.shape))]);
}

export const add = binaryKernel('add');
export const sub = binaryKernel('sub');
export const mul = binaryKernel('mul');
export const div = binaryKernel('div');
export const maximum = binaryKernel('maximum');
export const cmpGt = binaryKernel('cmpGt');
export const cmpEq = binaryKernel('cmpEq');

/** where(cond, a, b): a where cond is nonzero (NaN counts as nonzero), else b. */
export const where: ArrayKernel<'where'> = (inputs, out) => {
  const c = inputs[0]!.data, a = inputs[1]!.data, b = inputs[2]!.data, o = out.data;
  const it = runsOver(out, inputs);
  const cs = it.runStrides[1]!, as = it.runStrides[2]!, bs = it.runStrides[3]!;
  const n = it.runLength, off = it.offsets;
  for (let r = 0; r < it.runCount; r++, it.next()) {
    const oi = off[0]!, ci = off[1]!, ai = off[2]!, bi = off[3]!;
    for (let i = 0; i < n; i++) o[oi + i] = c[ci + i * cs] !== 0 ? a[ai + i * as]! : b[bi + i * bs]!;
  }
};
