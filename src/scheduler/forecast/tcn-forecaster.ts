/**
 * The TCN forecaster online, at any precision: a model from
 * trainTcnForecastModel (fp32) or quantizeTcnForecastModel (int8, int4)
 * behind the shared online loop of network-forecaster.ts — after each
 * observation one forward pass over the last k values gives the next H
 * values, cached until the next value; with fewer than k values, the
 * seasonal naive forecast once a season has been seen, else the last value.
 *
 * The forecaster does not own the model: several forecasters may share
 * one, and the model's dispose() is the caller's to call once none is used.
 */
import { lagWindowInput } from './lag-features.js';
import { NetworkForecaster } from './network-forecaster.js';
import type { TcnForecastModel } from './tcn-training.js';

export class TcnForecaster extends NetworkForecaster {
  constructor(readonly model: TcnForecastModel) {
    const c = model.config;
    // The window input carries no phase (lag-features.ts), so no firstPhase option is needed.
    super(`tcn(k=${c.lags}, m=${c.seasonLength}, H=${c.horizon}, width=${c.width}, levels=${c.levels}, ${model.precision})`, { ...model, input: lagWindowInput(c) }, {}, 'TcnForecaster');
  }
}
