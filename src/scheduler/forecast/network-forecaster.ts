/**
 * A learned forecaster online, whatever its network: fed the series one
 * value at a time; after each observation the next H values come from one
 * forward pass of the network (no gradient) on the input read off the
 * history (lag-features.ts, `NetworkInput`), de-standardised and cached
 * until the next value. MlpForecaster and TcnForecaster are this with
 * their own input and network.
 *
 * Warm-up: with fewer values than the input needs, the seasonal naive
 * forecast (naive.ts) once a season has been seen, else the last value.
 */
import { noGrad, tensor, tidy } from '../../engine/index.js';
import type { Module } from '../../nn/index.js';
import { checkIntegerAtLeast, checkOptionsObject } from '../option-checks.js';
import { checkForecastCall, checkObservation, type Forecaster } from './forecaster.js';
import { History } from './history.js';
import { outputReference, type LagFeatureConfig, type NetworkInput, type Standardisation } from './lag-features.js';

export interface NetworkForecasterOptions {
  /** Season phase of the first value this forecaster will observe, in [0, m). Default 0 (midnight). */
  firstPhase?: number;
}

/** What the online loop needs of a trained model. */
export interface NetworkForecastParts {
  readonly config: LagFeatureConfig;
  readonly standardisation: Standardisation;
  /** Input [1, ...input.shape] → standardised forecasts [1, H]. */
  readonly network: Module;
  readonly input: NetworkInput;
}

export class NetworkForecaster implements Forecaster {
  readonly maxStepsAhead: number;
  private readonly history: History;
  private readonly features: Float32Array;
  private readonly firstPhase: number;
  private cached: Float32Array | undefined;

  constructor(
    /** Also the prefix of every error message. */
    readonly name: string,
    private readonly parts: NetworkForecastParts,
    options: NetworkForecasterOptions,
    who: string,
  ) {
    checkOptionsObject(who, options);
    const c = parts.config;
    this.firstPhase = checkIntegerAtLeast(who, 'options.firstPhase', options.firstPhase ?? 0, 0);
    if (this.firstPhase >= c.seasonLength) throw new RangeError(`${who}: options.firstPhase must be < the model's seasonLength (${c.seasonLength}), got ${this.firstPhase}`);
    this.maxStepsAhead = c.horizon;
    // The seasonal warm-up looks back up to m − 1 values, the network up to input.history − 1.
    this.history = new History(Math.max(parts.input.history, c.seasonLength));
    this.features = new Float32Array(parts.input.shape.reduce((a, b) => a * b, 1));
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
    const c = this.parts.config;
    const h = this.history;
    if (h.length < this.parts.input.history) {
      if (h.length < c.seasonLength) return h.ago(0);
      return h.ago(c.seasonLength - stepsAhead);
    }
    this.cached ??= this.predict();
    return this.cached[stepsAhead - 1]!;
  }

  /** The next H values, de-standardised (relative to the mean or the last value, as the input says). */
  private predict(): Float32Array {
    const { config: c, standardisation: s, input, network } = this.parts;
    const nextPhase = (this.firstPhase + this.history.length) % c.seasonLength;
    const valueAgo = (lag: number) => this.history.ago(lag);
    input.write(valueAgo, nextPhase, s, this.features, 0);
    const out = noGrad(() => tidy(() => network.call(tensor(this.features.slice(), [1, ...input.shape])).toArray()));
    const reference = outputReference(input, valueAgo, s);
    return Float32Array.from(out, (v) => v * s.std + reference);
  }
}
