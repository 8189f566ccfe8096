/** Dropout masks: deterministic per seed, contiguous all-channel gaps inside the window, as many as asked. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropoutMask, type DropoutMask } from '../../../src/generative/metrics/index.js';

/** Checks the invariants every mask must hold and returns the missing time steps. */
function checkMask(m: DropoutMask, length: number, channels: number, shortest: number, longest: number): number {
  assert.equal(m.mask.length, channels * length);
  // As if a gap ended at −1: every gap starts two past the previous end, so
  // sample 0 and one sample between consecutive gaps stay observed.
  let previousEnd = -1;
  for (const g of m.gaps) {
    const gapLength = g.lastIndex - g.firstIndex + 1;
    assert.ok(gapLength >= 1 && gapLength <= longest, `gap length ${gapLength}`);
    assert.ok(g.firstIndex >= previousEnd + 2, `gap at ${g.firstIndex} touches the previous one (ending ${previousEnd}) or sample 0`);
    assert.ok(g.lastIndex <= length - 2, `gap ends at ${g.lastIndex}, touching the last sample`);
    previousEnd = g.lastIndex;
  }
  let missing = 0;
  for (let t = 0; t < length; t++) {
    const inGap = m.gaps.some((g) => t >= g.firstIndex && t <= g.lastIndex);
    for (let c = 0; c < channels; c++) assert.equal(m.mask[c * length + t], inGap ? 1 : 0, `channel ${c}, sample ${t}`);
    if (inGap) missing++;
  }
  // Only a missingFraction request may shorten one gap below the shortest.
  assert.ok(m.gaps.filter((g) => g.lastIndex - g.firstIndex + 1 < shortest).length <= 1);
  return missing;
}

test('gapCount: that many gaps with lengths in range, the same mask for the same seed', () => {
  const options = { gapLengths: [3, 8] as [number, number], gapCount: 4, seed: 17 };
  const m = dropoutMask(100, 3, options);
  assert.equal(m.gaps.length, 4);
  const missing = checkMask(m, 100, 3, 3, 8);
  for (const g of m.gaps) assert.ok(g.lastIndex - g.firstIndex + 1 >= 3);
  assert.equal(missing, m.gaps.reduce((a, g) => a + g.lastIndex - g.firstIndex + 1, 0));
  assert.deepEqual(dropoutMask(100, 3, options), m);
  assert.notDeepEqual(dropoutMask(100, 3, { ...options, seed: 18 }).gaps, m.gaps);
});

test('missingFraction: the missing count is the target less at most the shortest gap − 1, never more', () => {
  for (let seed = 0; seed < 200; seed++) {
    const m = dropoutMask(200, 2, { gapLengths: [4, 20], missingFraction: 0.3, seed });
    const missing = checkMask(m, 200, 2, 4, 20);
    assert.ok(missing <= 60 && missing > 60 - 4, `seed ${seed}: ${missing} missing`);
  }
});

test('a tight request fits exactly: gaps fill the interior with one observed sample between them', () => {
  // 3 gaps of 2 + 2 separators = 8 = length − 2: one arrangement only.
  const m = dropoutMask(10, 1, { gapLengths: [2, 2], gapCount: 3, seed: 5 });
  assert.deepEqual(Array.from(m.mask), [0, 1, 1, 0, 1, 1, 0, 1, 1, 0]);
});

test('dropoutMask refuses infeasible or ambiguous requests', () => {
  assert.throws(() => dropoutMask(10, 1, { gapLengths: [2, 2], gapCount: 4, seed: 1 }), /4 gaps of 8 samples in all, .* do not fit in the 8 interior samples of length 10/);
  assert.throws(() => dropoutMask(10, 1, { gapLengths: [2, 9], gapCount: 1, seed: 1 }), /gapLengths\[1\] is 9 but only 8 interior samples/);
  assert.throws(() => dropoutMask(10, 1, { gapLengths: [3, 2], gapCount: 1, seed: 1 }), /gapLengths\[1\] must be an integer >= 3, got 2/);
  assert.throws(() => dropoutMask(10, 1, { gapLengths: [2, 3], seed: 1 }), /give exactly one of options\.gapCount and options\.missingFraction/);
  assert.throws(() => dropoutMask(10, 1, { gapLengths: [2, 3], gapCount: 1, missingFraction: 0.2, seed: 1 }), /exactly one/);
  assert.throws(() => dropoutMask(10, 1, { gapLengths: [2, 3], missingFraction: 1, seed: 1 }), /missingFraction must lie in \(0, 1\), got 1/);
  assert.throws(() => dropoutMask(100, 1, { gapLengths: [5, 6], missingFraction: 0.04, seed: 1 }), /is 4 samples, fewer than the shortest gap \(5\)/);
  assert.throws(() => dropoutMask(2, 1, { gapLengths: [1, 1], gapCount: 1, seed: 1 }), /length must be an integer >= 3, got 2/);
  assert.throws(() => dropoutMask(10, 1, { gapLengths: [1, 1], gapCount: 1, seed: -1 }), /options\.seed must be an integer >= 0, got -1/);
});
