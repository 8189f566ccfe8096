/**
 * Simple exponential smoothing, the EWMA forecaster (Hyndman &
 * Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed., §8.1):
 *
 *   ℓ_t = α y_t + (1 − α) ℓ_{t−1},   ŷ_{T+h|T} = ℓ_T for every h.
 *
 * FPP estimates ℓ_0 with α; here ℓ is started at the first observation
 * (ℓ_1 = y_1), the usual online start, whose weight decays as (1 − α)^t.
 * α comes from the caller — fixed, or fitted on a training series by
 * `fitOneStepSse` (smoothing-fit.ts), which is how FPP chooses it
 * (minimising the one-step sum of squared errors).
 */
import { checkForecastCall, checkObservation, type Forecaster } from './forecaster.js';

export interface EwmaOptions {
  /** Smoothing weight α in (0, 1]: 1 is persistence, small values average long. */
  alpha: number;
}

export class EwmaForecaster implements Forecaster {
  readonly name: string;
  readonly maxStepsAhead = Infinity;
  readonly alpha: number;
  private level = 0;
  private count = 0;

  constructor(options: EwmaOptions) {
    const alpha = options?.alpha;
    if (typeof alpha !== 'number' || !(alpha > 0 && alpha <= 1)) throw new RangeError(`EwmaForecaster: options.alpha must be a number in (0, 1], got ${String(alpha)}`);
    this.alpha = alpha;
    this.name = `ewma(α=${this.alpha})`;
  }

  get observed(): number {
    return this.count;
  }

  observe(value: number): void {
    checkObservation(this.name, value, this.count);
    this.level = this.count === 0 ? value : this.alpha * value + (1 - this.alpha) * this.level;
    this.count++;
  }

  forecast(stepsAhead: number): number {
    checkForecastCall(this, stepsAhead);
    return this.level;
  }
}
