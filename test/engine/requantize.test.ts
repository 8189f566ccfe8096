/**
 * requantize: the reference kernel against the BigInt transcriptions of
 * TFLite's MultiplyByQuantizedMultiplier, double- and single-rounding
 * (fixed-point-reference.ts), per tensor, per channel on several axes, with
 * and without bias, int8 and int32 out; the wasm kernel (i64 arithmetic)
 * against the reference in both modes; the op's defaults; and the shape
 * rule's errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantizeMultiplier, requantize, tensor, type RequantizeParams } from '../../src/engine/index.js';
import { inferOutput, type TensorSpec } from '../../src/engine/shape-rules.js';
import { Rng } from '../../src/engine/random.js';
import { sizeOf } from '../../src/engine/shape.js';
import { INT32_EDGES, INT32_MAX, INT32_MIN, mbqmBigOf } from './fixed-point-reference.js';
import { arr, run, unravel, type Arr } from './reference-harness.js';
import { checkAgainstReference, type HostTensor } from './wasm-harness.js';

const rng = new Rng(4242);

const ROUNDINGS = ['double', 'single'] as const;

/** The definition: clamp(MBQM(sat32(acc + bias[c]), M[c], shift[c]) + zeroPoint, min, max), c the index along axis. */
function expected(acc: Arr, bias: Arr | null, p: RequantizeParams): number[] {
  const mbqm = mbqmBigOf(p.rounding);
  return Array.from(acc.data, (a, i) => {
    const c = unravel(i, acc.shape)[p.axis]!;
    const v = Math.min(INT32_MAX, Math.max(INT32_MIN, a + (bias === null ? 0 : bias.data[c]!)));
    const r = mbqm(v, p.multiplier[p.multiplier.length === 1 ? 0 : c]!, p.shift[p.shift.length === 1 ? 0 : c]!) + p.zeroPoint;
    return Math.min(p.max, Math.max(p.min, r));
  });
}

/** Accumulators mixing int32 edge values, uniform int32 and the small sums a conv produces. */
function randomAcc(shape: number[]): Arr {
  const values = Array.from({ length: sizeOf(shape) }, (_, i) => {
    const pick = rng.int(4);
    if (pick === 0) return INT32_EDGES[i % INT32_EDGES.length]!;
    if (pick === 1) return rng.nextUint32() | 0;
    return rng.int(200001) - 100000;
  });
  return arr(shape, values, 'int32');
}

function randomBias(c: number): Arr {
  return arr([c], Array.from({ length: c }, (_, i) => (i % 5 === 0 ? INT32_EDGES[rng.int(INT32_EDGES.length)]! : rng.int(20001) - 10000)), 'int32');
}

/** Per-channel multipliers from random reals (some 0, some tiny, some > 1 for left shifts). */
function randomScales(n: number): { multiplier: number[]; shift: number[] } {
  const q = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? { multiplier: 0, shift: 0 } : quantizeMultiplier(2 ** (-30 + 34 * rng.next()))));
  return { multiplier: q.map((m) => m.multiplier), shift: q.map((m) => m.shift) };
}

interface Case {
  readonly name: string;
  readonly shape: number[];
  readonly axis: number;
  readonly perChannel: boolean;
  readonly bias: boolean;
  readonly outDtype: 'int8' | 'int32';
  readonly zeroPoint: number;
  readonly clamp?: readonly [number, number];
}

const CASES: Case[] = [
  { name: 'per channel, NCHW, bias, int8', shape: [2, 6, 5, 7], axis: 1, perChannel: true, bias: true, outDtype: 'int8', zeroPoint: -5 },
  { name: 'per tensor, no bias, int8', shape: [3, 4, 9], axis: 1, perChannel: false, bias: false, outDtype: 'int8', zeroPoint: 12 },
  { name: 'per tensor with bias, fused ReLU clamp', shape: [2, 3, 4, 4], axis: 1, perChannel: false, bias: true, outDtype: 'int8', zeroPoint: -128, clamp: [-128, 127] },
  { name: 'per channel, ReLU6-style clamp', shape: [1, 5, 6, 6], axis: 1, perChannel: true, bias: true, outDtype: 'int8', zeroPoint: -20, clamp: [-20, 90] },
  { name: 'per channel on the last axis (a [N, C] linear output)', shape: [7, 9], axis: 1, perChannel: true, bias: true, outDtype: 'int8', zeroPoint: 3 },
  { name: 'per channel on axis 0 ([C, K])', shape: [5, 11], axis: 0, perChannel: true, bias: true, outDtype: 'int8', zeroPoint: 0 },
  { name: 'rank 1', shape: [13], axis: 0, perChannel: true, bias: true, outDtype: 'int8', zeroPoint: 1 },
  { name: 'int32 out, per channel', shape: [2, 4, 3, 5], axis: 1, perChannel: true, bias: true, outDtype: 'int32', zeroPoint: 1000 },
  { name: 'int32 out, per tensor, extreme zero point', shape: [64], axis: 0, perChannel: false, bias: false, outDtype: 'int32', zeroPoint: INT32_MAX },
];

