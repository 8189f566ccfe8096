/**
 * Holt-Winters' additive method: level, trend and season, in the component
 * form of Hyndman & Athanasopoulos, "Forecasting: Principles and Practice",
 * 3rd ed., §8.3, eqs. for the additive method:
 *
 *   ŷ_{t+h|t} = ℓ_t + h b_t + s_{t+h−m(k+1)},   k = ⌊(h − 1)/m⌋
 *   ℓ_t = α (y_t − s_{t−m}) + (1 − α)(ℓ_{t−1} + b_{t−1})
 *   b_t = β* (ℓ_t − ℓ_{t−1}) + (1 − β*) b_{t−1}
 *   s_t = γ (y_t − ℓ_{t−1} − b_{t−1}) + (1 − γ) s_{t−m}
 *
 * with 0 <= α, β* <= 1 and 0 <= γ <= 1 − α (FPP's restriction, §8.3).
 * `beta` here is FPP's β*.
 *
 * Initial state, from the first two seasons (2m values) — the classical
 * heuristic in the spirit of Hyndman, Koehler, Ord & Snyder, "Forecasting
 * with Exponential Smoothing" (Springer 2008), §2.6.1, simplified to what
 * two seasons allow: the season means M₁, M₂ give the trend
 * b = (M₂ − M₁)/m and the level line L(t) = M₁ + b (t − (m − 1)/2); the
 * seasonal index of phase r is the mean of y − L over the two seasons at
 * that phase (so the indices sum to zero). The state is then that of time
 * 2m − 1. On a series that is exactly linear trend plus a fixed zero-mean
 * season this state is exact, and the updates keep it exact for any
 * α, β*, γ, so the method forecasts such a series without error.
 *
 * Warm-up: before 2m values, the forecast is the seasonal naive one
 * (naive.ts) when a season has been seen, else the last value.
 */
import { checkInRange, checkIntegerAtLeast, checkOptionsObject } from '../option-checks.js';
import { checkForecastCall, checkObservation, type Forecaster } from './forecaster.js';

export interface HoltWintersOptions {
  /** Season length m in steps, >= 2 (one day: 24 hourly, 48 half-hourly, 96 quarter-hourly steps). */
  seasonLength: number;
  /** Level smoothing α in [0, 1]. */
  alpha: number;
  /** Trend smoothing β* in [0, 1]. */
  beta: number;
  /** Season smoothing γ in [0, 1 − α]. */
  gamma: number;
}

const WHO = 'HoltWintersForecaster';

export class HoltWintersForecaster implements Forecaster {
  readonly name: string;
  readonly maxStepsAhead = Infinity;
  readonly seasonLength: number;
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  /** The first 2m values (for the initial state), then unused. */
  private readonly warmup: number[] = [];
  /** s for phase r = t mod m, the latest estimate at that phase. */
  private readonly season: Float64Array;
  private level = 0;
  private trend = 0;
  private count = 0;

  constructor(options: HoltWintersOptions) {
    checkOptionsObject(WHO, options);
    this.seasonLength = checkIntegerAtLeast(WHO, 'options.seasonLength', options.seasonLength, 2);
    this.alpha = checkInRange(WHO, 'options.alpha', options.alpha, 0, 1);
    this.beta = checkInRange(WHO, 'options.beta', options.beta, 0, 1);
    this.gamma = checkInRange(WHO, 'options.gamma', options.gamma, 0, 1);
    // The 1e-12 slack admits γ = 1 − α written in decimal (0.1 with α = 0.9, where 1 − 0.9 is 0.09999999999999998 in binary).
    if (this.gamma > 1 - this.alpha + 1e-12) throw new RangeError(`${WHO}: options.gamma must be <= 1 − alpha = ${1 - this.alpha} (FPP §8.3), got ${this.gamma}`);
    this.season = new Float64Array(this.seasonLength);
    this.name = `holt-winters(m=${this.seasonLength}, α=${this.alpha}, β=${this.beta}, γ=${this.gamma})`;
  }

  get observed(): number {
    return this.count;
  }

  observe(value: number): void {
    checkObservation(this.name, value, this.count);
    const m = this.seasonLength;
    const t = this.count++;
    if (t < 2 * m) {
      this.warmup.push(value);
      if (t === 2 * m - 1) this.initialise();
      return;
    }
    const r = t % m;
    const previousLevel = this.level;
    const previousTrend = this.trend;
    const sOld = this.season[r]!;
    this.level = this.alpha * (value - sOld) + (1 - this.alpha) * (previousLevel + previousTrend);
    this.trend = this.beta * (this.level - previousLevel) + (1 - this.beta) * previousTrend;
    this.season[r] = this.gamma * (value - previousLevel - previousTrend) + (1 - this.gamma) * sOld;
  }

  forecast(stepsAhead: number): number {
    checkForecastCall(this, stepsAhead);
    const m = this.seasonLength;
    const last = this.count - 1;
    if (this.count < 2 * m) {
      if (this.count < m) return this.warmup[last]!;
      const k = Math.floor((stepsAhead - 1) / m);
      return this.warmup[last + stepsAhead - m * (k + 1)]!;
    }
    // The latest seasonal estimate at the target's phase is s_{T+h−m(k+1)}.
    return this.level + stepsAhead * this.trend + this.season[(last + stepsAhead) % m]!;
  }

  /** The initial state at time 2m − 1 from the first two seasons (see the file comment). */
  private initialise(): void {
    const m = this.seasonLength;
    const y = this.warmup;
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i < m; i++) {
      m1 += y[i]!;
      m2 += y[m + i]!;
    }
    m1 /= m;
    m2 /= m;
    const b = (m2 - m1) / m;
    const line = (t: number): number => m1 + b * (t - (m - 1) / 2);
    for (let r = 0; r < m; r++) this.season[r] = (y[r]! - line(r) + y[m + r]! - line(m + r)) / 2;
    this.level = line(2 * m - 1);
    this.trend = b;
    this.warmup.length = 0;
  }
}
