/**
 * The learned forecaster online: a model trained by mlp-training.ts, fed
 * the series one value at a time. After each observation the next H values
 * come from one forward pass (no gradient), cached until the next value.
 *
 * Warm-up: with fewer than max(k, m) values, the seasonal naive forecast
 * (naive.ts) once a season has been seen, else the last value.
 */
import { noGrad, tensor, tidy } from '../../engine/index.js';
import { checkIntegerAtLeast, checkOptionsObject } from '../option-checks.js';
import { checkForecastCall, checkObservation, type Forecaster } from './forecaster.js';
import { History } from './history.js';
import { featureCount, requiredHistory, writeLagFeatures } from './lag-features.js';
import type { MlpForecastModel } from './mlp-training.js';

export interface MlpForecasterOptions {
  /** Season phase of the first value this forecaster will observe, in [0, m). Default 0 (midnight). */
  firstPhase?: number;
}

export class MlpForecaster implements Forecaster {
  readonly name: string;
  readonly maxStepsAhead: number;
  private readonly history: History;
  private readonly features: Float32Array;
  private readonly firstPhase: number;
  private cached: Float32Array | undefined;

  constructor(
    readonly model: MlpForecastModel,
    options: MlpForecasterOptions = {},
  ) {
    checkOptionsObject('MlpForecaster', options);
    const c = model.config;
    this.firstPhase = checkIntegerAtLeast('MlpForecaster', 'options.firstPhase', options.firstPhase ?? 0, 0);
    if (this.firstPhase >= c.seasonLength) throw new RangeError(`MlpForecaster: options.firstPhase must be < the model's seasonLength (${c.seasonLength}), got ${this.firstPhase}`);
    this.maxStepsAhead = c.horizon;
    this.history = new History(requiredHistory(c));
    this.features = new Float32Array(featureCount(c));
    this.name = `mlp(k=${c.lags}, m=${c.seasonLength}, H=${c.horizon}, hidden=${c.hidden})`;
  }

  get observed(): number {
    return this.history.length;
  }

  observe(value: number): void {
    checkObservation(this.name, value, this.observed);
    this.history.push(value);
    this.cached = undefined;
  }

  forecast(stepsAhead: number): number {
    checkForecastCall(this, stepsAhead);
    const c = this.model.config;
    const h = this.history;
    if (h.length < requiredHistory(c)) {
      if (h.length < c.seasonLength) return h.ago(0);
      return h.ago(c.seasonLength - stepsAhead);
    }
    this.cached ??= this.predict();
    return this.cached[stepsAhead - 1]!;
  }

  /** The next H values, de-standardised. */
  private predict(): Float32Array {
    const c = this.model.config;
    const s = this.model.standardisation;
    const nextPhase = (this.firstPhase + this.history.length) % c.seasonLength;
    writeLagFeatures(c, (lag) => this.history.ago(lag), nextPhase, s, this.features, 0);
    const out = noGrad(() => tidy(() => this.model.network.call(tensor(this.features.slice(), [1, this.features.length])).toArray()));
    return Float32Array.from(out, (v) => v * s.std + s.mean);
  }
}
