/**
 * The training curve of each feature hint: the mean of its (unweighted) MSE
 * over the training batches of each epoch, so a user sees whether the
 * student's features converge towards the teacher's.
 */
export class HintMseLog {
  private readonly sums: number[];
  private readonly counts: number[];
  private readonly epochs: number[][];

  constructor(hints: number) {
    this.sums = new Array<number>(hints).fill(0);
    this.counts = new Array<number>(hints).fill(0);
    this.epochs = Array.from({ length: hints }, () => []);
  }

  /** Records one batch's MSE of hint `i`. */
  add(i: number, mse: number): void {
    this.sums[i]! += mse;
    this.counts[i]! += 1;
  }

  /** Closes the epoch: appends each hint's mean (NaN when it saw no batch) and starts the next. */
  endEpoch(): void {
    this.epochs.forEach((curve, i) => {
      curve.push(this.counts[i]! > 0 ? this.sums[i]! / this.counts[i]! : NaN);
      this.sums[i] = 0;
      this.counts[i] = 0;
    });
  }

  /** Per hint, the mean MSE of each closed epoch. */
  perHint(): number[][] {
    return this.epochs.map((curve) => [...curve]);
  }
}
