/**
 * The benchmark forecasts every other method must beat (R. J. Hyndman &
 * G. Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed.,
 * OTexts 2021, §5.2 "Some simple forecasting methods"):
 *
 * - naive (persistence), season length 1: ŷ_{T+h|T} = y_T;
 * - seasonal naive, season length m: ŷ_{T+h|T} = y_{T+h−m(k+1)},
 *   k = ⌊(h − 1)/m⌋ — the value at the same phase of the last season seen
 *   (for solar power at 30-min steps, m = 48: "as at this time yesterday").
 *
 * Warm-up: with fewer than m values, the seasonal form answers y_T.
 */
import { checkIntegerAtLeast } from '../option-checks.js';
import { checkForecastCall, checkObservation, type Forecaster } from './forecaster.js';
import { History } from './history.js';

export interface NaiveOptions {
  /** Season length m in steps (integer >= 1); 1 (the default) is persistence. */
  seasonLength?: number;
}

export class NaiveForecaster implements Forecaster {
  readonly name: string;
  readonly maxStepsAhead = Infinity;
  readonly seasonLength: number;
  private readonly history: History;

  constructor(options: NaiveOptions = {}) {
    this.seasonLength = checkIntegerAtLeast('NaiveForecaster', 'options.seasonLength', options.seasonLength ?? 1, 1);
    this.name = this.seasonLength === 1 ? 'naive' : `seasonal-naive(m=${this.seasonLength})`;
    this.history = new History(this.seasonLength);
  }

  get observed(): number {
    return this.history.length;
  }

  observe(value: number): void {
    checkObservation(this.name, value, this.observed);
    this.history.push(value);
  }

  forecast(stepsAhead: number): number {
    checkForecastCall(this, stepsAhead);
    const m = this.seasonLength;
    if (m === 1 || this.history.length < m) return this.history.ago(0);
    // ŷ_{T+h} = y_{T+h−m(k+1)}: the lag back from T is m(k+1) − h, in [0, m).
    const k = Math.floor((stepsAhead - 1) / m);
    return this.history.ago(m * (k + 1) - stepsAhead);
  }
}
