/**
 * Ranking quality of anomaly scores against 0/1 labels (1 = anomalous,
 * higher score = more anomalous), independent of any threshold.
 *
 * - ROC AUC is the probability that a random anomalous sample scores higher
 *   than a random normal one, ties counting one half: the Mann–Whitney U
 *   statistic divided by n₁n₀ (H. B. Mann, D. R. Whitney, Ann. Math. Statist.
 *   18(1):50–60, 1947; the equivalence: D. J. Hand, R. J. Till, Machine
 *   Learning 45:171–186, 2001). Computed from mid-ranks in O(n log n).
 * - PR AUC is average precision as scikit-learn's average_precision_score
 *   defines it, AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ over the distinct score thresholds
 *   taken from high to low (samples with equal scores enter together), with
 *   R₀ = 0. A step sum, not a trapezoid: linear interpolation between PR
 *   points is optimistic (J. Davis, M. Goadrich, "The relationship between
 *   Precision-Recall and ROC curves", ICML 2006). With anomalies rare, it
 *   moves much more than ROC AUC when the top-ranked samples are false
 *   alarms.
 * - rocCurve gives the (fpr, tpr, threshold) points for plotting: one per
 *   distinct score, "score ≥ threshold" counting as a detection, starting
 *   from (0, 0) at threshold +∞ like sklearn's roc_curve.
 *
 * All three refuse labels of a single class: with no anomalies (or no normal
 * samples) there is nothing to rank and the value would be meaningless.
 */
import { requireBinary, requireFiniteValues, requireSameLength, type NumericArray } from './argument-checks.js';

export interface RocPoint {
  /** False-positive rate, FP / (normal samples). */
  fpr: number;
  /** True-positive rate (recall), TP / (anomalous samples). */
  tpr: number;
  /** Samples scoring >= threshold are flagged. */
  threshold: number;
}

/** Area under the ROC curve by the Mann–Whitney U statistic, ties counted half. */
export function rocAuc(scores: NumericArray, labels: NumericArray): number {
  const { positives, negatives } = checkScored('rocAuc', scores, labels);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  // Sum of the anomalies' ranks (1-based), a tie group sharing its mean rank.
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    const midRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (labels[order[i]!] === 1) rankSum += midRank;
    start = end;
  }
  const u = rankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

/** Average precision, Σ (Rₙ − Rₙ₋₁) Pₙ over distinct thresholds from high to low. */
export function prAuc(scores: NumericArray, labels: NumericArray): number {
  const { positives } = checkScored('prAuc', scores, labels);
  let ap = 0;
  let previousRecall = 0;
  for (const { truePositives, falsePositives } of thresholdSweep(scores, labels)) {
    const recall = truePositives / positives;
    ap += (recall - previousRecall) * (truePositives / (truePositives + falsePositives));
    previousRecall = recall;
  }
  return ap;
}

/** ROC points from (0, 0) at threshold +∞ to (1, 1) at the lowest score, one per distinct score. */
export function rocCurve(scores: NumericArray, labels: NumericArray): RocPoint[] {
  const { positives, negatives } = checkScored('rocCurve', scores, labels);
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Infinity }];
  for (const { threshold, truePositives, falsePositives } of thresholdSweep(scores, labels)) {
    points.push({ fpr: falsePositives / negatives, tpr: truePositives / positives, threshold });
  }
  return points;
}

interface SweepStep {
  threshold: number;
  truePositives: number;
  falsePositives: number;
}

/** Cumulative TP/FP counts as the threshold steps down through each distinct score. */
function* thresholdSweep(scores: NumericArray, labels: NumericArray): Generator<SweepStep> {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let truePositives = 0;
  let falsePositives = 0;
  for (let start = 0; start < order.length; ) {
    const threshold = scores[order[start]!]!;
    let end = start;
    while (end < order.length && scores[order[end]!] === threshold) {
      if (labels[order[end]!] === 1) truePositives++;
      else falsePositives++;
      end++;
    }
    yield { threshold, truePositives, falsePositives };
    start = end;
  }
}

function checkScored(who: string, scores: NumericArray, labels: NumericArray): { positives: number; negatives: number } {
  requireFiniteValues(who, 'scores', scores);
  requireSameLength(who, 'scores', scores, 'labels', labels);
  const positives = requireBinary(who, 'labels', labels);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError(`${who}: labels are all ${positives === 0 ? 0 : 1}; need both anomalous (1) and normal (0) samples to rank`);
  }
  return { positives, negatives };
}
