/**
 * A running histogram of the values one tensor takes over many calibration
 * batches, from which the calibration methods (minmax, percentile, entropy,
 * mse) pick a clipping range. The exact running min and max are kept beside
 * the bins.
 *
 * The bins are equal-width over a range that only grows. When a batch falls
 * outside it, the new range is chosen so its bins are unions of k whole old
 * bins (k an integer): the old counts move over exactly, with no
 * interpolation, and every growth at least doubles the width, so a stream of
 * slowly widening batches re-bins only logarithmically often. After growth
 * the observed values still span more than half of the bins.
 */

/**
 * Bins: 2048, as TensorRT's entropy calibrator (Migacz 2017, "8-bit
 * Inference with TensorRT", GTC, slide "Calibration": "collect histograms of
 * activations ... 2048 bins").
 */
export const DEFAULT_HISTOGRAM_BINS = 2048;

/** A histogram snapshot. Bin i covers [lo + i·width, lo + (i+1)·width). */
export interface Histogram {
  readonly lo: number;
  /** > 0, except when every value seen was the same (then min === max and width is 0). */
  readonly width: number;
  readonly counts: Float64Array;
  /** Exact smallest and largest values seen; the bins may extend beyond them. */
  readonly min: number;
  readonly max: number;
  /** Number of values seen (the sum of `counts`). */
  readonly total: number;
}

export class HistogramObserver {
  readonly bins: number;
  private counts: Float64Array | null = null;
  private lo = 0;
  private width = 0;
  private minSeen = Infinity;
  private maxSeen = -Infinity;
  private seen = 0;

  constructor(bins = DEFAULT_HISTOGRAM_BINS) {
    if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`HistogramObserver: bins must be an integer >= 2, got ${bins}`);
    this.bins = bins;
  }

  get total(): number {
    return this.seen;
  }

  /** Adds a batch of values. Non-finite values are an error (they have no place on a quantization grid). */
  observe(values: ArrayLike<number>): void {
    if (values.length === 0) return;
    let bmin = Infinity;
    let bmax = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) throw new RangeError(`HistogramObserver: value ${i} of the batch is ${v}; calibration needs finite values`);
      if (v < bmin) bmin = v;
      if (v > bmax) bmax = v;
    }
    const prevMin = this.minSeen;
    this.minSeen = Math.min(this.minSeen, bmin);
    this.maxSeen = Math.max(this.maxSeen, bmax);
    if (this.counts === null) {
      // Until two distinct values arrive every value equals minSeen; only the count is needed.
      if (this.minSeen === this.maxSeen) {
        this.seen += values.length;
        return;
      }
      this.start(prevMin);
    } else if (this.minSeen < this.lo || this.maxSeen > this.lo + this.bins * this.width) {
      this.grow(this.minSeen, this.maxSeen);
    }
    this.add(values);
  }

  /** The histogram so far; throws when nothing was observed. */
  histogram(): Histogram {
    if (this.seen === 0) throw new Error('HistogramObserver: no values observed yet');
    const counts = this.counts ? this.counts.slice() : Float64Array.of(this.seen);
    return { lo: this.counts ? this.lo : this.minSeen, width: this.width, counts, min: this.minSeen, max: this.maxSeen, total: this.seen };
  }

  /** First non-degenerate batch: bins over [min, max]; the earlier identical values go to their bin. */
  private start(earlierValue: number): void {
    this.counts = new Float64Array(this.bins);
    this.lo = this.minSeen;
    this.width = (this.maxSeen - this.minSeen) / this.bins;
    if (this.seen > 0) this.counts[this.binOf(earlierValue)]! += this.seen;
  }

  /**
   * Widens the range to cover [min, max] with bins k times as wide, shifted
   * by m old bins, so that old bin i lands whole in new bin ⌊(i + m) / k⌋.
   */
  private grow(min: number, max: number): void {
    const old = this.counts!;
    const m = Math.max(0, Math.ceil((this.lo - min) / this.width));
    const lo = this.lo - m * this.width;
    const k = Math.max(2, Math.ceil((max - lo) / (this.bins * this.width)));
    const counts = new Float64Array(this.bins);
    for (let i = 0; i < this.bins; i++) counts[Math.min(Math.floor((i + m) / k), this.bins - 1)]! += old[i]!;
    this.counts = counts;
    this.lo = lo;
    this.width *= k;
  }

  private add(values: ArrayLike<number>): void {
    const counts = this.counts!;
    for (let i = 0; i < values.length; i++) counts[this.binOf(values[i]!)]! += 1;
    this.seen += values.length;
  }

  private binOf(v: number): number {
    const i = Math.floor((v - this.lo) / this.width);
    return i < 0 ? 0 : i >= this.bins ? this.bins - 1 : i;
  }
}
