/**
 * Training the learned forecaster with Edgewatt's own engine: a
 * two-layer perceptron (Linear → ReLU → Linear, src/nn) from the lag
 * features (lag-features.ts) to the next H values at once, trained as
 * every learned forecaster is (direct-training.ts: MIMO targets,
 * standardised, AdamW on the mean squared error, cited defaults).
 */
import type { Rng } from '../../engine/random.js';
import { Linear, ReLU, Sequential } from '../../nn/index.js';
import type { TrainHistory } from '../../train/index.js';
import { checkIntegerAtLeast } from '../option-checks.js';
import { checkDirectTrainingOptions, fitDirectNetwork, trainingSamples, type DirectTrainingOptions } from './direct-training.js';
import { featureCount, lagFeatureInput, type LagFeatureConfig, type Standardisation } from './lag-features.js';

export interface MlpTrainingOptions extends DirectTrainingOptions {
  /** Hidden units (integer >= 1). */
  hidden: number;
}

/** A trained model and everything needed to use it online. */
export interface MlpForecastModel {
  readonly config: LagFeatureConfig & { hidden: number };
  readonly standardisation: Standardisation;
  readonly network: Sequential;
  readonly history: TrainHistory;
  /** Training origins (samples). */
  readonly samples: number;
}

const WHO = 'trainMlpForecastModel';

/** Trains on `series` (at least max(k, m) + H values); `rng` draws the initial weights and the shuffles. */
export async function trainMlpForecastModel(series: ArrayLike<number>, options: MlpTrainingOptions, rng: Rng): Promise<MlpForecastModel> {
  const t = checkDirectTrainingOptions(WHO, options);
  const hidden = checkIntegerAtLeast(WHO, 'options.hidden', options.hidden, 1);
  const config = t.config;
  const input = lagFeatureInput(config);
  const samples = trainingSamples(WHO, series, input, t);
  const network = new Sequential({ hidden: new Linear(featureCount(config), hidden, { rng: rng.fork() }), relu: new ReLU(), out: new Linear(hidden, config.horizon, { rng: rng.fork() }) });
  const history = await fitDirectNetwork(network, samples, input, t, 'mlp-forecast', rng.fork());
  return { config: { ...config, hidden }, standardisation: samples.standardisation, network, history, samples: samples.count };
}