function params(c: Case, rounding: RequantizeParams['rounding']): { acc: Arr; bias: Arr | null; p: RequantizeParams } {
  const C = c.shape[c.axis]!;
  const acc = randomAcc(c.shape);
  const bias = c.bias ? randomBias(C) : null;
  const scales = randomScales(c.perChannel ? C : 1);
  const range = c.outDtype === 'int8' ? [-128, 127] as const : [INT32_MIN, INT32_MAX] as const;
  const [min, max] = c.clamp ?? range;
  return { acc, bias, p: { ...scales, zeroPoint: c.zeroPoint, min, max, outDtype: c.outDtype, axis: c.axis, rounding } };
}

for (const rounding of ROUNDINGS) {
  for (const c of CASES) {
    test(`reference requantize equals the BigInt definition (${rounding} rounding): ${c.name}`, () => {
      for (let rep = 0; rep < 5; rep++) {
        const { acc, bias, p } = params(c, rounding);
        const got = run('requantize', bias === null ? [acc] : [acc, bias], p);
        assert.equal(got.dtype, c.outDtype);
        assert.deepEqual(got.shape, c.shape);
        assert.deepEqual(Array.from(got.data), expected(acc, bias, p));
      }
    });
    test(`wasm requantize equals the reference (${rounding} rounding): ${c.name}`, () => {
      for (let rep = 0; rep < 5; rep++) {
        const { acc, bias, p } = params(c, rounding);
        checkAgainstReference('requantize', (bias === null ? [acc] : [acc, bias]) as HostTensor[], p);
      }
    });
  }

  test(`requantize (${rounding} rounding): every shift and edge accumulators, both backends, against the BigInt definition`, () => {
    // One channel of all the edge values: the wasm kernel's 4-lane loop (and its scalar tail) sees every one.
    const acc = arr([1, INT32_EDGES.length], INT32_EDGES, 'int32');
    const bias = arr([1], [-1], 'int32');
    for (let shift = -31; shift <= 30; shift++) {
      for (const multiplier of [0, 1, 2 ** 30, 1518500250, INT32_MAX]) {
        for (const zeroPoint of [-7, INT32_MAX, INT32_MIN]) {
          const p: RequantizeParams = { multiplier: [multiplier], shift: [shift], zeroPoint, min: INT32_MIN, max: INT32_MAX, outDtype: 'int32', axis: 0, rounding };
          assert.deepEqual(Array.from(run('requantize', [acc, bias], p).data), expected(acc, bias, p), `M ${multiplier}, shift ${shift}, zero point ${zeroPoint}`);
          checkAgainstReference('requantize', [acc, bias], p);
        }
        const p8: RequantizeParams = { multiplier: [multiplier], shift: [shift], zeroPoint: 3, min: -100, max: 120, outDtype: 'int8', axis: 1, rounding };
        assert.deepEqual(Array.from(run('requantize', [acc], p8).data), expected(acc, null, p8), `int8, M ${multiplier}, shift ${shift}`);
        checkAgainstReference('requantize', [acc], p8);
      }
    }
  });
}

