/**
 * The deployable NAB detector's split on a synthetic stream (1600 readings
 * at 5 min → 400 at 20 min; labelled windows at raw readings 480–560 and
 * 1280–1360): training windows only from the leading half and only where no
 * reading is labelled, the rest cut into every sliding window, each labelled
 * by overlap with a labelled window — all checked against labels and
 * means recomputed here from the raw stream — and the refusals before any
 * training: a stretch too short, one with no normal window, a rest with
 * one class only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/index.js';
import { checkNabLadderSplit, nabLadderSplit, NabLadderSplitError } from '../../../src/generative/datasets/nab-ladder-split.js';
import { syntheticNabStream } from '../helpers.js';

const L = 32;
const { stream, values } = syntheticNabStream({ samples: 1600 });

/** Decimated readings and their labels, from the raw stream: a reading is labelled when one of its 4 raw readings is. */
function decimatedByHand(): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i + 4 <= values.length; i += 4) {
    x.push((values[i]! + values[i + 1]! + values[i + 2]! + values[i + 3]!) / 4);
    y.push(Math.max(stream.labels[i]!, stream.labels[i + 1]!, stream.labels[i + 2]!, stream.labels[i + 3]!));
  }
  return { x, y };
}

test('training windows come from the normal readings of the leading half; every window after it is scored, labelled by overlap', () => {
  const s = nabLadderSplit(stream, new Rng(3), { windowLength: L });
  const { x, y } = decimatedByHand();
  assert.equal(x.length, 400);
  assert.equal(s.trainReadings, 200);
  assert.deepEqual(Array.from(s.series.labelled), y);

  // Standardised with the mean and deviation of the first half's unlabelled readings only.
  const normal = x.filter((_, i) => i < 200 && y[i] === 0);
  const mean = normal.reduce((a, b) => a + b, 0) / normal.length;
  const std = Math.sqrt(normal.reduce((a, b) => a + (b - mean) ** 2, 0) / normal.length);
  assert.ok(Math.abs(s.standardisation.mean - mean) < 1e-4 && Math.abs(s.standardisation.std - std) < 1e-4, JSON.stringify(s.standardisation));
  const z = x.map((v) => (v - mean) / std);

  // Normal starts in [0, 200): 0..88 (before the labelled readings 120..140) and 141..168: 117 windows, 20% (23) held out.
  assert.deepEqual([s.counts.train, s.counts.validation], [94, 23]);
  const near = (w: ArrayLike<number>, a: number) => Array.from(w).every((v, j) => Math.abs(v - z[a + j]!) < 1e-4);
  const normalStarts: number[] = [];
  for (let a = 0; a + L <= 200; a++) if (y.slice(a, a + L).every((v) => v === 0)) normalStarts.push(a);
  assert.equal(normalStarts.length, 117);
  const seen = new Set<number>();
  for (const set of [s.train, s.validation]) {
    for (let k = 0; k < set.count; k++) {
      const w = set.data.subarray(k * L, (k + 1) * L);
      const a = normalStarts.find((b) => !seen.has(b) && near(w, b));
      assert.ok(a !== undefined, `training window ${k} is a normal window of the leading half, not used twice`);
      seen.add(a);
    }
  }
  assert.equal(seen.size, 117, 'train and validation partition the normal windows');

  // Test: every window wholly after reading 200, positive when one of its readings is labelled (320..340).
  assert.deepEqual(Array.from(s.testStarts), Array.from({ length: 400 - L + 1 - 200 }, (_, k) => 200 + k));
  const expected = Array.from(s.testStarts, (a) => (y.slice(a, a + L).some((v) => v === 1) ? 1 : 0));
  assert.deepEqual(Array.from(s.testLabels), expected);
  assert.equal(s.counts.testPositive, 340 - (320 - L + 1) + 1);
  for (const k of [0, 57, s.test.count - 1]) assert.ok(near(s.test.data.subarray(k * L, (k + 1) * L), s.testStarts[k]!), `test window ${k}`);
});

test('the split is refused before training: a stretch too short, no normal window in it, one class after it', () => {
  assert.throws(() => checkNabLadderSplit(stream, { windowLength: L, trainFraction: 0.1 }), (e: unknown) => e instanceof NabLadderSplitError && /the first 10 % of 400 readings after decimation by 4\) holds 40 readings; the detector needs at least 64 \(two windows of 32\)/.test(e.message));
  const flooded = syntheticNabStream({ samples: 1600, windows: [[0, 799], [1280, 1360]] }).stream;
  assert.throws(() => checkNabLadderSplit(flooded, { windowLength: L }), /holds 0 windows of 32 readings outside every labelled anomaly window; training needs at least 2/);
  const early = syntheticNabStream({ samples: 1600, windows: [[480, 560]] }).stream;
  assert.throws(() => checkNabLadderSplit(early, { windowLength: L }), /readings 200\.\.399 .* holds 169 windows of 32, 0 touching a labelled anomaly window; the ROC-AUC needs both/);
  assert.throws(() => checkNabLadderSplit(stream, { trainFraction: 1 }), /trainFraction must lie in \(0, 1\)/);
  assert.throws(() => checkNabLadderSplit(stream, { windowLength: 1 }), /windowLength must be an integer >= 2/);
});
