/** Forecasters of a regularly sampled series (arrival counts, harvest power) behind one interface, their error metrics and evaluation. */
export { checkForecastCall, checkObservation, type Forecaster } from './forecaster.js';
export { History } from './history.js';
export { NaiveForecaster, type NaiveOptions } from './naive.js';
export { EwmaForecaster, type EwmaOptions } from './ewma.js';
export { HoltWintersForecaster, type HoltWintersOptions } from './holt-winters.js';
export { ewmaAlphaGrid, fitOneStepSse, holtWintersGrid, type OneStepFit } from './smoothing-fit.js';
export {
  featureCount,
  lagFeatureInput,
  lagWindowInput,
  outputReference,
  requiredHistory,
  writeLagFeatures,
  writeLagWindow,
  type LagFeatureConfig,
  type NetworkInput,
  type OutputReference,
  type Standardisation,
} from './lag-features.js';
export { checkLagConfig, type DirectTrainingOptions } from './direct-training.js';
export { NetworkForecaster, type NetworkForecasterOptions, type NetworkForecastParts } from './network-forecaster.js';
export { trainMlpForecastModel, type MlpForecastModel, type MlpTrainingOptions } from './mlp-training.js';
export { MlpForecaster, type MlpForecasterOptions } from './mlp-forecaster.js';
export { TCN_PRECISIONS, trainTcnForecastModel, type TcnForecastConfig, type TcnForecastModel, type TcnPrecision, type TcnTrainingOptions, type TrainedTcnForecastModel } from './tcn-training.js';
export { quantizeTcnForecastModel, type TcnQuantizeOptions } from './tcn-quantize.js';
export { TcnForecaster } from './tcn-forecaster.js';
export { preciseBatchNorm } from './precise-batch-norm.js';
export { NonNegativeForecaster } from './non-negative.js';
export { mae, mase, maseScale, rmse, smape } from './metrics.js';
export { checkStepGrid, type StepGrid } from './step-grid.js';
export { arrivalCountSeries } from './arrival-series.js';
export { harvestPowerSeries } from './harvest-series.js';
export { rollingForecasts, type HorizonForecasts, type RollingOptions } from './rolling-evaluation.js';
export { ForecastHarvest, HARVEST_FORECAST_STEP_S, HARVEST_FORECASTS, harvestForecaster, withHarvestForecast, type HarvestForecastKind } from './forecast-harvest.js';
