/**
 * Every forecaster through the shared suite: naive, seasonal naive, EWMA,
 * Holt-Winters, the learned MLP and TCN (trained briefly on the constant
 * they are checked with; the TCN also as its int8 integer-only model) and
 * the non-negative wrapper.
 */
import { Rng } from '../../../src/engine/random.js';
import {
  EwmaForecaster,
  HoltWintersForecaster,
  MlpForecaster,
  NaiveForecaster,
  NonNegativeForecaster,
  quantizeTcnForecastModel,
  TcnForecaster,
  trainMlpForecastModel,
  trainTcnForecastModel,
} from '../../../src/scheduler/index.js';
import { forecasterSuite } from './forecaster-suite.js';

forecasterSuite('naive (persistence)', { make: () => new NaiveForecaster(), warmup: 1 });
forecasterSuite('seasonal naive, m = 5', { make: () => new NaiveForecaster({ seasonLength: 5 }), warmup: 5 });
forecasterSuite('EWMA, α = 0.3', { make: () => new EwmaForecaster({ alpha: 0.3 }), warmup: 1 });
forecasterSuite('Holt-Winters, m = 4', { make: () => new HoltWintersForecaster({ seasonLength: 4, alpha: 0.4, beta: 0.1, gamma: 0.2 }), warmup: 8 });
forecasterSuite('non-negative(Holt-Winters)', { make: () => new NonNegativeForecaster(new HoltWintersForecaster({ seasonLength: 3, alpha: 0.5, beta: 0.2, gamma: 0.3 })), warmup: 6 });

// A constant training series standardises to zeros (std taken as 1), so the
// targets are 0 and the network only has to learn a zero output; a short
// training gets it within about 1e-3 of the constant (0.01, 0.3 %, allowed).
const constant = 3.25;
const model = await trainMlpForecastModel(new Float64Array(200).fill(constant), { lags: 3, seasonLength: 6, horizon: 4, hidden: 8, epochs: 20, lr: 0.01 }, new Rng(1));
forecasterSuite('MLP (trained on the constant)', { make: () => new MlpForecaster(model, { firstPhase: 2 }), warmup: 6, constant, tolerance: 0.01 });

// The TCN sees the same all-zero standardised inputs and targets. Its int8 model is calibrated on those
// windows, so every activation range is [0, 0] widened to hold 0 and the zero input is exact.
const tcn = await trainTcnForecastModel(new Float64Array(200).fill(constant), { lags: 8, seasonLength: 6, horizon: 4, width: 4, levels: 2, epochs: 20, lr: 0.01 }, new Rng(1));
const tcnInt8 = quantizeTcnForecastModel(tcn, new Float64Array(200).fill(constant), { precision: 'int8' });
forecasterSuite('TCN fp32 (trained on the constant)', { make: () => new TcnForecaster(tcn), warmup: 8, constant, tolerance: 0.01 });
forecasterSuite('TCN int8 (trained on the constant)', { make: () => new TcnForecaster(tcnInt8), warmup: 8, constant, tolerance: 0.01 });
