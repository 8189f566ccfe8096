/**
 * The forecaster contract: a model of one regularly sampled series (arrival
 * counts per step, mean harvest power per step) that is fed the series one
 * value at a time and asked, at any point, for the value h steps after the
 * last one it saw. The scheduler's state holds such forecasts; every
 * implementation runs the shared suite in test/scheduler/forecast/.
 *
 * Warm-up: a model that needs more history than it has (a season for the
 * seasonal models, k lags for the learned one) answers with the simplest
 * forecast its history allows — documented per model — rather than
 * refusing, so a scheduler can start at once. Before the first observation
 * there is nothing to say and `forecast` throws.
 */

export interface Forecaster {
  /** Names the method and its settings, e.g. `holt-winters(m=48, α=0.3, β=0, γ=0.1)`. */
  readonly name: string;
  /** Values observed so far. */
  readonly observed: number;
  /** The longest horizon this model answers (Infinity for the recursive ones). */
  readonly maxStepsAhead: number;
  /** Feeds the next value of the series (finite). */
  observe(value: number): void;
  /** Forecast of the value `stepsAhead` (integer >= 1) steps after the last observed one. */
  forecast(stepsAhead: number): number;
}

/** Throws unless `value` is a finite number (a NaN fed to a smoother would poison every later forecast). */
export function checkObservation(name: string, value: number, index: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${name}.observe: value ${index} must be a finite number, got ${String(value)}`);
}

/** Throws unless `stepsAhead` is an integer in [1, forecaster.maxStepsAhead] and something has been observed. */
export function checkForecastCall(f: Forecaster, stepsAhead: number): void {
  if (!Number.isSafeInteger(stepsAhead) || stepsAhead < 1 || stepsAhead > f.maxStepsAhead) {
    throw new RangeError(`${f.name}.forecast: stepsAhead must be an integer from 1 to ${f.maxStepsAhead}, got ${String(stepsAhead)}`);
  }
  if (f.observed === 0) throw new RangeError(`${f.name}.forecast: no value observed yet; call observe() first`);
}
