/**
 * A range tracked by exponential moving average, how quantization-aware
 * training learns activation ranges (Jacob et al. 2018, sec. 3.1: ranges
 * "aggregated via exponential moving averages (EMA) with the smoothing
 * parameter being close to 1"). The first observation sets the range; each
 * later one moves it by (1 − decay) towards the batch's min and max.
 */
import type { ClipRange } from './calibration/histogram-density.js';

/** PyTorch's MovingAverageMinMaxObserver: averaging_constant 0.01, i.e. decay 0.99 (torch/ao/quantization/observer.py). */
export const DEFAULT_EMA_DECAY = 0.99;

export class EmaRange {
  private value: ClipRange | null;

  constructor(
    readonly decay = DEFAULT_EMA_DECAY,
    initial: ClipRange | null = null,
  ) {
    if (!(decay >= 0 && decay < 1)) throw new RangeError(`EmaRange: decay must be in [0, 1), got ${decay}`);
    if (initial && !(Number.isFinite(initial.min) && Number.isFinite(initial.max) && initial.min <= initial.max)) {
      throw new RangeError(`EmaRange: the initial range must be finite with min <= max, got [${initial.min}, ${initial.max}]`);
    }
    this.value = initial ? { ...initial } : null;
  }

  /** The current range, or null before the first observation. */
  get range(): ClipRange | null {
    return this.value ? { ...this.value } : null;
  }

  update(min: number, max: number): void {
    if (!this.value) {
      this.value = { min, max };
      return;
    }
    const d = this.decay;
    this.value = { min: d * this.value.min + (1 - d) * min, max: d * this.value.max + (1 - d) * max };
  }
}
