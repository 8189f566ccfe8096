/** Imputation error over the masked entries only, worked by hand. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskedErrors } from '../../../src/generative/metrics/index.js';

test('MAE and RMSE over the missing entries only; observed entries are not read', () => {
  // Masked errors: |2 − 4| = 2 and |4 − 1| = 3 → MAE 2.5, RMSE √((4 + 9)/2).
  const r = maskedErrors([1, 2, NaN, 4], new Float32Array([100, 4, 3, 1]), new Uint8Array([0, 1, 0, 1]));
  assert.deepEqual(r, { mae: 2.5, rmse: Math.sqrt(6.5), count: 2 });
  assert.deepEqual(maskedErrors([1, 2], [1, 2], [1, 1]), { mae: 0, rmse: 0, count: 2 });
});

test('maskedErrors refuses an empty mask, non-binary masks, unpaired arrays and masked non-finite values', () => {
  assert.throws(() => maskedErrors([1, 2], [1, 2], [0, 0]), /mask marks no entry as missing/);
  assert.throws(() => maskedErrors([1, 2], [1, 2], [0, 0.5]), /mask\[1\] must be 0 or 1, got 0.5/);
  assert.throws(() => maskedErrors([1, 2], [1], [0, 1]), /truth has 2 values but estimate has 1/);
  assert.throws(() => maskedErrors([1, 2], [1, 2], [1]), /truth has 2 values but mask has 1/);
  assert.throws(() => maskedErrors([1, 2], [1, NaN], [0, 1]), /estimate\[1\] is masked but not finite/);
  assert.throws(() => maskedErrors([Infinity, 2], [1, 2], [1, 0]), /truth\[0\] is masked but not finite/);
});
