/**
 * MSB slicing against hand values and, over all 256 int8 values and every
 * width, against an independent integer implementation of the rounded
 * arithmetic shift; least-squares scales against the closed-form optimum.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/index.js';
import { msbSlice, msbSliceScale, refitScales } from '../../../src/compress/quantize/msb-slice.js';
import { MIN_SCALE } from '../../../src/compress/quantize/qparams.js';

/**
 * Round-half-to-even right shift by k in integer arithmetic: add half minus
 * one, plus the bit that makes ties go to the even result, then shift.
 */
function shiftRoundEven(q: number, k: number): number {
  if (k === 0) return q;
  const keptLowBit = (q >> k) & 1;
  return (q + (1 << (k - 1)) - 1 + keptLowBit) >> k;
}

test('msbSlice: hand values (ties to even, 127 clamped)', () => {
  const q = Int8Array.of(127, -128, 8, 24, -8, -24, 40, 7, -9, 0);
  // bits 4: q / 16 = 7.9375, −8, 0.5, 1.5, −0.5, −1.5, 2.5, 0.4375, −0.5625, 0.
  assert.deepEqual(Array.from(msbSlice(q, 4)), [7, -8, 0, 2, 0, -2, 2, 0, -1, 0]);
  // bits 2: q / 64 → 1.98 clamps to 1; −2; 0.125 → 0.
  assert.deepEqual(Array.from(msbSlice(Int8Array.of(127, -128, 8, 96, -96), 2)), [1, -2, 0, 1, -2]);
  assert.deepEqual(msbSlice(q, 8), q);
  assert.throws(() => msbSlice(q, 1), /bits must be an integer from 2 to 8, got 1/);
});

test('msbSlice over all int8 values equals the integer rounded shift, clamped', () => {
  const all = Int8Array.from({ length: 256 }, (_, i) => i - 128);
  for (let bits = 2; bits <= 8; bits++) {
    const got = msbSlice(all, bits);
    const hi = 2 ** (bits - 1) - 1;
    all.forEach((q, i) => assert.equal(got[i], Math.min(Math.max(shiftRoundEven(q, 8 - bits), -hi - 1), hi), `q ${q}, bits ${bits}`));
  }
});

test('msbSliceScale puts the slice back on the int8 grid', () => {
  assert.deepEqual(Array.from(msbSliceScale(Float32Array.of(0.5, 0.25), 4)), [8, 4]);
});

test('refitScales is the least-squares optimum ⟨w, q⟩ / ⟨q, q⟩ per channel', () => {
  // Channel 0: w = 0.3·q exactly; channel 1: hand sums; channel 2: q all zero → fallback.
  const q = Int8Array.of(1, -2, 3, 1, 1, 0, 0, 0, 0);
  const w = Float32Array.of(0.3, -0.6, 0.9, 1, 2, 5, 0.1, 0.2, 0.3);
  const s = refitScales(w, q, [3, 3], 0);
  assert.equal(s[0], Math.fround(0.3));
  assert.equal(s[1], Math.fround((1 + 2) / 2));
  assert.equal(s[2], MIN_SCALE);
  assert.equal(refitScales(w, q, [3, 3], 0, [1, 2, 0.5])[2], 0.5);
  // Optimality: the residual is orthogonal to q, and nudging α either way costs more.
  const rng = new Rng(26);
  const shape = [4, 10];
  const wr = Float32Array.from({ length: 40 }, () => rng.normal());
  const qr = Int8Array.from(wr, (v) => Math.round(v * 3 + rng.normal()));
  const alpha = refitScales(wr, qr, shape, 0);
  for (let c = 0; c < 4; c++) {
    const err = (a: number): number => {
      let e = 0;
      for (let k = 0; k < 10; k++) e += (wr[c * 10 + k]! - a * qr[c * 10 + k]!) ** 2;
      return e;
    };
    const a = alpha[c]!;
    assert.ok(err(a) <= err(a * 1.001) && err(a) <= err(a * 0.999), `channel ${c}`);
  }
  // Along axis 1 the channels are the columns.
  const cols = refitScales(Float32Array.of(2, 1, 4, 3), Int8Array.of(1, 1, 2, 3), [2, 2], 1);
  assert.deepEqual(Array.from(cols), [(2 + 8) / 5, (1 + 9) / 10].map(Math.fround));
  assert.throws(() => refitScales(w, q.subarray(0, 8), [3, 3]), /9 weights but 8 quantized values/);
});
