/**
 * Training the learned forecaster with Edgewatt's own engine: a
 * two-layer perceptron (Linear → ReLU → Linear, src/nn) from the lag
 * features (lag-features.ts) to the next H values at once — the MIMO
 * multi-step strategy (S. Ben Taieb, G. Bontempi, A. F. Atiya & A.
 * Sorjamaa, "A review and comparison of strategies for multi-step ahead
 * time series forecasting based on the NN5 forecasting competition",
 * Expert Systems with Applications 39(8):7067–7083, 2012), which
 * avoids feeding a model its own errors as the recursive strategy does.
 * Trained by the repo's Trainer with AdamW on the mean squared error of
 * the standardised targets; every origin of the training series with a
 * full history and H targets is one sample, reshuffled each epoch by the
 * injected Rng.
 *
 * Defaults, each from a source: learning rate 1e-3, Adam's suggested
 * default step size (Kingma & Ba, "Adam: a method for stochastic
 * optimization", ICLR 2015, Algorithm 1); batch size 32, "a good default
 * value" per Y. Bengio, "Practical recommendations for gradient-based
 * training of deep architectures" (2012, §3.1); weight decay 0.01,
 * PyTorch's AdamW default (src/train/adamw.ts).
 */
import type { Rng } from '../../engine/random.js';
import { tensor, type Tensor } from '../../engine/index.js';
import { Linear, ReLU, Sequential } from '../../nn/index.js';
import { AdamW, mseLoss, Trainer, type Batch, type TrainHistory } from '../../train/index.js';
import { checkIntegerAtLeast, checkNonNegative, checkOptionsObject, checkPositive } from '../option-checks.js';
import { featureCount, requiredHistory, writeLagFeatures, type LagFeatureConfig, type Standardisation } from './lag-features.js';

