/**
 * Quantization parameters against hand values and the closed-form error
 * bound: an in-range x is off by at most half a step after a round trip,
 * plus the float32 rounding of x/s and of (q − z)·s (each ≤ 2^−24 relative).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, round, tensor, tidy } from '../../../src/engine/index.js';
import {
  asymmetricFromRange,
  dequantizeArray,
  MIN_SCALE,
  quantizeArray,
  representableRange,
  symmetricPerChannel,
  type QuantParams,
} from '../../../src/compress/quantize/qparams.js';
import { roundHalfEven } from '../../../src/compress/quantize/round-half-even.js';

/** |x − deq| ≤ s/2 + 2^−24·(|x| + |deq|) + ulp slack: the closed-form bound with float32 rounding. */
function roundTripBound(x: number, deq: number, s: number): number {
  return s / 2 + 2 ** -23 * (Math.abs(x) + Math.abs(deq));
}

test('roundHalfEven rounds ties to the even neighbour, like the engine round primitive', () => {
  const cases: [number, number][] = [[0.5, 0], [1.5, 2], [2.5, 2], [-0.5, 0], [-1.5, -2], [-2.5, -2], [2.4999, 2], [-2.5001, -3], [7, 7]];
  for (const [x, want] of cases) assert.equal(roundHalfEven(x) + 0, want, `roundHalfEven(${x})`);
  const ties = Float32Array.from({ length: 41 }, (_, i) => i - 20 + 0.5);
  const engine = tidy(() => round(tensor(ties)).toArray());
  ties.forEach((x, i) => assert.equal(roundHalfEven(x) + 0, engine[i]! + 0, `tie ${x}`));
});

test('symmetricPerChannel: zero point 0, restricted range, max|w_c| maps to ±qmax, all-zero channel gets MIN_SCALE', () => {
  const w = Float32Array.from([1, -2, 0.5, 0, 0, 0]);
  const p = symmetricPerChannel(w, [2, 3]);
  assert.deepEqual([p.qmin, p.qmax, p.bits, p.axis], [-127, 127, 8, 0]);
  assert.deepEqual(Array.from(p.zeroPoint), [0, 0]);
  assert.equal(p.scale[0], Math.fround(2 / 127));
  assert.equal(p.scale[1], MIN_SCALE);
  const q = quantizeArray(w, p, [2, 3]);
  // 1 / (2/127) = 63.5 in float32 → 64 (tie to even); −2 → −127; 0.5 → 31.75 → 32.
  assert.deepEqual(Array.from(q), [64, -127, 32, 0, 0, 0]);
  // Along the last axis (axis −1 = 1): three channels of two values.
  const p1 = symmetricPerChannel(w, [2, 3], 4, -1);
  assert.equal(p1.axis, 1);
  assert.deepEqual(Array.from(p1.scale), [1 / 7, 2 / 7, 0.5 / 7].map(Math.fround));
  assert.deepEqual([p1.qmin, p1.qmax], [-7, 7]);
});

test('symmetric per-channel round trip: error ≤ scale/2 and the channel maximum is exact (seeded property)', () => {
  const rng = new Rng(1);
  for (let trial = 0; trial < 50; trial++) {
    const shape = [1 + rng.int(6), 1 + rng.int(4), 1 + rng.int(5)];
    const axis = rng.int(3);
    const bits = 2 + rng.int(7);
    const n = shape.reduce((a, b) => a * b, 1);
    const spread = 10 ** (rng.next() * 6 - 3);
    const w = Float32Array.from({ length: n }, () => rng.normal() * spread);
    const p = symmetricPerChannel(w, shape, bits, axis);
    const q = quantizeArray(w, p, shape);
    const d = dequantizeArray(q, p, shape);
    const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const channelOf = (i: number): number => Math.floor(i / inner) % shape[axis]!;
    const maxAbs = new Float64Array(shape[axis]!);
    w.forEach((v, i) => (maxAbs[channelOf(i)] = Math.max(maxAbs[channelOf(i)]!, Math.abs(v))));
    for (let i = 0; i < n; i++) {
      const s = p.scale[channelOf(i)]!;
      assert.ok(Math.abs(q[i]!) <= p.qmax);
      if (Math.abs(w[i]!) === maxAbs[channelOf(i)]) assert.equal(Math.abs(q[i]!), p.qmax, `trial ${trial}: the channel maximum maps to ±qmax`);
      assert.ok(Math.abs(w[i]! - d[i]!) <= roundTripBound(w[i]!, d[i]!, s), `trial ${trial} element ${i}: ${w[i]} → ${d[i]} (scale ${s})`);
    }
  }
});

