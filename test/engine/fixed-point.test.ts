/**
 * fixed-point.ts against BigInt transcriptions of gemmlowp's
 * SaturatingRoundingDoublingHighMul / RoundingDivideByPOT and TFLite's
 * MultiplyByQuantizedMultiplier, double- and single-rounding
 * (fixed-point-reference.ts), on edge values and 100k seeded random ones;
 * quantizeMultiplier against closed forms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_SHIFT, MIN_SHIFT, multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierSingleRounding, quantizeMultiplier, roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from '../../src/engine/fixed-point.js';
import { Rng } from '../../src/engine/random.js';
import { INT32_EDGES as EDGES, INT32_MAX, INT32_MIN, mbqmBig, mbqmSingleBig, rdbpBig, srdhmBig } from './fixed-point-reference.js';

const rng = new Rng(0x5eed);
const randomInt32 = (): number => rng.nextUint32() | 0;
/** A random int32 of random magnitude (uniform exponent), so small values are common. */
const randomScaled = (): number => {
  const bits = rng.int(32);
  return Math.trunc((rng.next() * 2 - 1) * 2 ** bits);
};
const RANDOM_COUNT = 100_000;

test('saturatingRoundingDoublingHighMul: every pair of edge values', () => {
  for (const a of EDGES) for (const b of EDGES) assert.equal(saturatingRoundingDoublingHighMul(a, b), srdhmBig(a, b), `srdhm(${a}, ${b})`);
  assert.equal(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN), INT32_MAX);
  // Ties round toward +infinity: ±0.5 and ±1.5 (ab = ±2^30, ±3·2^30).
  assert.equal(saturatingRoundingDoublingHighMul(2 ** 15, 2 ** 15), 1);
  assert.equal(saturatingRoundingDoublingHighMul(-(2 ** 15), 2 ** 15), 0);
  assert.equal(saturatingRoundingDoublingHighMul(3 * 2 ** 15, 2 ** 15), 2);
  assert.equal(saturatingRoundingDoublingHighMul(-3 * 2 ** 15, 2 ** 15), -1);
});

test('saturatingRoundingDoublingHighMul: 100k random pairs', () => {
  for (let i = 0; i < RANDOM_COUNT; i++) {
    const a = i % 2 === 0 ? randomInt32() : randomScaled();
    const b = i % 3 === 0 ? randomScaled() : randomInt32();
    const got = saturatingRoundingDoublingHighMul(a, b);
    if (got !== srdhmBig(a, b)) assert.fail(`srdhm(${a}, ${b}) = ${got}, expected ${srdhmBig(a, b)}`);
  }
});

test('roundingDivideByPOT: edge values, ties and 100k random values, every exponent 0..31', () => {
  for (const x of EDGES) for (let e = 0; e <= 31; e++) assert.equal(roundingDivideByPOT(x, e), rdbpBig(x, e), `rdbp(${x}, ${e})`);
  // Ties go away from zero: 5/2 -> 3, -5/2 -> -3, 3/4 -> 1, -2/4 -> -1.
  assert.deepEqual([roundingDivideByPOT(5, 1), roundingDivideByPOT(-5, 1), roundingDivideByPOT(3, 2), roundingDivideByPOT(-2, 2)], [3, -3, 1, -1]);
  for (let i = 0; i < RANDOM_COUNT; i++) {
    const x = i % 2 === 0 ? randomInt32() : randomScaled();
    const e = rng.int(32);
    const got = roundingDivideByPOT(x, e);
    if (got !== rdbpBig(x, e)) assert.fail(`rdbp(${x}, ${e}) = ${got}, expected ${rdbpBig(x, e)}`);
  }
});

test('multiplyByQuantizedMultiplier: edge values x edge multipliers x every shift, and 100k random triples', () => {
  const multipliers = [0, 1, 2 ** 30, 2 ** 30 + 1, 1518500250, INT32_MAX - 1, INT32_MAX];
  for (const x of EDGES) {
    for (const m of multipliers) {
      for (let s = MIN_SHIFT; s <= MAX_SHIFT; s++) assert.equal(multiplyByQuantizedMultiplier(x, m, s), mbqmBig(x, m, s), `mbqm(${x}, ${m}, ${s})`);
    }
  }
  for (let i = 0; i < RANDOM_COUNT; i++) {
    const x = i % 2 === 0 ? randomInt32() : randomScaled();
    const m = i % 4 === 0 ? rng.int(2 ** 31) : 2 ** 30 + rng.int(2 ** 30);
    const s = MIN_SHIFT + rng.int(MAX_SHIFT - MIN_SHIFT + 1);
    const got = multiplyByQuantizedMultiplier(x, m, s);
    if (got !== mbqmBig(x, m, s)) assert.fail(`mbqm(${x}, ${m}, ${s}) = ${got}, expected ${mbqmBig(x, m, s)}`);
  }
});

