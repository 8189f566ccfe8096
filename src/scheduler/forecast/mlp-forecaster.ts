/**
 * The learned MLP forecaster online: a model trained by mlp-training.ts
 * behind the shared online loop of network-forecaster.ts (one forward pass
 * per observation, cached; seasonal-naive warm-up until max(k, m) values).
 */
import { lagFeatureInput } from './lag-features.js';
import type { MlpForecastModel } from './mlp-training.js';
import { NetworkForecaster, type NetworkForecasterOptions } from './network-forecaster.js';

export type MlpForecasterOptions = NetworkForecasterOptions;

export class MlpForecaster extends NetworkForecaster {
  constructor(
    readonly model: MlpForecastModel,
    options: MlpForecasterOptions = {},
  ) {
    const c = model.config;
    super(`mlp(k=${c.lags}, m=${c.seasonLength}, H=${c.horizon}, hidden=${c.hidden})`, { ...model, input: lagFeatureInput(c) }, options, 'MlpForecaster');
  }
}
