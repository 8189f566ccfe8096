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
 *
 * The convolutional forecaster reads the same k lags as a sequence instead
 * (`writeLagWindow`): one channel, oldest first, so its convolutions slide
 * along time. `NetworkInput` is what both readings share, the one thing the
 * training loop (direct-training.ts) and the online forecaster
 * (network-forecaster.ts) need to know about a model's input.
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

/**
 * The last k values as a sequence [1, k], oldest first and standardised:
 * y_{T−k+1}, ..., y_T. Seasonal lags and phase are not added: with k >= m
 * the window holds the values one season before the targets and the shape
 * of the last day. (The zoo's TCN forecasts every input channel, so phase
 * channels would become outputs too; the window is the series alone, as
 * in Bai et al. 2018's generic sequence setting.)
 */
export function writeLagWindow(lags: number, valueAgo: (lag: number) => number, s: Standardisation, out: Float32Array, offset: number): void {
  for (let i = 0; i < lags; i++) out[offset + i] = (valueAgo(lags - 1 - i) - s.mean) / s.std;
}

/**
 * What a network's standardised outputs are relative to: the training mean
 * ('mean': the outputs are standardised values, ŷ = mean + std·out) or the
 * last observed value ('last': they are standardised changes from it,
 * ŷ = y_T + std·out, so the network learns a correction to persistence).
 */
export type OutputReference = 'mean' | 'last';

/** How a learned forecaster's network reads the history at one origin T, and what its outputs are relative to. */
export interface NetworkInput {
  readonly relativeTo: OutputReference;
  /** Values of history needed before the first full input. */
  readonly history: number;
  /** How `history` follows from the options, for error messages (e.g. `max(lags, seasonLength)`). */
  readonly historyRule: string;
  /** One sample's shape without the batch axis. */
  readonly shape: readonly number[];
  /** Writes the input at T into `out` at `offset`: `valueAgo(j)` is y_{T−j}, `nextPhase` is (T + 1) mod m. */
  write(valueAgo: (lag: number) => number, nextPhase: number, s: Standardisation, out: Float32Array, offset: number): void;
}

/** The MLP's input: the flat feature vector of writeLagFeatures. */
export function lagFeatureInput(c: LagFeatureConfig): NetworkInput {
  return {
    relativeTo: 'mean',
    history: requiredHistory(c),
    historyRule: 'max(lags, seasonLength)',
    shape: [featureCount(c)],
    write: (valueAgo, nextPhase, s, out, offset) => writeLagFeatures(c, valueAgo, nextPhase, s, out, offset),
  };
}

/**
 * The convolutional model's input: the window of writeLagWindow, [1, k];
 * its outputs are changes from the last value. The zoo's TCN has no
 * residual connections (Bai et al. 2018's blocks add their input to their
 * output), so through its unpadded convolutions and ReLUs the newest value
 * reaches the head only by the last position of every level; predicting
 * the change from y_T gives back that identity path, as one skip
 * connection from the newest input to every output.
 */
export function lagWindowInput(c: LagFeatureConfig): NetworkInput {
  return {
    relativeTo: 'last',
    history: c.lags,
    historyRule: 'lags',
    shape: [1, c.lags],
    write: (valueAgo, _nextPhase, s, out, offset) => writeLagWindow(c.lags, valueAgo, s, out, offset),
  };
}

/** The value the network's outputs are relative to at origin T (see OutputReference). */
export function outputReference(input: NetworkInput, valueAgo: (lag: number) => number, s: Standardisation): number {
  return input.relativeTo === 'last' ? valueAgo(0) : s.mean;
}
