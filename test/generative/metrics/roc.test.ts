/** ROC AUC (Mann–Whitney), average precision and ROC points against brute force and hand-computed cases with ties. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { prAuc, rocAuc, rocCurve } from '../../../src/generative/metrics/index.js';

/** P(score of an anomaly > score of a normal sample) + ½ P(equal), over every pair. */
function pairwiseAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((q, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += p > q ? 1 : p === q ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

test('rocAuc equals the brute-force pairwise count on random scores with many ties', () => {
  for (let seed = 0; seed < 20; seed++) {
    const rng = new Rng(seed);
    const n = 5 + rng.int(60);
    const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i : rng.next() < 0.3 ? 1 : 0));
    // Integer scores 0..5, shifted up for anomalies, so ties are common across classes.
    const scores = labels.map((l) => rng.int(6) + (l === 1 ? rng.int(3) : 0));
    assert.ok(Math.abs(rocAuc(scores, labels) - pairwiseAuc(scores, labels)) < 1e-12, `seed ${seed}`);
  }
});

// Anomalies at 0.9 and 0.8; a normal sample ties the second at 0.8.
const scores = [0.3, 0.8, 0.9, 0.1, 0.8];
const labels = [0, 0, 1, 0, 1];

test('hand case with a tie: AUC 5.5/6, AP 5/6, ROC points per distinct score', () => {
  // Anomaly 0.9 beats all 3 normals (3); anomaly 0.8 ties one (½) and beats two (2).
  assert.ok(Math.abs(rocAuc(scores, labels) - 5.5 / 6) < 1e-15);
  // Threshold 0.9: R = ½, P = 1. Threshold 0.8 (two samples enter together):
  // R = 1, P = 2/3. AP = ½·1 + ½·⅔ = 5/6.
  assert.ok(Math.abs(prAuc(scores, labels) - 5 / 6) < 1e-15);
  assert.deepEqual(rocCurve(scores, labels), [
    { fpr: 0, tpr: 0, threshold: Infinity },
    { fpr: 0, tpr: 0.5, threshold: 0.9 },
    { fpr: 1 / 3, tpr: 1, threshold: 0.8 },
    { fpr: 2 / 3, tpr: 1, threshold: 0.3 },
    { fpr: 1, tpr: 1, threshold: 0.1 },
  ]);
});

test('AP is a step sum over thresholds: a false alarm ranked first costs precision at every recall', () => {
  // Ranking N, A, A, N: thresholds give (R, P) = (0, 0), (½, ½), (1, ⅔), (1, ½).
  const ap = prAuc([4, 3, 2, 1], [0, 1, 1, 0]);
  assert.ok(Math.abs(ap - (0.5 * 0.5 + 0.5 * (2 / 3))) < 1e-15);
  assert.ok(Math.abs(rocAuc([4, 3, 2, 1], [0, 1, 1, 0]) - 0.5) < 1e-15);
});

test('perfect, reversed and uninformative rankings', () => {
  assert.equal(rocAuc([1, 2, 3, 4], [0, 0, 1, 1]), 1);
  assert.equal(prAuc([1, 2, 3, 4], [0, 0, 1, 1]), 1);
  assert.equal(rocAuc([4, 3, 2, 1], [0, 0, 1, 1]), 0);
  // All tied: AUC ½ and AP the prevalence (one threshold, R = 1, P = 2/5).
  assert.equal(rocAuc([7, 7, 7, 7, 7], [0, 1, 0, 1, 0]), 0.5);
  assert.equal(prAuc([7, 7, 7, 7, 7], [0, 1, 0, 1, 0]), 0.4);
});

test('the trapezoidal area under rocCurve equals rocAuc', () => {
  const rng = new Rng(42);
  const labels = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? 1 : 0));
  const s = labels.map((l) => Math.round(10 * (rng.normal() + 1.2 * l)) / 10);
  const points = rocCurve(s, labels);
  let area = 0;
  for (let i = 1; i < points.length; i++) area += ((points[i]!.fpr - points[i - 1]!.fpr) * (points[i]!.tpr + points[i - 1]!.tpr)) / 2;
  assert.ok(Math.abs(area - rocAuc(s, labels)) < 1e-12);
  assert.deepEqual([points.at(-1)!.fpr, points.at(-1)!.tpr], [1, 1]);
  for (let i = 1; i < points.length; i++) assert.ok(points[i]!.threshold < points[i - 1]!.threshold);
});

test('ranking metrics refuse one-class labels, non-binary labels, unpaired and non-finite input', () => {
  assert.throws(() => rocAuc([1, 2, 3], [0, 0, 0]), /rocAuc: labels are all 0; need both anomalous \(1\) and normal \(0\)/);
  assert.throws(() => prAuc([1, 2, 3], [1, 1, 1]), /prAuc: labels are all 1/);
  assert.throws(() => rocCurve([1, 2], [0, 2]), /rocCurve: labels\[1\] must be 0 or 1, got 2/);
  assert.throws(() => rocAuc([1, 2, 3], [0, 1]), /scores has 3 values but labels has 2/);
  assert.throws(() => rocAuc([1, Infinity], [0, 1]), /scores\[1\] must be a finite number, got Infinity/);
  assert.throws(() => rocAuc([], []), /scores is empty/);
});