test('multiplyByQuantizedMultiplierSingleRounding: edge values x edge multipliers x every shift, and 100k random triples', () => {
  const multipliers = [0, 1, 2, 2 ** 16 - 1, 2 ** 16, 2 ** 30, 2 ** 30 + 1, 1518500250, INT32_MAX - 1, INT32_MAX];
  for (const x of EDGES) {
    for (const m of multipliers) {
      for (let s = MIN_SHIFT; s <= MAX_SHIFT; s++) {
        assert.equal(multiplyByQuantizedMultiplierSingleRounding(x, m, s), mbqmSingleBig(x, m, s), `single(${x}, ${m}, ${s})`);
      }
    }
  }
  for (let i = 0; i < RANDOM_COUNT; i++) {
    const x = i % 2 === 0 ? randomInt32() : randomScaled();
    const m = i % 4 === 0 ? rng.int(2 ** 31) : 2 ** 30 + rng.int(2 ** 30);
    const s = MIN_SHIFT + rng.int(MAX_SHIFT - MIN_SHIFT + 1);
    const got = multiplyByQuantizedMultiplierSingleRounding(x, m, s);
    if (got !== mbqmSingleBig(x, m, s)) assert.fail(`single(${x}, ${m}, ${s}) = ${got}, expected ${mbqmSingleBig(x, m, s)}`);
  }
});

test('single rounding: ties go toward +infinity; it differs from double rounding where the first rounding crosses a tie', () => {
  // Real scale 1/4 (M 2^30, shift -1). x = 5: 1.25 -> 1, but the double-rounding form rounds 5/2 to 3, then 3/2 to 2.
  const quarter = [2 ** 30, -1] as const;
  assert.deepEqual([5, 6, -5, -6, -10, 10, 2].map((x) => multiplyByQuantizedMultiplierSingleRounding(x, ...quarter)), [1, 2, -1, -1, -2, 3, 1]);
  assert.deepEqual([5, 6, -5, -6, -10, 10, 2].map((x) => multiplyByQuantizedMultiplier(x, ...quarter)), [2, 2, -1, -2, -3, 3, 1]);
  // A left shift is part of the one product, and only the result saturates: x = 2^28 + 1 times 11.25 (M 45 · 2^25,
  // shift 4) is 3019898891.25 -> 2^31 - 1, but 2^27 + 1 times it is 1509949451.25 -> 1509949451, where the double form
  // saturates (2^27 + 1) << 4 first and gives 1509949439.
  assert.equal(multiplyByQuantizedMultiplierSingleRounding(2 ** 28 + 1, 45 * 2 ** 25, 4), INT32_MAX);
  assert.equal(multiplyByQuantizedMultiplierSingleRounding(-(2 ** 28 + 1), 45 * 2 ** 25, 4), INT32_MIN);
  assert.equal(multiplyByQuantizedMultiplierSingleRounding(2 ** 27 + 1, 45 * 2 ** 25, 4), 1509949451);
  assert.equal(multiplyByQuantizedMultiplier(2 ** 27 + 1, 45 * 2 ** 25, 4), 1509949439);
  assert.equal(multiplyByQuantizedMultiplierSingleRounding(INT32_MIN, INT32_MAX, 30), INT32_MIN);
});

test('single rounding is the nearest integer to x · M · 2^(shift - 31) and agrees with double rounding for shift >= 0', () => {
  for (let i = 0; i < 20_000; i++) {
    const x = randomScaled();
    const m = 2 ** 30 + rng.int(2 ** 30);
    const s = -31 + rng.int(40);
    const got = multiplyByQuantizedMultiplierSingleRounding(x, m, s);
    // x · M is below 2^62 and exact in BigInt; compare 2·|got·2^t - x·M| <= 2^t (within half a unit), exactly.
    const t = BigInt(31 - s);
    const err = (BigInt(got) << t) - BigInt(x) * BigInt(m);
    const sat = got === INT32_MAX || got === INT32_MIN;
    if (!sat) assert.ok(2n * (err < 0n ? -err : err) <= 1n << t, `single(${x}, ${m}, ${s}) = ${got} is not the nearest integer`);
    // Where the double form's left shift does not saturate, the two roundings are at most one apart, and equal
    // without a right shift (the double form's one rounding is then SRDHM's, of the same sum).
    if (Math.abs(x) * 2 ** Math.max(s, 0) > INT32_MAX) continue;
    const double = multiplyByQuantizedMultiplier(x, m, s);
    assert.ok(Math.abs(got - double) <= 1 || sat, `single(${x}, ${m}, ${s}) = ${got}, double ${double}`);
    if (s >= 0) assert.equal(got, double, `shift ${s}, x ${x}, M ${m}`);
  }
});

