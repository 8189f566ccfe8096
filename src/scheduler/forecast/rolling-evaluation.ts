/**
 * Rolling-origin evaluation ("evaluation on a rolling forecasting origin",
 * FPP 3rd ed. §5.10, time series cross-validation with the model updated
 * at each origin but its parameters fixed): the forecaster is fed the
 * whole series in order; after each value at index T >= evaluateFrom − 1
 * it is asked for every horizon h, and the forecast is paired with the
 * actual value at T + h when that exists. So with evaluateFrom the length
 * of a training prefix, every scored target lies after the prefix and no
 * forecast has seen its target.
 */
import { checkIntegerAtLeast } from '../option-checks.js';
import type { Forecaster } from './forecaster.js';

export interface RollingOptions {
  /** Horizons to score, integers >= 1 (each <= the forecaster's maxStepsAhead). */
  horizons: readonly number[];
  /** Index of the first value that may be a scored target (integer >= 1). */
  evaluateFrom: number;
}

export interface HorizonForecasts {
  horizon: number;
  /** Index of each scored target in the series. */
  targetIndex: Int32Array;
  actual: Float64Array;
  forecast: Float64Array;
}

/** Pairs of (actual, forecast) per horizon; `forecaster` should be fresh (it is fed every value of `series`). */
export function rollingForecasts(forecaster: Forecaster, series: ArrayLike<number>, options: RollingOptions): HorizonForecasts[] {
  const evaluateFrom = checkIntegerAtLeast('rollingForecasts', 'options.evaluateFrom', options.evaluateFrom, 1);
  if (evaluateFrom >= series.length) throw new RangeError(`rollingForecasts: options.evaluateFrom (${evaluateFrom}) must be below the series length (${series.length})`);
  if (options.horizons.length === 0) throw new RangeError('rollingForecasts: options.horizons must list at least one horizon');
  const horizons = options.horizons.map((h, k) => {
    checkIntegerAtLeast('rollingForecasts', `options.horizons[${k}]`, h, 1);
    if (h > forecaster.maxStepsAhead) throw new RangeError(`rollingForecasts: options.horizons[${k}] = ${h} exceeds ${forecaster.name}'s maxStepsAhead (${forecaster.maxStepsAhead})`);
    if (h > series.length - evaluateFrom) throw new RangeError(`rollingForecasts: options.horizons[${k}] = ${h} leaves no target after evaluateFrom (${series.length - evaluateFrom} values to score)`);
    return h;
  });
  const out = horizons.map((horizon) => {
    const n = series.length - (evaluateFrom - 1) - horizon;
    return { horizon, targetIndex: new Int32Array(n), actual: new Float64Array(n), forecast: new Float64Array(n), filled: 0 };
  });
  for (let t = 0; t < series.length; t++) {
    forecaster.observe(series[t]!);
    if (t < evaluateFrom - 1) continue;
    for (const o of out) {
      if (t + o.horizon >= series.length) continue;
      o.targetIndex[o.filled] = t + o.horizon;
      o.actual[o.filled] = series[t + o.horizon]!;
      o.forecast[o.filled] = forecaster.forecast(o.horizon);
      o.filled++;
    }
  }
  return out.map(({ horizon, targetIndex, actual, forecast }) => ({ horizon, targetIndex, actual, forecast }));
}
