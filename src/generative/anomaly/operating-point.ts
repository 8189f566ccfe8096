/**
 * A detector's operating point: what a fixed threshold does to labelled
 * scores. ROC-AUC and PR-AUC (metrics/roc.ts) judge the ranking over every
 * threshold; a deployed detector runs at one, fixed on normal data before
 * any anomaly is seen (metrics/threshold.ts), and is judged by the share of
 * anomalies it catches and the share of normal windows it alarms on.
 *
 * A sample is flagged when its score is strictly above the threshold, the
 * convention of the ECG and NAB tasks (a quantile threshold then flags at
 * most 1 − q of the scores it was computed from).
 */
import { requireBinary, requireFinite, requireFiniteValues, requireSameLength, type NumericArray } from '../metrics/argument-checks.js';

export interface OperatingPoint {
  /** Anomalous samples (label 1) scoring above the threshold. */
  detected: number;
  /** Normal samples (label 0) scoring above the threshold. */
  falseAlarms: number;
  positives: number;
  negatives: number;
  /** detected / positives (recall, true-positive rate). */
  detectionRate: number;
  /** falseAlarms / negatives (false-positive rate). */
  falseAlarmRate: number;
}

/** Detection and false-alarm rates of `scores > threshold` against 0/1 `labels` (1 = anomalous); both classes must occur. */
export function operatingPoint(scores: NumericArray, labels: NumericArray, threshold: number): OperatingPoint {
  const who = 'operatingPoint';
  requireFiniteValues(who, 'scores', scores);
  requireSameLength(who, 'scores', scores, 'labels', labels);
  requireFinite(who, 'threshold', threshold);
  const positives = requireBinary(who, 'labels', labels);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError(`${who}: labels are all ${positives === 0 ? 0 : 1}; a detection rate needs anomalous (1) and a false-alarm rate normal (0) samples`);
  }
  let detected = 0;
  let falseAlarms = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! > threshold) labels[i] === 1 ? detected++ : falseAlarms++;
  }
  return { detected, falseAlarms, positives, negatives, detectionRate: detected / positives, falseAlarmRate: falseAlarms / negatives };
}
