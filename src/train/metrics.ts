/**
 * Classification metrics over logits `[N, K]` (row-major Float32Array) and
 * integer labels `[N]`. All functions are pure; {@link MetricAccumulator}
 * folds batches into counts so an evaluation never holds all logits.
 *
 * Ties and NaN follow NumPy's argmax: the first maximum wins and NaN counts
 * as larger than any number, so a diverged model (NaN logits) is scored as
 * predicting a fixed class, not as being right.
 */

/** counts[t][p] = samples of true class t predicted as p. */
export type ConfusionMatrix = number[][];

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Samples whose true class is this one. */
  support: number;
}

/** Fraction of samples whose argmax equals the label; NaN for zero samples. */
export function accuracy(logits: Float32Array, labels: Int32Array): number {
  const k = classesOf(logits, labels, 'accuracy');
  if (k === 0) return NaN;
  return new MetricAccumulator(k).add(logits, labels).accuracy();
}

/** Fraction of samples whose label is among the `k` highest logits; NaN for zero samples. */
export function topKAccuracy(logits: Float32Array, labels: Int32Array, k: number): number {
  const classes = classesOf(logits, labels, 'topKAccuracy');
  if (!Number.isSafeInteger(k) || k < 1 || (classes > 0 && k > classes)) {
    throw new RangeError(`topKAccuracy: k must be an integer from 1 to the number of classes (${classes || 'any'}), got ${k}`);
  }
  if (classes === 0) return NaN;
  return new MetricAccumulator(classes, { topK: [k] }).add(logits, labels).topKAccuracy(k);
}

/** Rows are true classes, columns predicted classes. */
export function confusionMatrix(logits: Float32Array, labels: Int32Array, numClasses: number): ConfusionMatrix {
  return new MetricAccumulator(numClasses).add(logits, labels).confusionMatrix();
}

/**
 * Per-class precision, recall and F1 from a confusion matrix. A ratio with a
 * zero denominator (a class never predicted, or absent from the labels) is
 * reported as 0, scikit-learn's `zero_division=0`; `support` tells the two
 * situations apart.
 */
export function perClassScores(matrix: ConfusionMatrix): ClassScores[] {
  const k = assertSquare(matrix, 'perClassScores');
  const scores: ClassScores[] = [];
  for (let c = 0; c < k; c++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += matrix[c]![j]!;
      predicted += matrix[j]![c]!;
    }
    const tp = matrix[c]![c]!;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    scores.push({ precision, recall, f1, support });
  }
  return scores;
}

/**
 * Unweighted mean F1 over the classes that occur in the labels or the
 * predictions — scikit-learn's `f1_score(average='macro')` with its default
 * label set, so a class the evaluation never saw does not count as a 0.
 * NaN when the matrix is empty.
 */
export function macroF1(matrix: ConfusionMatrix): number {
  const scores = perClassScores(matrix);
  let sum = 0;
  let seen = 0;
  scores.forEach((s, c) => {
    const predicted = matrix.reduce((acc, row) => acc + row[c]!, 0);
    if (s.support > 0 || predicted > 0) {
      sum += s.f1;
      seen++;
    }
  });
  return seen === 0 ? NaN : sum / seen;
}

/**
 * A fixed-width text table, true classes down, predicted classes across:
 *
 *   true\pred  cat  dog
 *         cat    5    1
 *         dog    0    4
 */
export function formatConfusionMatrix(matrix: ConfusionMatrix, classNames: readonly string[]): string {
  const k = assertSquare(matrix, 'formatConfusionMatrix');
  if (classNames.length !== k) {
    throw new RangeError(`formatConfusionMatrix: classNames has ${classNames.length} names for a ${k}x${k} matrix`);
  }
  const corner = 'true\\pred';
  const rowHead = Math.max(corner.length, ...classNames.map((n) => n.length));
  const widths = classNames.map((name, c) => Math.max(name.length, ...matrix.map((row) => String(row[c]).length)));
  const line = (head: string, cells: string[]): string =>
    [head.padStart(rowHead), ...cells.map((s, c) => s.padStart(widths[c]!))].join('  ');
  return [line(corner, [...classNames]), ...matrix.map((row, t) => line(classNames[t]!, row.map(String)))].join('\n');
}

export interface MetricAccumulatorOptions {
  /** The k values whose top-k accuracy to track (each 1 <= k <= numClasses). */
  topK?: readonly number[];
}

/**
 * Streaming evaluation: `add` each batch, then read the metrics. Keeps a
 * K x K confusion matrix and one counter per tracked k — O(K^2) memory
 * whatever the size of the evaluation set.
 */
