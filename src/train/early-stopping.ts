/**
 * Early stopping as a pure state machine: feed it one validation value per
 * evaluation, it says whether the value improved on the best so far and
 * whether to stop. It does no I/O; the trainer decides what "stop" means
 * (restore the best checkpoint, end the loop).
 *
 * Semantics follow Keras' EarlyStopping callback (Prechelt, "Early Stopping —
 * But When?", 1998, for the idea): a value improves only if it beats the best
 * by more than `minDelta`; after `patience` consecutive evaluations without
 * improvement, stop (Keras and PyTorch Lightning count the same way, so
 * patience 0 stops at the first miss). A NaN value never improves, so a
 * diverged run stops too.
 */
export interface EarlyStoppingOptions {
  /** Stop after this many consecutive evaluations without improvement (integer >= 0; 0 stops at the first). */
  patience: number;
  /** Smallest change that counts as an improvement (>= 0, default 0). */
  minDelta?: number;
  /** 'max' for accuracy-like values, 'min' for losses (default 'max'). */
  mode?: 'max' | 'min';
}

export interface EarlyStoppingDecision {
  /** This value is the new best. */
  improved: boolean;
  /** Patience is exhausted; stays true for every later update. */
  stop: boolean;
}

export class EarlyStopping {
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: 'max' | 'min';
  private bestValue: number | undefined;
  private bestAt = -1;
  private updates = 0;
  private sinceBest = 0;
  private stopped = false;

  constructor({ patience, minDelta = 0, mode = 'max' }: EarlyStoppingOptions) {
    if (!Number.isSafeInteger(patience) || patience < 0) {
      throw new RangeError(`EarlyStopping: patience must be a non-negative integer, got ${patience}`);
    }
    if (!Number.isFinite(minDelta) || minDelta < 0) {
      throw new RangeError(`EarlyStopping: minDelta must be a finite number >= 0, got ${minDelta}`);
    }
    if (mode !== 'max' && mode !== 'min') {
      throw new RangeError(`EarlyStopping: mode must be 'max' or 'min', got ${String(mode)}`);
    }
    this.patience = patience;
    this.minDelta = minDelta;
    this.mode = mode;
  }

  /** Best value seen so far; undefined until a non-NaN value arrives. */
  get best(): number | undefined {
    return this.bestValue;
  }

  /** 0-based index of the update that produced `best`; -1 before that. */
  get bestIndex(): number {
    return this.bestAt;
  }

  /** Consecutive updates since the last improvement. */
  get waited(): number {
    return this.sinceBest;
  }

  update(value: number): EarlyStoppingDecision {
    if (typeof value !== 'number') throw new TypeError(`EarlyStopping.update: value must be a number, got ${typeof value}`);
    const index = this.updates++;
    if (this.stopped) return { improved: false, stop: true };
    if (this.beats(value)) {
      this.bestValue = value;
      this.bestAt = index;
      this.sinceBest = 0;
      return { improved: true, stop: false };
    }
    this.sinceBest++;
    this.stopped = this.sinceBest >= this.patience;
    return { improved: false, stop: this.stopped };
  }

  private beats(value: number): boolean {
    if (Number.isNaN(value)) return false;
    if (this.bestValue === undefined) return true;
    return this.mode === 'max' ? value > this.bestValue + this.minDelta : value < this.bestValue - this.minDelta;
  }
}
