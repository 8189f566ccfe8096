/**
 * operatingPoint on hand-counted scores: strict "above" (a score equal to
 * the threshold is not flagged), the two rates, and the argument errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { operatingPoint } from '../../../src/generative/anomaly/operating-point.js';

test('counts scores strictly above the threshold per class', () => {
  //               novel: 5, 3, 1        known: 4, 2, 2, 0.5, 3
  const scores = [5, 4, 3, 2, 2, 1, 0.5, 3];
  const labels = [1, 0, 1, 0, 0, 1, 0, 0];
  const p = operatingPoint(scores, labels, 3);
  // Above 3: 5 (novel), 4 (known); the two 3s sit on the threshold and are not flagged.
  assert.deepEqual(p, { detected: 1, falseAlarms: 1, positives: 3, negatives: 5, detectionRate: 1 / 3, falseAlarmRate: 1 / 5 });
  assert.deepEqual(operatingPoint(scores, labels, -1), { detected: 3, falseAlarms: 5, positives: 3, negatives: 5, detectionRate: 1, falseAlarmRate: 1 });
  assert.deepEqual(operatingPoint(Float32Array.from(scores), Uint8Array.from(labels), 5), { detected: 0, falseAlarms: 0, positives: 3, negatives: 5, detectionRate: 0, falseAlarmRate: 0 });
});

test('argument errors name the argument', () => {
  assert.throws(() => operatingPoint([1, 2], [1], 0), (e: unknown) => e instanceof RangeError && /operatingPoint: scores has 2 values but labels has 1/.test(e.message));
  assert.throws(() => operatingPoint([1, NaN], [1, 0], 0), /operatingPoint: scores\[1\] must be a finite number/);
  assert.throws(() => operatingPoint([1, 2], [1, 0], Infinity), /operatingPoint: threshold must be a finite number/);
  assert.throws(() => operatingPoint([1, 2], [1, 2], 0), /operatingPoint: labels\[1\] must be 0 or 1, got 2/);
  assert.throws(() => operatingPoint([1, 2], [0, 0], 0), /labels are all 0; a detection rate needs anomalous/);
  assert.throws(() => operatingPoint([1, 2], [1, 1], 0), /labels are all 1/);
});
