/**
 * Shape rules: the output each primitive promises, and the rejection of bad
 * inputs with errors that name the primitive and say what was expected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DType } from '../../src/engine/dtype.js';
import type { ParamsOf, Primitive } from '../../src/engine/primitives.js';
import { inferOutput, type TensorSpec } from '../../src/engine/shape-rules.js';

const t = (shape: number[], dtype: DType = 'float32'): TensorSpec => ({ shape, dtype });

function rejects<P extends Primitive>(prim: P, inputs: TensorSpec[], params: ParamsOf<P>, cls: typeof TypeError | typeof RangeError, pattern: RegExp): void {
  assert.throws(() => inferOutput(prim, inputs, params), (e: unknown) => {
    assert.ok(e instanceof cls, `${prim}: expected ${cls.name}, got ${String(e)}`);
    assert.ok(e.message.startsWith(`${prim}: `), `message must start with "${prim}: ": ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

const conv = { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 } as const;
const pool = { kernel: [2, 2], stride: [2, 2], pad: [0, 0, 0, 0] } as const;

test('unary: float only, same shape', () => {
  assert.deepEqual(inferOutput('erf', [t([2, 3], 'float64')], {}), { shape: [2, 3], dtype: 'float64' });
  rejects('exp', [t([2], 'int32')], {}, TypeError, /float32 or float64, got int32/);
  rejects('relu', [t([2]), t([2])], {}, TypeError, /expected 1 input/);
  rejects('clip', [t([2])], { min: 1, max: 0 }, RangeError, /min <= max/);
  rejects('neg', [t([2, -1])], {}, TypeError, /non-negative integers/);
});

test('binary: broadcasting, dtype agreement, int32 only for add/sub/mul', () => {
  assert.deepEqual(inferOutput('add', [t([2, 1, 3]), t([4, 1])], {}).shape, [2, 4, 3]);
  assert.deepEqual(inferOutput('mul', [t([], 'int32'), t([5], 'int32')], {}), { shape: [5], dtype: 'int32' });
  assert.deepEqual(inferOutput('cmpGt', [t([3]), t([1])], {}), { shape: [3], dtype: 'float32' });
  rejects('add', [t([2, 3]), t([4])], {}, RangeError, /\[2, 3\] and \[4\] do not broadcast \(3 vs 4/);
  rejects('sub', [t([2]), t([2], 'float64')], {}, TypeError, /float32 and float64/);
  rejects('div', [t([2], 'int32'), t([2], 'int32')], {}, TypeError, /float32 or float64, got int32/);
  rejects('add', [t([2], 'int8'), t([2], 'int8')], {}, TypeError, /or int32, got int8/);
});

test('where: three-way broadcast, a and b share the dtype, cond any dtype', () => {
  assert.deepEqual(inferOutput('where', [t([2, 1], 'int8'), t([3], 'int32'), t([1, 3], 'int32')], {}), { shape: [2, 3], dtype: 'int32' });
  rejects('where', [t([2]), t([2], 'int32'), t([2])], {}, TypeError, /a and b must share a dtype/);
  rejects('where', [t([3]), t([2]), t([2])], {}, RangeError, /do not broadcast/);
});

test('reductions and argmax', () => {
  assert.deepEqual(inferOutput('sum', [t([2, 3, 4])], { axes: [0, 2], keepDims: false }).shape, [3]);
  assert.deepEqual(inferOutput('max', [t([2, 3, 4])], { axes: [1], keepDims: true }).shape, [2, 1, 4]);
  assert.deepEqual(inferOutput('sum', [t([2, 3])], { axes: [], keepDims: false }).shape, [2, 3]);
  assert.deepEqual(inferOutput('argmax', [t([2, 3, 4])], { axis: 1 }), { shape: [2, 4], dtype: 'int32' });
  rejects('sum', [t([2, 3])], { axes: [2], keepDims: false }, RangeError, /axis 2 is out of range for a tensor of rank 2/);
  rejects('sum', [t([2, 3])], { axes: [1, 0], keepDims: false }, RangeError, /sorted and unique/);
  rejects('max', [t([2, 3])], { axes: [-1], keepDims: false }, RangeError, /axes\[0\] must be >= 0/);
  rejects('max', [t([2, 0])], { axes: [1], keepDims: false }, RangeError, /empty axis/);
  rejects('sum', [t([2], 'int32')], { axes: [0], keepDims: false }, TypeError, /float32 or float64/);
  rejects('argmax', [t([2, 3])], { axis: 2 }, RangeError, /axis 2 is out of range/);
});

test('movement: reshape, permute, expand, slice, pad, concat, cast', () => {
  assert.deepEqual(inferOutput('reshape', [t([2, 6], 'int8')], { shape: [3, 4] }), { shape: [3, 4], dtype: 'int8' });
  rejects('reshape', [t([2, 6])], { shape: [3, -1] }, RangeError, /contains -1/);
  rejects('reshape', [t([2, 6])], { shape: [5, 2] }, RangeError, /12 elements\) to \[5, 2\] \(10 elements/);
  assert.deepEqual(inferOutput('permute', [t([2, 3, 4])], { perm: [2, 0, 1] }).shape, [4, 2, 3]);
  rejects('permute', [t([2, 3, 4])], { perm: [0, 0, 1] }, RangeError, /not a permutation/);
  rejects('permute', [t([2, 3, 4])], { perm: [0, 1] }, TypeError, /3 entries/);
  assert.deepEqual(inferOutput('expand', [t([3, 1])], { shape: [2, 3, 5] }).shape, [2, 3, 5]);
  rejects('expand', [t([3, 2])], { shape: [3, 4] }, RangeError, /\[3, 2\] does not broadcast to \[3, 4\]/);
  rejects('expand', [t([1, 3])], { shape: [3] }, RangeError, /does not broadcast/);
  assert.deepEqual(inferOutput('slice', [t([4, 5])], { starts: [1, 0], ends: [3, 5] }).shape, [2, 5]);
  rejects('slice', [t([4, 5])], { starts: [1, 0], ends: [3, 6] }, RangeError, /axis 1 needs 0 <= start <= end <= 5/);
  rejects('slice', [t([4, 5])], { starts: [3, 0], ends: [2, 5] }, RangeError, /axis 0/);
  assert.deepEqual(inferOutput('pad', [t([2, 3])], { pads: [[1, 0], [2, 2]], value: 0 }).shape, [3, 7]);
  rejects('pad', [t([2, 3])], { pads: [[1, 0]], value: 0 }, TypeError, /one \[before, after\] pair per axis/);
  rejects('pad', [t([2, 3])], { pads: [[1, 0], [-1, 0]], value: 0 }, RangeError, /pads\[1\]\[0\] must be >= 0/);
  rejects('pad', [t([2], 'int8')], { pads: [[1, 1]], value: 200 }, RangeError, /not representable in int8/);
  assert.deepEqual(inferOutput('concat', [t([2, 3]), t([2, 1]), t([2, 0])], { axis: 1 }).shape, [2, 4]);
  rejects('concat', [], { axis: 0 }, TypeError, /at least 1 input/);
  rejects('concat', [t([2, 3]), t([3, 3])], { axis: 1 }, RangeError, /input 1 shape \[3, 3\] must equal input 0 shape \[2, 3\] except on axis 1/);
  rejects('concat', [t([2, 3]), t([2, 3], 'int32')], { axis: 0 }, TypeError, /share a dtype/);
  assert.deepEqual(inferOutput('cast', [t([2], 'float64')], { dtype: 'int8' }), { shape: [2], dtype: 'int8' });
  rejects('cast', [t([2])], { dtype: 'uint8' as DType }, TypeError, /unknown target dtype uint8/);
});

test('matmul and matmulInt8', () => {
  assert.deepEqual(inferOutput('matmul', [t([3, 4]), t([4, 5])], { transA: false, transB: false }).shape, [3, 5]);
  assert.deepEqual(inferOutput('matmul', [t([4, 3]), t([5, 4])], { transA: true, transB: true }).shape, [3, 5]);
  assert.deepEqual(inferOutput('matmul', [t([2, 3, 4]), t([4, 5])], { transA: false, transB: false }).shape, [2, 3, 5]);
  assert.deepEqual(inferOutput('matmul', [t([1, 3, 4]), t([6, 4, 5])], { transA: false, transB: false }).shape, [6, 3, 5]);
  assert.deepEqual(inferOutput('matmulInt8', [t([3, 4], 'int8'), t([5, 4], 'int8')], { transA: false, transB: true }), { shape: [3, 5], dtype: 'int32' });
  rejects('matmul', [t([3, 4]), t([5, 4])], { transA: false, transB: false }, RangeError, /K = 4 but b \[5, 4\] \(transB false\) gives K = 5/);
  rejects('matmul', [t([2, 3, 4]), t([3, 4, 5])], { transA: false, transB: false }, RangeError, /batch sizes 2 and 3/);
  rejects('matmul', [t([3, 4], 'int8'), t([4, 5], 'int8')], { transA: false, transB: false }, TypeError, /float32 or float64/);
  rejects('matmul', [t([2, 2, 3, 4]), t([4, 5])], { transA: false, transB: false }, RangeError, /rank 2 or 3/);
  rejects('matmulInt8', [t([3, 4]), t([4, 5])], { transA: false, transB: false }, TypeError, /must be int8, got float32/);
  rejects('matmulInt8', [t([1, 3, 4], 'int8'), t([4, 5], 'int8')], { transA: false, transB: false }, RangeError, /rank 2/);
});

test('conv2d and its adjoints', () => {
  const p = { stride: [2, 1], pad: [1, 0, 1, 2], dilation: [1, 2], groups: 2 } as const;
  // Ho = floor((7 + 2 - 3) / 2) + 1 = 4 ; Wo = floor((6 + 2 - 5) / 1) + 1 = 4 (dilated kernel 2*(3-1)+1 = 5)
  assert.deepEqual(inferOutput('conv2d', [t([1, 4, 7, 6]), t([6, 2, 3, 3])], p).shape, [1, 6, 4, 4]);
  assert.deepEqual(inferOutput('conv2dBackInput', [t([1, 6, 4, 4]), t([6, 2, 3, 3])], { ...p, inputHW: [7, 6] }).shape, [1, 4, 7, 6]);
  // H = 8 also gives Ho = 4 (floor): ConvTranspose output_padding
  assert.deepEqual(inferOutput('conv2dBackInput', [t([1, 6, 4, 4]), t([6, 2, 3, 3])], { ...p, inputHW: [8, 6] }).shape, [1, 4, 8, 6]);
  assert.deepEqual(inferOutput('conv2dBackFilter', [t([1, 4, 7, 6]), t([1, 6, 4, 4])], { ...p, kernelHW: [3, 3] }).shape, [6, 2, 3, 3]);
  rejects('conv2d', [t([1, 3, 5, 5]), t([8, 4, 3, 3])], conv, RangeError, /^conv2d: input has 3 channels but weight expects 4 \(weight shape \[8, 4, 3, 3\], groups 1\)$/);
  rejects('conv2d', [t([1, 4, 5, 5]), t([5, 2, 3, 3])], { ...conv, groups: 2 }, RangeError, /5 output channels are not divisible by groups 2/);
  rejects('conv2d', [t([1, 1, 2, 5]), t([1, 1, 3, 3])], conv, RangeError, /height window \(kernel 3, dilation 1, extent 3\) exceeds the padded input height 2 \+ 0 \+ 0/);
  rejects('conv2d', [t([1, 1, 5, 5]), t([1, 1, 3, 3])], { ...conv, stride: [0, 1] }, RangeError, /stride\[0\] must be >= 1/);
  rejects('conv2d', [t([1, 1, 5, 5]), t([1, 1, 3, 3])], { ...conv, groups: 1.5 }, TypeError, /groups must be an integer/);
  rejects('conv2d', [t([1, 5, 5]), t([1, 1, 3, 3])], conv, RangeError, /x must have rank 4/);
  rejects('conv2d', [t([1, 1, 5, 5]), t([1, 1, 3, 3], 'float64')], conv, TypeError, /x and w must share a dtype/);
  rejects('conv2dBackInput', [t([1, 1, 3, 3]), t([1, 1, 3, 3])], { ...conv, inputHW: [6, 5] }, RangeError, /dy spatial size \[3, 3\] does not match the \[4, 3\] windows of a \[6, 5\] input/);
  rejects('conv2dBackInput', [t([1, 2, 3, 3]), t([1, 1, 3, 3])], { ...conv, inputHW: [5, 5] }, RangeError, /dy has 2 channels but weight has 1 output channels/);
  rejects('conv2dBackFilter', [t([1, 3, 5, 5]), t([1, 4, 3, 3])], { ...conv, groups: 2, kernelHW: [3, 3] }, RangeError, /3 input channels are not divisible by groups 2/);
  rejects('conv2dBackFilter', [t([2, 1, 5, 5]), t([1, 1, 3, 3])], { ...conv, kernelHW: [3, 3] }, RangeError, /x has batch 2 but dy has batch 1/);
  rejects('conv2dBackFilter', [t([1, 1, 5, 5]), t([1, 1, 2, 3])], { ...conv, kernelHW: [3, 3] }, RangeError, /does not match the \[3, 3\] windows/);
});

test('pools and their gradients', () => {
  assert.deepEqual(inferOutput('maxPool2d', [t([2, 3, 7, 7])], { ...pool, pad: [1, 1, 1, 1] }).shape, [2, 3, 4, 4]);
  assert.deepEqual(inferOutput('avgPool2d', [t([2, 3, 7, 7])], { ...pool, countIncludePad: false }).shape, [2, 3, 3, 3]);
  assert.deepEqual(inferOutput('maxPool2dGrad', [t([2, 3, 7, 7]), t([2, 3, 3, 3])], pool).shape, [2, 3, 7, 7]);
  assert.deepEqual(inferOutput('avgPool2dGrad', [t([2, 3, 3, 3])], { ...pool, countIncludePad: true, inputHW: [7, 6] }).shape, [2, 3, 7, 6]);
  rejects('maxPool2d', [t([1, 1, 5, 5])], { ...pool, pad: [2, 0, 0, 0] }, RangeError, /pad \[2, 0, 0, 0\] must be smaller than the kernel \[2, 2\]/);
  rejects('avgPool2d', [t([1, 1, 1, 5])], { ...pool, countIncludePad: true }, RangeError, /height window/);
  rejects('avgPool2d', [t([1, 1, 4, 4])], { ...pool, countIncludePad: 1 as unknown as boolean }, TypeError, /countIncludePad must be a boolean/);
  rejects('maxPool2d', [t([1, 1, 4, 4], 'int8')], pool, TypeError, /float32 or float64/);
  rejects('maxPool2dGrad', [t([1, 1, 4, 4]), t([1, 1, 3, 3])], pool, RangeError, /dy shape \[1, 1, 3, 3\] must be the pooled shape \[1, 1, 2, 2\]/);
  rejects('avgPool2dGrad', [t([1, 1, 2, 2])], { ...pool, countIncludePad: true, inputHW: [6, 4] }, RangeError, /does not match the \[3, 2\] windows/);
});