test('multiplyByQuantizedMultiplier is within one of x · real for quantizeMultiplier(real)', () => {
  for (let i = 0; i < 10_000; i++) {
    const real = 2 ** (-20 + 24 * rng.next());
    const { multiplier, shift } = quantizeMultiplier(real);
    const x = randomScaled();
    const exact = x * multiplier * 2 ** (shift - 31);
    // The left shift saturates first (TFLite's order of operations), so only inputs it keeps whole compare.
    if (Math.abs(x) * 2 ** Math.max(shift, 0) > INT32_MAX) continue;
    const got = multiplyByQuantizedMultiplier(x, multiplier, shift);
    // Two roundings (the high multiply, then the shift) each add at most 1/2.
    assert.ok(Math.abs(got - exact) <= 1, `x ${x} · ${real}: got ${got}, exact ${exact}`);
    // And the multiplier itself is within half a unit of its last place: |M·2^(s-31) - real| <= 2^(s-32).
    assert.ok(Math.abs(multiplier * 2 ** (shift - 31) - real) <= 2 ** (shift - 32), `quantizeMultiplier(${real})`);
  }
});

test('quantizeMultiplier: closed forms, the 2^31 carry, tiny and too-large reals', () => {
  assert.deepEqual(quantizeMultiplier(0), { multiplier: 0, shift: 0 });
  assert.deepEqual(quantizeMultiplier(1), { multiplier: 2 ** 30, shift: 1 });
  assert.deepEqual(quantizeMultiplier(0.5), { multiplier: 2 ** 30, shift: 0 });
  assert.deepEqual(quantizeMultiplier(0.75), { multiplier: 3 * 2 ** 29, shift: 0 });
  assert.deepEqual(quantizeMultiplier(2 ** -10 * 0.6), { multiplier: Math.round(0.6 * 2 ** 31), shift: -10 });
  assert.deepEqual(quantizeMultiplier(3), { multiplier: 3 * 2 ** 29, shift: 2 });
  // q = 1 - 2^-40 rounds to 2^31: carried into the exponent.
  assert.deepEqual(quantizeMultiplier(1 - 2 ** -40), { multiplier: 2 ** 30, shift: 1 });
  // Smallest kept: 2^-32 = 0.5 · 2^-31; just below it rounds up into shift -31 too.
  assert.deepEqual(quantizeMultiplier(2 ** -32), { multiplier: 2 ** 30, shift: -31 });
  assert.deepEqual(quantizeMultiplier(2 ** -32 * (1 - 2 ** -40)), { multiplier: 2 ** 30, shift: -31 });
  // Below that every int32 product is under 1/2 in magnitude: multiplier 0 (as TFLite).
  assert.deepEqual(quantizeMultiplier(2 ** -33), { multiplier: 0, shift: 0 });
  assert.deepEqual(quantizeMultiplier(0.7 * 2 ** -32), { multiplier: 0, shift: 0 });
  assert.deepEqual(quantizeMultiplier(Number.MIN_VALUE), { multiplier: 0, shift: 0 });
  assert.deepEqual(quantizeMultiplier(0.75 * 2 ** 30), { multiplier: 3 * 2 ** 29, shift: 30 });
  assert.throws(() => quantizeMultiplier(2 ** 30), /left shift of 31.*below 2\^30/);
  assert.throws(() => quantizeMultiplier(2 ** 30 * (1 - 2 ** -40)), /left shift of 31/);
  assert.throws(() => quantizeMultiplier(1e300), /left shift/);
  for (const bad of [-1, -Number.MIN_VALUE, NaN, Infinity]) assert.throws(() => quantizeMultiplier(bad), /real must be a finite number >= 0/);
});

test('the fixed-point functions reject non-int32 arguments, naming them', () => {
  assert.throws(() => saturatingRoundingDoublingHighMul(2 ** 31, 1), /a must be an int32/);
  assert.throws(() => saturatingRoundingDoublingHighMul(1, 0.5), /b must be an int32/);
  assert.throws(() => roundingDivideByPOT(1, 32), /exponent must be an integer in \[0, 31\]/);
  assert.throws(() => multiplyByQuantizedMultiplier(1, -1, 0), /multiplier must be an integer in \[0, 2\^31 - 1\]/);
  assert.throws(() => multiplyByQuantizedMultiplier(1, 2 ** 31, 0), /multiplier/);
  assert.throws(() => multiplyByQuantizedMultiplier(1, 1, 31), /shift must be an integer in \[-31, 30\]/);
  assert.throws(() => multiplyByQuantizedMultiplier(1, 1, -32), /shift/);
  assert.throws(() => multiplyByQuantizedMultiplierSingleRounding(0.5, 1, 0), /multiplyByQuantizedMultiplierSingleRounding: x must be an int32/);
  assert.throws(() => multiplyByQuantizedMultiplierSingleRounding(1, 2 ** 31, 0), /multiplier must be an integer in \[0, 2\^31 - 1\]/);
  assert.throws(() => multiplyByQuantizedMultiplierSingleRounding(1, 1, 31), /shift must be an integer in \[-31, 30\]/);
});