test('wasm requantize, single rounding: 100k random accumulators over random per-channel scales equal the reference', () => {
  // Every SIMD branch (no shift, right shifts, left shifts) with lane tails: 37 channels of 2711 values each.
  const C = 37, inner = 2711;
  const acc = randomAcc([1, C, inner]);
  const bias = randomBias(C);
  const { multiplier, shift } = randomScales(C);
  const p: RequantizeParams = { multiplier, shift: shift.map((s, c) => (c % 9 === 0 ? 0 : s)), zeroPoint: 9, min: -128, max: 127, outDtype: 'int8', axis: 1, rounding: 'single' };
  assert.ok(p.shift.some((s) => s > 0) && p.shift.some((s) => s < 0) && p.shift.includes(0), `shifts ${p.shift.join(', ')}`);
  checkAgainstReference('requantize', [acc, bias], p);
  checkAgainstReference('requantize', [acc, bias], { ...p, outDtype: 'int32', min: INT32_MIN, max: INT32_MAX });
});

test('requantize: a bias that overflows int32 saturates; multiplier 0 gives the zero point', () => {
  const acc = arr([1, 2, 1], [INT32_MAX - 5, INT32_MIN + 5], 'int32');
  const bias = arr([2], [100, -100], 'int32');
  const half: RequantizeParams = { multiplier: [2 ** 30], shift: [0], zeroPoint: 0, min: INT32_MIN, max: INT32_MAX, outDtype: 'int32', axis: 1, rounding: 'double' };
  // Real scale 1/2 of the saturated sums 2^31 - 1 and -2^31 (a wrapping add would flip their signs).
  assert.deepEqual(Array.from(run('requantize', [acc, bias], half).data), [2 ** 30, -(2 ** 30)]);
  const zero: RequantizeParams = { ...half, multiplier: [0], zeroPoint: 42, outDtype: 'int8', min: -128, max: 127 };
  assert.deepEqual(Array.from(run('requantize', [acc, bias], zero).data), [42, 42]);
  checkAgainstReference('requantize', [acc, bias], half);
  checkAgainstReference('requantize', [acc, bias], zero);
});

test('requantize op: defaults (int8, zero point 0, full range, axis 1) and a hand-computed case', () => {
  // Real scale 0.25 -> M 2^30, shift -1. acc + bias = [10, -10, 6, -6, 600, 2] -> /4 rounded half away -> [3, -3, 2, -2, 150->127, 1].
  const { multiplier, shift } = quantizeMultiplier(0.25);
  assert.deepEqual({ multiplier, shift }, { multiplier: 2 ** 30, shift: -1 });
  const acc = tensor(new Int32Array([9, -11, 6, -6, 599, 1]), [3, 2], 'int32');
  const bias = tensor(new Int32Array([1, 1]), [2], 'int32');
  const y = requantize(acc, bias, { multiplier, shift });
  assert.equal(y.dtype, 'int8');
  assert.deepEqual(Array.from(y.toArray() as ArrayLike<number>), [3, -3, 2, -1, 127, 1]);
  // Per channel along the last axis (-1), int32 out, zero point and clamp.
  const y2 = requantize(acc, null, { multiplier: [2 ** 30, 2 ** 30], shift: [1, 0], zeroPoint: 5, min: 0, max: 300, outDtype: 'int32', axis: -1 });
  assert.equal(y2.dtype, 'int32');
  assert.deepEqual(Array.from(y2.toArray() as ArrayLike<number>), [14, 0, 11, 2, 300, 6]);
  // Single rounding: [10, -10, 7, -5, 600, 2] / 4 = [2.5, -2.5, 1.75, -1.25, 150, 0.5] rounded once, ties up:
  // -2.5 -> -2, where the double rounding above rounds -10 / 2 to -5, then -5 / 2 away from zero to -3.
  const y3 = requantize(acc, bias, { multiplier, shift, rounding: 'single' });
  assert.deepEqual(Array.from(y3.toArray() as ArrayLike<number>), [3, -2, 2, -1, 127, 1]);
});

test('requantize op names the argument at fault', () => {
  const acc = tensor(new Int32Array(6), [3, 2], 'int32');
  assert.throws(() => requantize(tensor(new Float32Array(6), [3, 2]), null, { multiplier: 1, shift: 0 }), /requantize: acc must be int32, got float32\[3, 2\]/);
  assert.throws(() => requantize(acc, tensor(new Int32Array(4), [2, 2], 'int32'), { multiplier: 1, shift: 0 }), /requantize: bias must be int32 \[C\], got int32\[2, 2\]/);
  assert.throws(() => requantize(acc, tensor(new Int32Array(3), [3], 'int32'), { multiplier: 1, shift: 0 }), /requantize: bias must have shape \[2\]/);
  assert.throws(() => requantize(acc, null, { multiplier: 2 ** 31, shift: 0 }), /requantize: multiplier\[0\] must be in \[0, 2147483647\], got 2147483648/);
  assert.throws(() => requantize(acc, null, { multiplier: 1, shift: 31 }), /requantize: shift\[0\] must be in \[-31, 30\], got 31/);
  assert.throws(() => requantize(acc, null, { multiplier: 1, shift: 0, axis: 2 }), /requantize: axis 2 is out of range for a tensor of rank 2/);
  assert.throws(() => requantize(acc, null, { multiplier: 1, shift: 0, rounding: 'even' as 'single' }), /requantize: rounding must be 'double' or 'single', got even/);
});

