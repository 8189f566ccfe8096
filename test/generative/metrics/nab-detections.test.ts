/** NAB-style event scoring (Lavin & Ahmad 2015) on hand-built score series. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreDetections } from '../../../src/generative/metrics/index.js';

// index:        0    1    2    3    4    5    6    7    8    9   10   11   12   13   14   15   16   17   18   19
const scores = [0.9, 0.2, 0.1, 0.7, 0.8, 0.3, 0.6, 0.2, 0.5, 0.1, 0.6, 0.7, 0.1, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1, 0.1];
// Rising edges above 0.5: 0, 3, 6, 10, 16 (sample 8 equals the threshold: not above).
const windows = [
  { firstIndex: 2, lastIndex: 7 },
  { firstIndex: 12, lastIndex: 15 },
  { firstIndex: 16, lastIndex: 18 },
];

test('rising edges are detections; a window is caught by any detection inside it; the rest are false alarms', () => {
  assert.deepEqual(scoreDetections(scores, 0.5, windows), {
    detections: [0, 3, 6, 10, 16],
    windowsDetected: 2,
    windowsTotal: 3,
    falseAlarms: 2, // samples 0 and 10
    firstDetectionDelay: [1, null, 0],
  });
});

test('minGap merges crossings shortly after a reported detection into the same event', () => {
  // 3 is within 3 samples of 0 → same event; 6 is 6 after 0 → new; 10 is 4 after 6 → new.
  const r = scoreDetections(scores, 0.5, windows, { minGap: 3 });
  assert.deepEqual(r.detections, [0, 6, 10, 16]);
  assert.deepEqual(r.firstDetectionDelay, [4, null, 0]);
  assert.equal(r.falseAlarms, 2);
  // A gap of 10 also swallows 6 and 10, measured from the reported detection at 0.
  assert.deepEqual(scoreDetections(scores, 0.5, windows, { minGap: 10 }).detections, [0, 16]);
});

test('the probationary samples are not scored; the detector state starts after them', () => {
  // Probation 2 drops the alarm at 0; probation 4 starts at sample 4, already above: a detection.
  const p2 = scoreDetections(scores, 0.5, windows, { probation: 2 });
  assert.deepEqual(p2.detections, [3, 6, 10, 16]);
  assert.equal(p2.falseAlarms, 1);
  const p4 = scoreDetections(scores, 0.5, [windows[1]!, windows[2]!], { probation: 4 });
  assert.deepEqual(p4.detections, [4, 6, 10, 16]);
  assert.deepEqual(p4.firstDetectionDelay, [null, 0]);
  assert.equal(p4.falseAlarms, 3);
});

test('a score staying above the threshold through a window is one detection at its rise', () => {
  const plateau = [0, 0, 1, 1, 1, 1, 0, 0];
  const r = scoreDetections(plateau, 0.5, [{ firstIndex: 3, lastIndex: 5 }]);
  // The alarm rose at 2, before the window: a false alarm, and the window is missed.
  assert.deepEqual(r, { detections: [2], windowsDetected: 0, windowsTotal: 1, falseAlarms: 1, firstDetectionDelay: [null] });
  assert.deepEqual(scoreDetections(plateau, 0.5, []), { detections: [2], windowsDetected: 0, windowsTotal: 0, falseAlarms: 1, firstDetectionDelay: [] });
});

test('scoreDetections refuses windows outside the series or inside probation, and bad options', () => {
  assert.throws(() => scoreDetections(scores, 0.5, [{ firstIndex: 18, lastIndex: 20 }]), /windows\[0\] ends at sample 20, past the last score \(index 19\)/);
  assert.throws(() => scoreDetections(scores, 0.5, [{ firstIndex: 5, lastIndex: 4 }]), /windows\[0\]\.lastIndex must be an integer >= 5, got 4/);
  assert.throws(() => scoreDetections(scores, 0.5, [{ firstIndex: -1, lastIndex: 4 }]), /windows\[0\]\.firstIndex must be an integer >= 0, got -1/);
  assert.throws(() => scoreDetections(scores, 0.5, windows, { probation: 3 }), /windows\[0\] starts at sample 2, inside the probationary period of 3 samples/);
  assert.throws(() => scoreDetections(scores, 0.5, [], { probation: 20 }), /probation is 20 but scores has only 20 samples/);
  assert.throws(() => scoreDetections(scores, 0.5, [], { minGap: 1.5 }), /options\.minGap must be an integer >= 0, got 1.5/);
  assert.throws(() => scoreDetections(scores, NaN, []), /threshold must be a finite number, got NaN/);
  assert.throws(() => scoreDetections([0.1, NaN], 0.5, []), /scores\[1\] must be a finite number/);
});
