/**
 * What the learned forecasters share when they are trained with Edgewatt's
 * own engine, whatever their network (the MLP of mlp-training.ts, the TCN
 * of tcn-training.ts): the network maps its input at origin T (lag-features.ts,
 * `NetworkInput`) to the next H values at once — the MIMO multi-step
 * strategy (S. Ben Taieb, G. Bontempi, A. F. Atiya & A. Sorjamaa, "A review
 * and comparison of strategies for multi-step ahead time series forecasting
 * based on the NN5 forecasting competition", Expert Systems with
 * Applications 39(8):7067–7083, 2012), which avoids feeding a model its own
 * errors as the recursive strategy does. Values and targets are
 * standardised with the training series' mean and standard deviation
 * (targets relative to the mean, or to the last value for a network that
 * predicts changes: lag-features.ts, `OutputReference`).
 * Every origin of the training series with a full history and H targets is
 * one sample, reshuffled each epoch by the injected Rng; the repo's Trainer
 * minimises the mean squared error of the standardised targets with AdamW.
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
import type { Module } from '../../nn/index.js';
import { AdamW, mseLoss, Trainer, type Batch, type TrainHistory } from '../../train/index.js';
import { checkIntegerAtLeast, checkNonNegative, checkOptionsObject, checkPositive } from '../option-checks.js';
import { outputReference, type LagFeatureConfig, type NetworkInput, type Standardisation } from './lag-features.js';

/** The options every learned forecaster's training takes. */
export interface DirectTrainingOptions extends LagFeatureConfig {
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

/** The checked options, defaults filled in. */
export interface DirectTraining {
  readonly config: LagFeatureConfig;
  readonly epochs: number;
  readonly firstPhase: number;
  readonly lr: number;
  readonly batchSize: number;
  readonly weightDecay: number;
  readonly timeBudgetS: number | undefined;
}

/** Standardised samples of every training origin (targets relative to input.relativeTo). */
export interface TrainingSamples {
  readonly standardisation: Standardisation;
  /** Inputs [count, ...input.shape]. */
  readonly x: Float32Array;
  /** Standardised targets [count, H]. */
  readonly y: Float32Array;
  readonly count: number;
}

/** Checks k, m, H (shared with the online forecasters). */
export function checkLagConfig(who: string, c: LagFeatureConfig): LagFeatureConfig {
  const lags = checkIntegerAtLeast(who, 'options.lags', c.lags, 1);
  const seasonLength = checkIntegerAtLeast(who, 'options.seasonLength', c.seasonLength, 2);
  const horizon = checkIntegerAtLeast(who, 'options.horizon', c.horizon, 1);
  if (horizon > seasonLength) throw new RangeError(`${who}: options.horizon must be <= seasonLength (${seasonLength}) so the seasonal lags y[T+h−m] are in the past, got ${horizon}`);
  return { lags, seasonLength, horizon };
}

/** Checks the options object and fills in the defaults. */
export function checkDirectTrainingOptions(who: string, options: DirectTrainingOptions): DirectTraining {
  checkOptionsObject(who, options);
  const config = checkLagConfig(who, options);
  const epochs = checkIntegerAtLeast(who, 'options.epochs', options.epochs, 1);
  const firstPhase = checkIntegerAtLeast(who, 'options.firstPhase', options.firstPhase ?? 0, 0);
  if (firstPhase >= config.seasonLength) throw new RangeError(`${who}: options.firstPhase must be < seasonLength (${config.seasonLength}), got ${firstPhase}`);
  const lr = checkPositive(who, 'options.lr', options.lr ?? 1e-3);
  const batchSize = checkIntegerAtLeast(who, 'options.batchSize', options.batchSize ?? 32, 1);
  const weightDecay = checkNonNegative(who, 'options.weightDecay', options.weightDecay ?? 0.01);
  const timeBudgetS = options.timeBudgetS === undefined ? undefined : checkPositive(who, 'options.timeBudgetS', options.timeBudgetS, 's');
  return { config, epochs, firstPhase, lr, batchSize, weightDecay, timeBudgetS };
}

/** Checks the training series (long enough for one sample, finite) and builds the samples of every origin. */
export function trainingSamples(who: string, series: ArrayLike<number>, input: NetworkInput, t: DirectTraining): TrainingSamples {
  checkTrainingSeries(who, series, input, t.config.horizon);
  const standardisation = standardise(series);
  return { standardisation, ...originSamples(series, input, t.config, standardisation, t.firstPhase) };
}

/** Throws unless `series` has one full sample (input.history + H values) and only finite values. */
export function checkTrainingSeries(who: string, series: ArrayLike<number>, input: NetworkInput, horizon: number): void {
  const need = input.history + horizon;
  if (series.length < need) throw new RangeError(`${who}: the training series has ${series.length} values; need at least ${input.historyRule} + horizon = ${need}`);
  for (let i = 0; i < series.length; i++) if (!Number.isFinite(series[i]!)) throw new RangeError(`${who}: series[${i}] is ${series[i]}; expected finite values`);
}

/** Mean and (population) standard deviation of the training series. */
export function standardise(series: ArrayLike<number>): Standardisation {
  let mean = 0;
  for (let i = 0; i < series.length; i++) mean += series[i]!;
  mean /= series.length;
  let variance = 0;
  for (let i = 0; i < series.length; i++) variance += (series[i]! - mean) ** 2;
  const std = Math.sqrt(variance / series.length);
  // A constant training series has nothing to scale; 1 keeps the inputs at 0 and the targets exact.
  return { mean, std: std > 0 ? std : 1 };
}

/** Inputs and standardised targets of every origin T with a full history and H targets (the series checked). */
export function originSamples(series: ArrayLike<number>, input: NetworkInput, c: LagFeatureConfig, s: Standardisation, firstPhase: number): { x: Float32Array; y: Float32Array; count: number } {
  const first = input.history - 1;
  const count = series.length - c.horizon - first;
  const f = sampleSize(input);
  const x = new Float32Array(count * f);
  const y = new Float32Array(count * c.horizon);
  for (let n = 0; n < count; n++) {
    const origin = first + n;
    const valueAgo = (lag: number) => series[origin - lag]!;
    input.write(valueAgo, (firstPhase + origin + 1) % c.seasonLength, s, x, n * f);
    const reference = outputReference(input, valueAgo, s);
    for (let h = 1; h <= c.horizon; h++) y[n * c.horizon + h - 1] = (series[origin + h]! - reference) / s.std;
  }
  return { x, y, count };
}

function sampleSize(input: NetworkInput): number {
  return input.shape.reduce((a, b) => a * b, 1);
}

interface RegressionBatch extends Batch {
  /** Standardised targets [size, H]. */
  readonly target: Float32Array;
}

function isRegressionBatch(b: Batch): b is RegressionBatch {
  return (b as Partial<RegressionBatch>).target instanceof Float32Array;
}

/** Trains `network` (input [N, ...input.shape] → [N, H]) on the samples, then leaves it in inference mode. */
export async function fitDirectNetwork(network: Module, samples: TrainingSamples, input: NetworkInput, t: DirectTraining, label: string, rng: Rng): Promise<TrainHistory> {
  const horizon = t.config.horizon;
  const trainer = new Trainer({
    model: network,
    optimizer: new AdamW(network.parameters(), { lr: t.lr, weightDecay: t.weightDecay }),
    epochs: t.epochs,
    // The Trainer's classification bookkeeping sees H "classes" and all-zero labels; only the loss matters here.
    numClasses: horizon,
    loss: (output: Tensor, batch: Batch) => {
      if (!isRegressionBatch(batch)) throw new TypeError(`${label}: internal: a batch without regression targets reached the loss`);
      return mseLoss(output, tensor(batch.target, [batch.size, horizon]));
    },
    progress: false,
    label,
    timeBudgetS: t.timeBudgetS,
  });
  const history = await trainer.fit(shuffledBatches(samples, input.shape, horizon, t.batchSize, rng));
  network.eval();
  return history;
}

/** Mini-batches in a fresh random order on every pass (the Trainer iterates it once per epoch). */
function shuffledBatches(s: TrainingSamples, shape: readonly number[], horizon: number, batchSize: number, rng: Rng): Iterable<Batch> & { length: number } {
  const { x, y, count } = s;
  const features = shape.reduce((a, b) => a * b, 1);
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
        const batch: RegressionBatch = { x: bx, shape: [size, ...shape], y: new Int32Array(size), size, target: by };
        yield batch;
      }
    },
  };
}
