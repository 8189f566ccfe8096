/** Heckbert's nice numbers against the worked cases of his Graphics Gems routine, and the edge cases charts hit. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { niceNumber, niceTicks } from '../../../src/cli/plot/nice-ticks.js';

test('niceNumber rounds to 1, 2, 5 × 10^k (round) or takes the next one up (ceiling)', () => {
  assert.equal(niceNumber(438, false), 500);
  assert.equal(niceNumber(125, true), 100);
  assert.equal(niceNumber(0.0029, true), 0.002);
  assert.equal(niceNumber(0.0031, true), 0.005); // Heckbert: 3 ≤ f < 7 rounds to 5
  assert.equal(niceNumber(0.0031, false), 0.005);
  assert.equal(niceNumber(2.2e-7, true), 2e-7); // no 2.0000000000000002e-7
  assert.equal(niceNumber(7, true), 10);
  assert.equal(niceNumber(1, false), 1);
});

test('loose labelling encloses the data: Heckbert 105..543 with 5 ticks gives 100..600 by 100', () => {
  const t = niceTicks(105, 543, 5);
  assert.deepEqual(t.values, [100, 200, 300, 400, 500, 600]);
  assert.equal(t.step, 100);
  assert.equal(t.decimals, 0);
});

test('fractional steps print exactly, with no float noise (0.30000000000000004)', () => {
  const t = niceTicks(0, 1, 6);
  assert.deepEqual(t.values, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.equal(t.decimals, 1);
  const small = niceTicks(0.1, 0.35, 6);
  for (const v of small.values) assert.equal(String(v).length <= 4, true, String(v));
});

test('ticks always enclose [lo, hi], for negative, tiny and huge ranges', () => {
  for (const [lo, hi] of [[-7.3, 2.1], [1e-9, 3e-9], [12345678, 98765432], [-1e6, -999000], [0, 3600]] as const) {
    const t = niceTicks(lo, hi);
    assert.ok(t.min <= lo && t.max >= hi, `[${t.min}, ${t.max}] encloses [${lo}, ${hi}]`);
    assert.ok(t.values.length >= 2 && t.values.length <= 12, `${t.values.length} ticks`);
  }
});

test('a constant range is widened instead of dividing by zero; non-finite input throws', () => {
  const t = niceTicks(5, 5);
  assert.ok(t.min < 5 && t.max > 5);
  const z = niceTicks(0, 0);
  assert.ok(z.min < 0 && z.max > 0);
  assert.ok(!z.values.some((v) => Object.is(v, -0)));
  assert.throws(() => niceTicks(0, Infinity), RangeError);
  assert.throws(() => niceTicks(NaN, 1), RangeError);
});