test('requantize shape rule: input counts, dtypes, bias shape, list lengths and ranges', () => {
  const acc: TensorSpec = { shape: [2, 3, 4], dtype: 'int32' };
  const good: RequantizeParams = { multiplier: [2 ** 30], shift: [-3], zeroPoint: 0, min: -128, max: 127, outDtype: 'int8', axis: 1, rounding: 'double' };
  assert.deepEqual(inferOutput('requantize', [acc], good), { shape: [2, 3, 4], dtype: 'int8' });
  assert.deepEqual(inferOutput('requantize', [acc, { shape: [3], dtype: 'int32' }], { ...good, multiplier: [1, 2, 3], shift: [0], outDtype: 'int32' }), { shape: [2, 3, 4], dtype: 'int32' });
  const rejects = (inputs: TensorSpec[], p: Partial<RequantizeParams>, err: RegExp) =>
    assert.throws(() => inferOutput('requantize', inputs, { ...good, ...p }), err);
  rejects([], {}, /requantize: expected 1 or 2 inputs \(acc, optional bias\), got 0/);
  rejects([acc, acc, acc], {}, /got 3/);
  rejects([{ shape: [2, 3, 4], dtype: 'int8' }], {}, /requantize: acc must be int32, got int8/);
  rejects([{ shape: [], dtype: 'int32' }], { axis: 0 }, /acc must have rank >= 1/);
  rejects([acc, { shape: [3], dtype: 'float32' }], {}, /requantize: bias must be int32, got float32/);
  rejects([acc, { shape: [4], dtype: 'int32' }], {}, /bias must have shape \[3\] \(acc \[2, 3, 4\] along axis 1\), got \[4\]/);
  rejects([acc], { axis: 3 }, /requantize: axis 3 is out of range/);
  rejects([acc], { axis: -1 }, /requantize: axis must be >= 0/);
  rejects([acc], { multiplier: [1, 2] }, /requantize: multiplier must have 1 entry \(per tensor\) or 3 \(one per channel along axis 1\), got 2/);
  rejects([acc], { shift: [0, 0, 0, 0] }, /shift must have 1 entry .* got 4/);
  rejects([acc], { multiplier: [-1] }, /multiplier\[0\] must be in \[0, 2147483647\], got -1/);
  rejects([acc], { multiplier: [1, 2, 0.5] }, /multiplier\[2\] must be an integer, got 0.5/);
  rejects([acc], { shift: [-32] }, /shift\[0\] must be in \[-31, 30\], got -32/);
  rejects([acc], { multiplier: 5 as unknown as number[] }, /multiplier must be an array of integers/);
  rejects([acc], { zeroPoint: 128 }, /zeroPoint must be in \[-128, 127\], got 128/);
  rejects([acc], { zeroPoint: 0.5 }, /zeroPoint must be an integer/);
  rejects([acc], { min: -129 }, /min must be in \[-128, 127\], got -129/);
  rejects([acc], { max: 2 ** 31, outDtype: 'int32' }, /max must be in \[-2147483648, 2147483647\]/);
  rejects([acc], { min: 10, max: 9 }, /requantize: min 10 must be <= max 9/);
  rejects([acc], { outDtype: 'float32' as 'int8' }, /outDtype must be 'int8' or 'int32', got float32/);
  assert.deepEqual(inferOutput('requantize', [acc], { ...good, rounding: 'single' }), { shape: [2, 3, 4], dtype: 'int8' });
  rejects([acc], { rounding: 'nearest' as 'single' }, /requantize: rounding must be 'double' or 'single', got nearest/);
  rejects([acc], { rounding: undefined }, /rounding must be 'double' or 'single', got undefined/);
});
