/**
 * The learned forecaster's input at forecast origin T (the last observed
 * step), all taken from the past, standardised with the training series'
 * mean and standard deviation:
 *
 * - the last k values y_T, y_{T−1}, ..., y_{T−k+1} (autoregressive lags);
 * - for each horizon h = 1..H, the value one season before the target,
 *   y_{T+h−m} — what the seasonal naive forecast would say (FPP 3rd ed.
 *   §5.2), so the network has to learn only a correction to it;
 * - sin and cos of the next step's phase in the season, 2π((T+1) mod m)/m
 *   (the cyclic encoding of time of day, so 23:30 and 00:00 are neighbours).
 *
 * Every lag is written as "steps back from T", so training (over an array)
 * and online use (over a ring buffer) share this one function. The model
 * needs max(k, m) values of history; H <= m keeps the seasonal lags in the
 * past.
 */

export interface LagFeatureConfig {
  /** k: autoregressive lags (integer >= 1). */
  lags: number;
  /** m: steps per season (one day), integer >= 2; also the period of the phase features. */
  seasonLength: number;
  /** H: steps ahead forecast at once (integer, 1 <= H <= m). */
  horizon: number;
}

/** Standardisation of values: (y − mean) / std. */
export interface Standardisation {
  mean: number;
  std: number;
}

/** Inputs per origin: k + H + 2. */
export function featureCount(c: LagFeatureConfig): number {
  return c.lags + c.horizon + 2;
}

/** Values of history needed before the first full feature vector: max(k, m). */
export function requiredHistory(c: LagFeatureConfig): number {
  return Math.max(c.lags, c.seasonLength);
}

/**
 * Writes the features of one origin into `out` at `offset`. `valueAgo(j)`
 * is y_{T−j}; `nextPhase` is (T + 1) mod m, the season phase of the first
 * forecast step.
 */
export function writeLagFeatures(c: LagFeatureConfig, valueAgo: (lag: number) => number, nextPhase: number, s: Standardisation, out: Float32Array, offset: number): void {
  let o = offset;
  for (let j = 0; j < c.lags; j++) out[o++] = (valueAgo(j) - s.mean) / s.std;
  for (let h = 1; h <= c.horizon; h++) out[o++] = (valueAgo(c.seasonLength - h) - s.mean) / s.std;
  const angle = (2 * Math.PI * nextPhase) / c.seasonLength;
  out[o++] = Math.sin(angle);
  out[o] = Math.cos(angle);
}
