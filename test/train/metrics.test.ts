import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MetricAccumulator,
  accuracy,
  confusionMatrix,
  formatConfusionMatrix,
  macroF1,
  perClassScores,
  topKAccuracy,
} from '../../src/train/metrics.js';

// Five samples, three classes. Predictions (argmax): 0, 1, 2, 1, 0.
const LOGITS = new Float32Array([
  /* y=0 */ 3, 1, 2, // pred 0, label rank 0
  /* y=1 */ 0, 5, 1, // pred 1, rank 0
  /* y=1 */ 1, 2, 3, // pred 2, rank 1
  /* y=2 */ 2, 4, 0, // pred 1, rank 2
  /* y=2 */ 9, 1, 8, // pred 0, rank 1
]);
const LABELS = new Int32Array([0, 1, 1, 2, 2]);

describe('classification metrics', () => {
  it('accuracy and top-k accuracy on a hand-made batch', () => {
    assert.equal(accuracy(LOGITS, LABELS), 2 / 5);
    assert.equal(topKAccuracy(LOGITS, LABELS, 1), 2 / 5);
    assert.equal(topKAccuracy(LOGITS, LABELS, 2), 4 / 5);
    assert.equal(topKAccuracy(LOGITS, LABELS, 3), 1);
  });

  it('breaks ties toward the lower index, like NumPy argmax, consistently for top-k', () => {
    const tied = new Float32Array([1, 1, 0, 1, 1, 0]);
    assert.equal(accuracy(tied, new Int32Array([0, 1])), 1 / 2);
    assert.equal(topKAccuracy(tied, new Int32Array([0, 1]), 1), 1 / 2);
    assert.equal(topKAccuracy(tied, new Int32Array([0, 1]), 2), 1);
  });

  it('treats NaN as the largest logit, so a diverged model is not scored as right', () => {
    const logits = new Float32Array([5, NaN, 1, NaN, NaN, NaN]);
    const labels = new Int32Array([0, 1]);
    assert.deepEqual(confusionMatrix(logits, labels, 3), [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    assert.equal(accuracy(logits, labels), 0);
    // Row 0: NaN outranks the label's 5; row 1: all NaN tie, lower index first.
    assert.equal(topKAccuracy(logits, labels, 2), 1);
  });

  it('confusion matrix has true classes as rows and predictions as columns', () => {
    assert.deepEqual(confusionMatrix(LOGITS, LABELS, 3), [
      [1, 0, 0],
      [0, 1, 1],
      [1, 1, 0],
    ]);
  });

  it('per-class precision, recall, F1 and macro F1', () => {
    const scores = perClassScores(confusionMatrix(LOGITS, LABELS, 3));
    // class 0: tp 1, predicted 2, support 1; class 1: tp 1, predicted 2, support 2; class 2: tp 0.
    assert.deepEqual(scores[0], { precision: 0.5, recall: 1, f1: 2 / 3, support: 1 });
    assert.deepEqual(scores[1], { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    assert.deepEqual(scores[2], { precision: 0, recall: 0, f1: 0, support: 2 });
    assert.equal(macroF1(confusionMatrix(LOGITS, LABELS, 3)), (2 / 3 + 0.5 + 0) / 3);
    // A class absent from labels and predictions does not dilute macro F1.
    assert.equal(macroF1([[2, 0], [0, 0]]), 1);
    assert.ok(Number.isNaN(macroF1([[0, 0], [0, 0]])));
  });

  it('formats the confusion matrix as an aligned table', () => {
    const text = formatConfusionMatrix(
      [
        [12, 0],
        [3, 100],
      ],
      ['cat', 'walking'],
    );
    assert.equal(text, ['true\\pred  cat  walking', '      cat   12        0', '  walking    3      100'].join('\n'));
    assert.throws(() => formatConfusionMatrix([[1]], ['a', 'b']), /classNames has 2 names for a 1x1 matrix/);
  });

  it('validates shapes and labels with the offending sizes in the message', () => {
    assert.throws(() => accuracy(new Float32Array(5), new Int32Array(2)), /logits has 5 values, not a multiple of the 2 labels/);
    assert.throws(() => confusionMatrix(LOGITS, new Int32Array([0, 1, 1, 2, 3]), 3), /labels\[4\] = 3 is outside \[0, 3\)/);
    assert.throws(() => confusionMatrix(LOGITS, LABELS, 4), /logits has 15 values but labels has 5 entries of 4 classes \(expected 20\)/);
    assert.throws(() => topKAccuracy(LOGITS, LABELS, 4), /k must be an integer from 1 to the number of classes \(3\), got 4/);
    assert.throws(() => perClassScores([[1, 2], [3]]), /row 1 has 1 entries; expected a 2x2 matrix/);
    assert.ok(Number.isNaN(accuracy(new Float32Array(0), new Int32Array(0))));
  });
});

describe('MetricAccumulator', () => {
  it('gives the same results batch by batch as on the whole set', () => {
    const acc = new MetricAccumulator(3, { topK: [2] });
    assert.ok(Number.isNaN(acc.accuracy()));
    acc.add(LOGITS.subarray(0, 6), LABELS.subarray(0, 2));
    acc.add(LOGITS.subarray(6, 6), LABELS.subarray(2, 2));
    acc.add(LOGITS.subarray(6), LABELS.subarray(2));
    assert.equal(acc.count, 5);
    assert.equal(acc.accuracy(), accuracy(LOGITS, LABELS));
    assert.equal(acc.topKAccuracy(1), acc.accuracy());
    assert.equal(acc.topKAccuracy(2), topKAccuracy(LOGITS, LABELS, 2));
    assert.deepEqual(acc.confusionMatrix(), confusionMatrix(LOGITS, LABELS, 3));
    assert.deepEqual(acc.perClassScores(), perClassScores(confusionMatrix(LOGITS, LABELS, 3)));
    assert.equal(acc.macroF1(), macroF1(confusionMatrix(LOGITS, LABELS, 3)));
  });

  it('refuses a top-k it was not asked to track, and bad constructor arguments', () => {
    const acc = new MetricAccumulator(3);
    assert.throws(() => acc.topKAccuracy(2), /k = 2 was not tracked; pass it in options.topK/);
    assert.throws(() => new MetricAccumulator(0), /numClasses must be a positive integer, got 0/);
    assert.throws(() => new MetricAccumulator(3, { topK: [4] }), /top-k value 4 must be an integer in \[1, 3\]/);
  });

  it('leaves its counts untouched when a batch is rejected', () => {
    const acc = new MetricAccumulator(3).add(LOGITS, LABELS);
    assert.throws(() => acc.add(new Float32Array(6), new Int32Array([0, 7])), /labels\[1\] = 7/);
    assert.equal(acc.count, 5);
    assert.equal(acc.accuracy(), 2 / 5);
  });
});