export class MetricAccumulator {
  private readonly counts: Float64Array;
  private readonly topKHits: Map<number, number>;
  private samples = 0;

  constructor(
    readonly numClasses: number,
    options: MetricAccumulatorOptions = {},
  ) {
    if (!Number.isSafeInteger(numClasses) || numClasses < 1) {
      throw new RangeError(`MetricAccumulator: numClasses must be a positive integer, got ${numClasses}`);
    }
    this.counts = new Float64Array(numClasses * numClasses);
    this.topKHits = new Map();
    for (const k of options.topK ?? []) {
      if (!Number.isSafeInteger(k) || k < 1 || k > numClasses) {
        throw new RangeError(`MetricAccumulator: top-k value ${k} must be an integer in [1, ${numClasses}]`);
      }
      this.topKHits.set(k, 0);
    }
  }

  /** Number of samples added so far. */
  get count(): number {
    return this.samples;
  }

  /** Folds one batch in; returns `this` for chaining. */
  add(logits: Float32Array, labels: Int32Array): this {
    const k = this.numClasses;
    if (logits.length !== labels.length * k) {
      throw new RangeError(
        `MetricAccumulator.add: logits has ${logits.length} values but labels has ${labels.length} entries ` +
          `of ${k} classes (expected ${labels.length * k})`,
      );
    }
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      if (label < 0 || label >= k) {
        throw new RangeError(`MetricAccumulator.add: labels[${i}] = ${label} is outside [0, ${k})`);
      }
    }
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      const row = i * k;
      this.counts[label * k + argmaxRow(logits, row, k)]!++;
      if (this.topKHits.size > 0) {
        const rank = rankOfClass(logits, row, k, label);
        for (const [kk, hits] of this.topKHits) if (rank < kk) this.topKHits.set(kk, hits + 1);
      }
    }
    this.samples += labels.length;
    return this;
  }

  accuracy(): number {
    let correct = 0;
    for (let c = 0; c < this.numClasses; c++) correct += this.counts[c * this.numClasses + c]!;
    return this.samples === 0 ? NaN : correct / this.samples;
  }

  /** Only for a k listed in the constructor's `topK` (k = 1 is always available). */
  topKAccuracy(k: number): number {
    if (k === 1) return this.accuracy();
    const hits = this.topKHits.get(k);
    if (hits === undefined) {
      throw new RangeError(`MetricAccumulator.topKAccuracy: k = ${k} was not tracked; pass it in options.topK`);
    }
    return this.samples === 0 ? NaN : hits / this.samples;
  }

  confusionMatrix(): ConfusionMatrix {
    const k = this.numClasses;
    return Array.from({ length: k }, (_, t) => Array.from(this.counts.subarray(t * k, (t + 1) * k)));
  }

  perClassScores(): ClassScores[] {
    return perClassScores(this.confusionMatrix());
  }

  macroF1(): number {
    return macroF1(this.confusionMatrix());
  }
}

/** `a` ranks above `b`: larger, with NaN above every number (NumPy argmax order). */
function above(a: number, b: number): boolean {
  return a > b || (Number.isNaN(a) && !Number.isNaN(b));
}

function argmaxRow(x: Float32Array, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (above(x[offset + j]!, x[offset + best]!)) best = j;
  return best;
}

/**
 * 0-based position of class `c` when the row is sorted by `above`, ties
 * broken by lower index first — the same order argmax uses, so rank 0 is
 * exactly the argmax and top-1 accuracy equals accuracy.
 */
function rankOfClass(x: Float32Array, offset: number, k: number, c: number): number {
  const v = x[offset + c]!;
  let rank = 0;
  for (let j = 0; j < k; j++) {
    if (j === c) continue;
    const u = x[offset + j]!;
    if (above(u, v) || (j < c && !above(v, u))) rank++;
  }
  return rank;
}

/** K for the functional API, from the array lengths; 0 when there are no samples. */
function classesOf(logits: Float32Array, labels: Int32Array, who: string): number {
  if (labels.length === 0) {
    if (logits.length !== 0) throw new RangeError(`${who}: labels is empty but logits has ${logits.length} values`);
    return 0;
  }
  const k = logits.length / labels.length;
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`${who}: logits has ${logits.length} values, not a multiple of the ${labels.length} labels`);
  }
  return k;
}

function assertSquare(matrix: ConfusionMatrix, who: string): number {
  const k = matrix.length;
  matrix.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`${who}: row ${i} has ${row.length} entries; expected a ${k}x${k} matrix`);
  });
  return k;
}
