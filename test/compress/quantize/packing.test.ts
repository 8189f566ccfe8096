/**
 * Sub-byte packing, exhaustively: every pair of int4 values and every
 * quadruple of int2 values round-trips and lands where ONNX's convention
 * puts it (first element in the lowest bits). Grouped quantization: one
 * scale per group along the reduction axis, the half-step error bound per
 * group, and the storage size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/index.js';
import { packedBytes, packInt2, packInt4, unpackInt2, unpackInt4 } from '../../../src/compress/quantize/packing.js';
import { dequantizeGrouped, quantizeGrouped } from '../../../src/compress/quantize/quantize-grouped.js';

test('int4: every pair round-trips; the first value is the low nibble (two’s complement)', () => {
  assert.deepEqual(Array.from(packInt4([1, -1])), [0xf1]);
  assert.deepEqual(Array.from(packInt4([-8, 7, 3])), [0x78, 0x03]);
  const seen = new Set<number>();
  for (let a = -8; a <= 7; a++) {
    for (let b = -8; b <= 7; b++) {
      const bytes = packInt4([a, b]);
      assert.equal(bytes.length, 1);
      assert.equal(bytes[0], (a & 0xf) | ((b & 0xf) << 4));
      assert.deepEqual(Array.from(unpackInt4(bytes, 2)), [a, b]);
      seen.add(bytes[0]!);
    }
  }
  assert.equal(seen.size, 256, 'the 256 pairs fill the 256 byte values');
  assert.deepEqual(Array.from(unpackInt4(packInt4([5]), 1)), [5]);
  assert.throws(() => packInt4([0, 8]), /value 1 is 8, outside the int4 range \[-8, 7\]/);
  assert.throws(() => unpackInt4(new Uint8Array(1), 3), /count 3 needs 2 bytes, got 1/);
});

test('int2: every quadruple round-trips; the first value is bits 0–1', () => {
  assert.deepEqual(Array.from(packInt2([1, -2, 0, -1])), [0b11_00_10_01]);
  const seen = new Set<number>();
  const vals = [-2, -1, 0, 1];
  for (const a of vals) for (const b of vals) for (const c of vals) for (const d of vals) {
    const bytes = packInt2([a, b, c, d]);
    assert.deepEqual(Array.from(unpackInt2(bytes, 4)), [a, b, c, d]);
    seen.add(bytes[0]!);
  }
  assert.equal(seen.size, 256);
  const rng = new Rng(24);
  const long = Int8Array.from({ length: 1001 }, () => rng.int(4) - 2);
  const packed = packInt2(long);
  assert.equal(packed.length, 251);
  assert.deepEqual(unpackInt2(packed, 1001), long);
  assert.throws(() => packInt2([2]), /outside the int2 range \[-2, 1\]/);
});

test('quantizeGrouped: one scale per group along the reduction axis, the error within half a step', () => {
  const rng = new Rng(25);
  for (const [shape, axis, groupSize] of [[[6, 20], 1, 8], [[20, 3], 0, 7], [[2, 10, 3], 1, 4]] as const) {
    const n = shape.reduce((a, b) => a * b, 1);
    const w = Float32Array.from({ length: n }, () => rng.normal() * (rng.next() < 0.05 ? 10 : 1));
    const g = quantizeGrouped(w, shape, 4, groupSize, axis);
    const k = shape[axis]!;
    const groups = Math.ceil(k / groupSize);
    assert.deepEqual(g.scaleShape, shape.map((d, i) => (i === axis ? groups : d)));
    assert.equal(g.scales.length, (n / k) * groups);
    const d = dequantizeGrouped(g);
    const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(g.q[i]!) <= 7);
      const o = Math.floor(i / (k * inner));
      const j = i % inner;
      const group = Math.floor((Math.floor(i / inner) % k) / groupSize);
      const s = g.scales[(o * groups + group) * inner + j]!;
      assert.ok(Math.abs(w[i]! - d[i]!) <= s / 2 + 2 ** -23 * (Math.abs(w[i]!) + Math.abs(d[i]!)), `${JSON.stringify(shape)} element ${i}`);
    }
    assert.deepEqual(unpackInt4(packInt4(g.q), n), g.q, 'int4 values survive packing');
  }
});

test('grouped storage: packed values plus float32 scales', () => {
  const w = new Float32Array(8 * 256).fill(0.5);
  const g = quantizeGrouped(w, [8, 256], 4, 128, 1);
  assert.deepEqual([g.weightBytes, g.scaleBytes, g.storageBytes], [1024, 8 * 2 * 4, 1024 + 64]);
  assert.equal(quantizeGrouped(w, [8, 256], 2, 128, 1).weightBytes, 512);
  assert.equal(packedBytes(5, 3), 2);
  // A group outlier widens its own group only.
  const v = Float32Array.from({ length: 8 }, (_, i) => (i === 0 ? 70 : 1));
  const gv = quantizeGrouped(v, [1, 8], 8, 4, 1);
  assert.deepEqual(Array.from(gv.scales), [70 / 127, 1 / 127].map(Math.fround));
  assert.throws(() => quantizeGrouped(v, [1, 8], 4, 0, 1), /groupSize must be a positive integer, got 0/);
  assert.throws(() => quantizeGrouped(v, [1, 8], 9, 4, 1), /bits must be an integer from 2 to 8, got 9/);
});
