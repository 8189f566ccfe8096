/**
 * A forecaster wrapped so it never forecasts below zero: arrival counts and
 * harvested power cannot be negative, but additive models (Holt-Winters'
 * season after sunset, a regression's error) can dip below. Clipping at the
 * physical floor can only lower the absolute error of each forecast of a
 * non-negative value (|y − max(0, ŷ)| <= |y − ŷ| for y >= 0). A variant that
 * wraps another plug-in, per STYLE.md 4.
 */
import type { Forecaster } from './forecaster.js';

export class NonNegativeForecaster implements Forecaster {
  readonly name: string;

  constructor(readonly inner: Forecaster) {
    if (typeof inner?.forecast !== 'function' || typeof inner.observe !== 'function') throw new TypeError('NonNegativeForecaster: inner must be a Forecaster');
    this.name = `non-negative(${inner.name})`;
  }

  get observed(): number {
    return this.inner.observed;
  }

  get maxStepsAhead(): number {
    return this.inner.maxStepsAhead;
  }

  observe(value: number): void {
    this.inner.observe(value);
  }

  forecast(stepsAhead: number): number {
    return Math.max(0, this.inner.forecast(stepsAhead));
  }
}
