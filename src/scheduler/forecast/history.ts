/**
 * The last `capacity` values of a series, in a ring buffer: what the naive,
 * seasonal and learned forecasters look back on. `ago(0)` is the newest.
 */
export class History {
  private readonly values: Float64Array;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`History: capacity must be an integer >= 1, got ${capacity}`);
    this.values = new Float64Array(capacity);
  }

  /** Values pushed so far (not capped at the capacity). */
  get length(): number {
    return this.count;
  }

  /** How many values can be looked back on: min(length, capacity). */
  get available(): number {
    return Math.min(this.count, this.capacity);
  }

  push(value: number): void {
    this.values[this.count % this.capacity] = value;
    this.count++;
  }

  /** The value `lag` steps before the newest (0 = newest); lag < available. */
  ago(lag: number): number {
    if (!(lag >= 0 && lag < this.available)) throw new RangeError(`History.ago: lag ${lag} is outside the ${this.available} values held`);
    return this.values[(this.count - 1 - lag) % this.capacity]!;
  }
}