test('asymmetricFromRange: hand values; the range is widened to contain 0', () => {
  const u8 = asymmetricFromRange(0, 6, 8, false);
  assert.deepEqual([u8.qmin, u8.qmax, u8.zeroPoint[0], u8.scale[0], u8.axis], [0, 255, 0, Math.fround(6 / 255), null]);
  const neg = asymmetricFromRange(-6, 0);
  assert.deepEqual([neg.zeroPoint[0], neg.scale[0]], [127, Math.fround(6 / 255)]);
  // [2, 5] becomes [0, 5]: real 0 sits at qmin.
  const pos = asymmetricFromRange(2, 5);
  assert.deepEqual([pos.zeroPoint[0], pos.scale[0]], [-128, Math.fround(5 / 255)]);
  const empty = asymmetricFromRange(0, 0);
  assert.equal(empty.scale[0], MIN_SCALE);
  assert.equal(dequantizeArray(quantizeArray([0], empty), empty)[0], 0);
});

test('asymmetric round trip: 0 is exact, every x in the widened range is within scale/2 (seeded property)', () => {
  const rng = new Rng(2);
  for (let trial = 0; trial < 200; trial++) {
    const a = (rng.next() - 0.3) * 10 ** (rng.next() * 4 - 2);
    const b = a + rng.next() * 10 ** (rng.next() * 4 - 2);
    const bits = 2 + rng.int(15);
    const p = asymmetricFromRange(a, b, bits, rng.next() < 0.5);
    const s = p.scale[0]!;
    assert.equal(quantizeArray([0], p)[0], p.zeroPoint[0], 'quantize(0) is the zero point');
    assert.equal(dequantizeArray(quantizeArray([0], p), p)[0], 0, 'dequantize(zero point) is 0');
    const lo = Math.min(a, 0);
    const hi = Math.max(b, 0);
    const xs = Float32Array.from({ length: 50 }, (_, i) => (i === 0 ? lo : i === 1 ? hi : lo + (hi - lo) * rng.next()));
    const d = dequantizeArray(quantizeArray(xs, p), p);
    xs.forEach((x, i) => assert.ok(Math.abs(x - d[i]!) <= roundTripBound(x, d[i]!, s), `trial ${trial}: ${x} → ${d[i]} (scale ${s}, range [${lo}, ${hi}])`));
  }
});

test('quantizeArray saturates outside the range (±∞ too), rejects NaN, and writes into a given typed array', () => {
  const p = asymmetricFromRange(-1, 1);
  const { min, max } = representableRange(p);
  const q = quantizeArray([-100, 100, -Infinity, Infinity, min, max], p);
  assert.deepEqual(Array.from(q), [-128, 127, -128, 127, -128, 127]);
  assert.throws(() => quantizeArray([0, NaN], p), /element 1 is NaN/);
  const out = quantizeArray([0.5], p, undefined, new Int8Array(1));
  assert.ok(out instanceof Int8Array);
  const u8 = asymmetricFromRange(0, 1, 8, false);
  assert.throws(() => quantizeArray([0.5], u8, undefined, new Int8Array(1)), /Int8Array, which cannot hold \[0, 255\]/);
});

test('argument errors name the argument and what was expected', () => {
  const w = new Float32Array(6);
  assert.throws(() => symmetricPerChannel(w, [2, 3], 1), /bits must be an integer from 2 to 16, got 1/);
  assert.throws(() => symmetricPerChannel(w, [4, 2]), /shape \[4, 2\] holds 8 elements but the array has 6/);
  assert.throws(() => symmetricPerChannel(w, [2, 3], 8, 2), /axis 2 is out of range for shape \[2, 3\]/);
  assert.throws(() => symmetricPerChannel(Float32Array.of(1, NaN), [2]), /weight 1 is NaN/);
  assert.throws(() => asymmetricFromRange(2, 1), /finite min <= max, got min 2, max 1/);
  const pc = symmetricPerChannel(w, [2, 3]);
  assert.throws(() => quantizeArray(w, pc), /per-channel params \(axis 0\) need the array's shape/);
  assert.throws(() => quantizeArray(w, pc, [3, 2]), /3 channels but params have 2 scales/);
  const bad: QuantParams = { ...pc, scale: Float32Array.of(0, 1) };
  assert.throws(() => dequantizeArray(new Int8Array(6), bad, [2, 3]), /scale\[0\] is 0/);
});
