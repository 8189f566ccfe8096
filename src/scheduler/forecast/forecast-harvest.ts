/**
 * A harvest source whose forecast is made, not read off the future: the
 * power arriving is the inner source's (the real irradiance trace), but the
 * energy expected over the controller's horizon comes from a forecaster fed
 * only the mean power of the steps already past — what the device's own
 * panel measurements would have told it. The solar model's own forecastJ
 * integrates the trace ahead exactly (an oracle); a scheduler evaluated
 * with it would be credited with foresight no device has.
 *
 * Time restarting (a new run or training episode from t = 0 on the same
 * object) starts a new forecaster, so one instance serves many runs.
 */
import type { HarvestSource } from '../../energy/harvest-source.js';
import type { Forecaster } from './forecaster.js';
import { HoltWintersForecaster } from './holt-winters.js';
import { NaiveForecaster } from './naive.js';
import { NonNegativeForecaster } from './non-negative.js';

export class ForecastHarvest implements HarvestSource {
  private forecaster: Forecaster;
  /** Start of the first step not yet observed, s. */
  private observedUntilS = 0;

  constructor(
    readonly inner: HarvestSource,
    private readonly makeForecaster: () => Forecaster,
    /** The observation step, s (the forecaster's series is the mean power per step). */
    readonly stepS: number,
  ) {
    if (!(stepS > 0) || !Number.isFinite(stepS)) throw new RangeError(`ForecastHarvest: stepS must be a positive number of seconds, got ${stepS}`);
    this.forecaster = makeForecaster();
  }

  get name(): string {
    return this.forecaster.name;
  }

  powerW(tS: number): number {
    return this.inner.powerW(tS);
  }

  forecastJ(tS: number, horizonS: number): number {
    if (tS < this.observedUntilS - this.stepS) {
      this.forecaster = this.makeForecaster();
      this.observedUntilS = 0;
    }
    // Catch up on the steps that ended by now: their mean power, as a meter on the panel would have seen it.
    while (this.observedUntilS + this.stepS <= tS) {
      this.forecaster.observe(this.inner.forecastJ(this.observedUntilS, this.stepS) / this.stepS);
      this.observedUntilS += this.stepS;
    }
    if (this.forecaster.observed === 0) {
      // Nothing measured over a whole step yet: the panel's power now, held.
      return Math.max(0, this.inner.powerW(tS)) * horizonS;
    }
    // The forecast steps cover [observedUntilS, tS + horizonS]; count only the part after tS.
    let energyJ = 0;
    const end = tS + horizonS;
    for (let k = 1, from = this.observedUntilS; from < end; k++, from += this.stepS) {
      const to = Math.min(end, from + this.stepS);
      const overlap = to - Math.max(from, tS);
      if (overlap > 0) energyJ += Math.max(0, this.forecaster.forecast(k)) * overlap;
    }
    return energyJ;
  }
}

/** The harvest forecasts a scenario may give its scheduler. */
export const HARVEST_FORECASTS = ['oracle', 'persistence', 'holt-winters'] as const;
export type HarvestForecastKind = (typeof HARVEST_FORECASTS)[number];

/**
 * 30-minute steps: the PSM3 trace's own resolution and the step the
 * Holt-Winters parameters below were fitted at (docs/forecasting.md).
 */
export const HARVEST_FORECAST_STEP_S = 1800;

/**
 * Holt-Winters with a one-day season of 30-minute steps; α = 0.9, β* = 0,
 * γ = 0.1 are the values fitted on the PSM3 2017 training months (January to
 * August) by least one-step error (docs/forecasting.md,
 * bench/results/forecast-error.json).
 */
export function harvestForecaster(kind: Exclude<HarvestForecastKind, 'oracle'>): () => Forecaster {
  if (kind === 'persistence') return () => new NonNegativeForecaster(new NaiveForecaster());
  return () => new NonNegativeForecaster(new HoltWintersForecaster({ seasonLength: 86_400 / HARVEST_FORECAST_STEP_S, alpha: 0.9, beta: 0, gamma: 0.1 }));
}

/** The scenario's harvest as the scheduler sees it: the trace's own (oracle) forecast, or a forecaster's. */
export function withHarvestForecast(inner: HarvestSource, kind: HarvestForecastKind): HarvestSource {
  return kind === 'oracle' ? inner : new ForecastHarvest(inner, harvestForecaster(kind), HARVEST_FORECAST_STEP_S);
}
