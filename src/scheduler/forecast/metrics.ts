/**
 * Forecast-error metrics, pure functions of paired actual and forecast
 * values (R. J. Hyndman & A. B. Koehler, "Another look at measures of
 * forecast accuracy", International Journal of Forecasting 22(4):679–688,
 * 2006; FPP 3rd ed. §5.8):
 *
 * - MAE = mean |y − ŷ| and RMSE = √(mean (y − ŷ)²), in the series' unit;
 * - MASE = MAE / Q, Q the in-sample MAE of the (seasonal) naive one-step
 *   forecast on the training series, Q = mean_{t>m} |y_t − y_{t−m}|
 *   (H&K 2006 §3, eq. for q_t; FPP §5.8 "scaled errors"). Scale-free and
 *   defined when the series has zeros; MASE < 1 beats the in-sample naive;
 * - sMAPE = mean 200 |y − ŷ| / (|y| + |ŷ|) %, with the 0/0 term of a
 *   correctly forecast zero taken as 0 (no error). H&K 2006 §2 list its
 *   faults — it is asymmetric and unstable near zero — so it is reported
 *   beside MASE, never alone. Plain MAPE is not offered: it divides by the
 *   actual value, infinite for the zeros of night-time solar power and of
 *   empty arrival steps.
 */

function checkPairs(who: string, actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  if (actual.length !== forecast.length) throw new RangeError(`${who}: actual has ${actual.length} values but forecast has ${forecast.length}; they must pair one to one`);
  if (actual.length === 0) throw new RangeError(`${who}: no values to score (actual and forecast are empty)`);
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i]!) || !Number.isFinite(forecast[i]!)) throw new RangeError(`${who}: pair ${i} is not finite (actual ${actual[i]}, forecast ${forecast[i]})`);
  }
  return actual.length;
}

/** Mean absolute error. */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = checkPairs('mae', actual, forecast);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(actual[i]! - forecast[i]!);
  return sum / n;
}

/** Root mean squared error. */
export function rmse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = checkPairs('rmse', actual, forecast);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (actual[i]! - forecast[i]!) ** 2;
  return Math.sqrt(sum / n);
}

/** Q: the in-sample MAE of the seasonal naive forecast with season `seasonLength` (1: plain naive) on `training`. */
export function maseScale(training: ArrayLike<number>, seasonLength = 1): number {
  if (!Number.isSafeInteger(seasonLength) || seasonLength < 1) throw new RangeError(`maseScale: seasonLength must be an integer >= 1, got ${seasonLength}`);
  if (training.length <= seasonLength) throw new RangeError(`maseScale: training has ${training.length} values; need more than seasonLength = ${seasonLength}`);
  let sum = 0;
  for (let t = seasonLength; t < training.length; t++) {
    const d = training[t]! - training[t - seasonLength]!;
    if (!Number.isFinite(d)) throw new RangeError(`maseScale: training[${t}] or training[${t - seasonLength}] is not finite`);
    sum += Math.abs(d);
  }
  return sum / (training.length - seasonLength);
}

/** Mean absolute scaled error: MAE / `scale` (from {@link maseScale}). */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): number {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`mase: scale must be a finite number > 0 (a constant training series has no naive error to scale by), got ${scale}`);
  return mae(actual, forecast) / scale;
}

/** Symmetric MAPE in percent (0..200), a 0/0 term counted as 0. */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = checkPairs('smape', actual, forecast);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const denominator = Math.abs(actual[i]!) + Math.abs(forecast[i]!);
    if (denominator > 0) sum += (200 * Math.abs(actual[i]! - forecast[i]!)) / denominator;
  }
  return sum / n;
}