export interface MlpTrainingOptions extends LagFeatureConfig {
  /** Hidden units (integer >= 1). */
  hidden: number;
  /** Passes over the training origins (integer >= 1). */
  epochs: number;
  /** Season phase of the training series' first value, in [0, m). Default 0 (the series starts at midnight). */
  firstPhase?: number;
  /** Default 1e-3 (Kingma & Ba 2015). */
  lr?: number;
  /** Default 32 (Bengio 2012). */
  batchSize?: number;
  /** Default 0.01 (PyTorch AdamW). */
  weightDecay?: number;
  /** Stop after this many seconds of training (the tests' budget); default no limit. */
  timeBudgetS?: number;
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

interface RegressionBatch extends Batch {
  /** Standardised targets [size, H]. */
  readonly target: Float32Array;
}

function isRegressionBatch(b: Batch): b is RegressionBatch {
  return (b as Partial<RegressionBatch>).target instanceof Float32Array;
}

/** Trains on `series` (at least max(k, m) + H values); `rng` draws the initial weights and the shuffles. */
export async function trainMlpForecastModel(series: ArrayLike<number>, options: MlpTrainingOptions, rng: Rng): Promise<MlpForecastModel> {
  checkOptionsObject(WHO, options);
  const config = checkLagConfig(WHO, options);
  const hidden = checkIntegerAtLeast(WHO, 'options.hidden', options.hidden, 1);
  const epochs = checkIntegerAtLeast(WHO, 'options.epochs', options.epochs, 1);
  const firstPhase = checkIntegerAtLeast(WHO, 'options.firstPhase', options.firstPhase ?? 0, 0);
  if (firstPhase >= config.seasonLength) throw new RangeError(`${WHO}: options.firstPhase must be < seasonLength (${config.seasonLength}), got ${firstPhase}`);
  const lr = checkPositive(WHO, 'options.lr', options.lr ?? 1e-3);
  const batchSize = checkIntegerAtLeast(WHO, 'options.batchSize', options.batchSize ?? 32, 1);
  const weightDecay = checkNonNegative(WHO, 'options.weightDecay', options.weightDecay ?? 0.01);
  const need = requiredHistory(config) + config.horizon;
  if (series.length < need) throw new RangeError(`${WHO}: the training series has ${series.length} values; need at least max(lags, seasonLength) + horizon = ${need}`);
  for (let i = 0; i < series.length; i++) if (!Number.isFinite(series[i]!)) throw new RangeError(`${WHO}: series[${i}] is ${series[i]}; expected finite values`);
  const standardisation = standardise(series);
  const { x, y, count } = trainingSamples(series, config, standardisation, firstPhase);
  const network = new Sequential({ hidden: new Linear(featureCount(config), hidden, { rng: rng.fork() }), relu: new ReLU(), out: new Linear(hidden, config.horizon, { rng: rng.fork() }) });
  const trainer = new Trainer({
    model: network,
    optimizer: new AdamW(network.parameters(), { lr, weightDecay }),
    epochs,
    // The Trainer's classification bookkeeping sees H "classes" and all-zero labels; only the loss matters here.
    numClasses: config.horizon,
    loss: (output: Tensor, batch: Batch) => {
      if (!isRegressionBatch(batch)) throw new TypeError(`${WHO}: internal: a batch without regression targets reached the loss`);
      return mseLoss(output, tensor(batch.target, [batch.size, config.horizon]));
    },
    progress: false,
    label: 'mlp-forecast',
    timeBudgetS: options.timeBudgetS,
  });
  const history = await trainer.fit(shuffledBatches(x, y, count, featureCount(config), config.horizon, batchSize, rng.fork()));
  network.eval();
  return { config: { ...config, hidden }, standardisation, network, history, samples: count };
}

/** Checks k, m, H (shared with the online forecaster). */
export function checkLagConfig(who: string, c: LagFeatureConfig): LagFeatureConfig {
  const lags = checkIntegerAtLeast(who, 'options.lags', c.lags, 1);
  const seasonLength = checkIntegerAtLeast(who, 'options.seasonLength', c.seasonLength, 2);
  const horizon = checkIntegerAtLeast(who, 'options.horizon', c.horizon, 1);
  if (horizon > seasonLength) throw new RangeError(`${who}: options.horizon must be <= seasonLength (${seasonLength}) so the seasonal lags y[T+h−m] are in the past, got ${horizon}`);
  return { lags, seasonLength, horizon };
}

function standardise(series: ArrayLike<number>): Standardisation {
  let mean = 0;
  for (let i = 0; i < series.length; i++) mean += series[i]!;
  mean /= series.length;
  let variance = 0;
  for (let i = 0; i < series.length; i++) variance += (series[i]! - mean) ** 2;
  const std = Math.sqrt(variance / series.length);
  // A constant training series has nothing to scale; 1 keeps the inputs at 0 and the targets exact.
  return { mean, std: std > 0 ? std : 1 };
}

/** Features and standardised targets of every origin T with a full history and H targets. */
function trainingSamples(series: ArrayLike<number>, c: LagFeatureConfig, s: Standardisation, firstPhase: number): { x: Float32Array; y: Float32Array; count: number } {
  const first = requiredHistory(c) - 1;
  const count = series.length - c.horizon - first;
  const f = featureCount(c);
  const x = new Float32Array(count * f);
  const y = new Float32Array(count * c.horizon);
  for (let n = 0; n < count; n++) {
    const origin = first + n;
    writeLagFeatures(c, (lag) => series[origin - lag]!, (firstPhase + origin + 1) % c.seasonLength, s, x, n * f);
    for (let h = 1; h <= c.horizon; h++) y[n * c.horizon + h - 1] = (series[origin + h]! - s.mean) / s.std;
  }
  return { x, y, count };
}

/** Mini-batches in a fresh random order on every pass (the Trainer iterates it once per epoch). */
function shuffledBatches(x: Float32Array, y: Float32Array, count: number, features: number, horizon: number, batchSize: number, rng: Rng): Iterable<Batch> & { length: number } {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  return {
    length: Math.ceil(count / batchSize),
    *[Symbol.iterator](): Iterator<Batch> {
      rng.shuffle(order);
      for (let start = 0; start < count; start += batchSize) {
        const size = Math.min(batchSize, count - start);
        const bx = new Float32Array(size * features);
        const by = new Float32Array(size * horizon);
        for (let i = 0; i < size; i++) {
          const n = order[start + i]!;
          bx.set(x.subarray(n * features, (n + 1) * features), i * features);
          by.set(y.subarray(n * horizon, (n + 1) * horizon), i * horizon);
        }
        const batch: RegressionBatch = { x: bx, shape: [size, features], y: new Int32Array(size), size, target: by };
        yield batch;
      }
    },
  };
}
