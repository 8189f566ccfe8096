/**
 * Training the convolutional forecaster with Edgewatt's own engine: the
 * zoo's temporal convolutional network (src/nn/zoo/tcn-forecaster.ts; Bai,
 * Kolter & Koltun, "An Empirical Evaluation of Generic Convolutional and
 * Recurrent Networks for Sequence Modeling", arXiv:1803.01271, 2018):
 * dilated unpadded convolutions (kernel 3, dilations 1, 2, 4, ...) with
 * BatchNorm and ReLU over the last k values as one channel, oldest first
 * (lag-features.ts, `lagWindowInput`), then one dense layer to the next H
 * values at once, as changes from the last value (the skip connection the
 * zoo model lacks; see lagWindowInput). It is trained exactly as the MLP is
 * (direct-training.ts: the same origins, standardisation, MIMO targets,
 * AdamW, defaults); only the network, how it reads the lags and what its
 * outputs are relative to differ. After training, the BatchNorm statistics
 * are re-estimated on all training windows with the final weights
 * (precise-batch-norm.ts).
 *
 * k must cover the receptive field 1 + 2·(2^levels − 1). With k >= m the
 * window also holds the values one season before the targets, which the
 * MLP gets as extra features.
 */
import { tensor } from '../../engine/index.js';
import type { Rng } from '../../engine/random.js';
import { summarize, tcnForecaster, tcnReceptiveField, type Module, type TcnForecasterConfig, type ZooModel } from '../../nn/index.js';
import { workFromSummary, type InferenceWork } from '../../energy/index.js';
import type { WeightBits } from '../../compress/integer/index.js';
import type { TrainHistory } from '../../train/index.js';
import { checkIntegerAtLeast } from '../option-checks.js';
import { checkDirectTrainingOptions, fitDirectNetwork, trainingSamples, type DirectTrainingOptions } from './direct-training.js';
import { lagWindowInput, type LagFeatureConfig, type Standardisation } from './lag-features.js';
import { preciseBatchNorm } from './precise-batch-norm.js';

/** The shared training options (`firstPhase` is checked but changes nothing: the window carries no phase) and the network's size. */
export interface TcnTrainingOptions extends DirectTrainingOptions {
  /** Channels of every dilated level (integer >= 1). */
  width: number;
  /** Dilated levels (integer >= 1); `lags` must be at least their receptive field 1 + 2·(2^levels − 1). */
  levels: number;
}

export interface TcnForecastConfig extends LagFeatureConfig {
  width: number;
  levels: number;
}

/** The precisions a TCN forecaster runs at: the trained float model, or its integer-only model (tcn-quantize.ts). */
export type TcnPrecision = 'fp32' | 'int8' | 'int4';
export const TCN_PRECISIONS: readonly TcnPrecision[] = ['fp32', 'int8', 'int4'];

/** A TCN forecaster at one precision: everything needed to use it online and to price it. */
export interface TcnForecastModel {
  readonly precision: TcnPrecision;
  readonly config: TcnForecastConfig;
  /** The training series' standardisation, shared by every precision. */
  readonly standardisation: Standardisation;
  /** Input [N, 1, k] → standardised forecasts [N, H]: the zoo model (fp32) or its QuantizedModel. */
  readonly network: Module;
  /** Weight bits of each conv/linear layer by path; null for fp32. */
  readonly weightBits: Readonly<Record<string, WeightBits>> | null;
  /** Bytes of the weights as stored: every parameter and buffer at 4 bytes (fp32), or quantizedSizeBytes (scales, zero points and int32 biases included; int4 packed). */
  readonly weightBytes: number;
  /** The work of one forecast (per-layer MACs by precision, bytes), for the energy model. */
  readonly work: InferenceWork;
  /** Releases the network's buffers; the model cannot forecast afterwards. Idempotent. */
  dispose(): void;
}

/** The float model as trained. */
export interface TrainedTcnForecastModel extends TcnForecastModel {
  readonly precision: 'fp32';
  readonly network: ZooModel<TcnForecasterConfig>;
  readonly weightBits: null;
  readonly history: TrainHistory;
  /** Training origins (samples). */
  readonly samples: number;
}

const WHO = 'trainTcnForecastModel';

/** Trains on `series` (at least k + H values); `rng` draws the initial weights and the shuffles. */
export async function trainTcnForecastModel(series: ArrayLike<number>, options: TcnTrainingOptions, rng: Rng): Promise<TrainedTcnForecastModel> {
  const t = checkDirectTrainingOptions(WHO, options);
  const width = checkIntegerAtLeast(WHO, 'options.width', options.width, 1);
  const levels = checkIntegerAtLeast(WHO, 'options.levels', options.levels, 1);
  const c = t.config;
  const field = tcnReceptiveField(levels);
  if (c.lags < field) throw new RangeError(`${WHO}: options.lags (${c.lags}) must be at least the receptive field of ${levels} levels, 1 + 2·(2^levels − 1) = ${field}`);
  const input = lagWindowInput(c);
  const samples = trainingSamples(WHO, series, input, t);
  // The zoo builds its layers from its own seeded generator; the injected one draws that seed.
  const network = tcnForecaster({ inputChannels: 1, inputLength: c.lags, horizon: c.horizon, width, levels, seed: rng.nextUint32() });
  const history = await fitDirectNetwork(network, samples, input, t, 'tcn-forecast', rng.fork());
  const windows = tensor(samples.x, [samples.count, ...input.shape]);
  try {
    preciseBatchNorm(network, windows);
  } finally {
    windows.dispose();
  }
  const summary = summarize(network, input.shape);
  return {
    precision: 'fp32',
    config: { ...c, width, levels },
    standardisation: samples.standardisation,
    network,
    weightBits: null,
    weightBytes: summary.totalParamBytes,
    work: workFromSummary(summary),
    history,
    samples: samples.count,
    dispose: disposeOnce(network),
  };
}

/** A dispose() that releases `network` once and ignores later calls. */
export function disposeOnce(network: Module): () => void {
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    network.dispose();
  };
}
