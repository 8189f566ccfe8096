/**
 * A trained TCN forecaster at a lower rung of the precision ladder, built by
 * the integer-only path (src/compress/integer, quantizeModel): per-channel
 * symmetric weights, per-tensor asymmetric int8 activations, BatchNorm
 * folded into the convolutions and ReLU fused into their requantization
 * (Jacob et al., "Quantization and Training of Neural Networks for
 * Efficient Integer-Arithmetic-Only Inference", CVPR 2018), minmax ranges
 * and empirical bias correction (quantizeModel's defaults).
 *
 *   int8  every conv and the dense head at 8-bit weights
 *   int4  4-bit weights except the first convolution and the head (8-bit),
 *         the ladder's int4 rung (src/compress/ladder/quantized-rungs.ts;
 *         Choi et al. 2018, PACT, §4): the first layer sees the raw series
 *         and the last produces the forecasts
 *
 * Calibration inputs are the lag windows of every training origin,
 * standardised with the float model's own standardisation — exactly what
 * the float model was trained on, so no held-out data is touched.
 */
import { tensor } from '../../engine/index.js';
import { summarize } from '../../nn/index.js';
import { workFromSummary } from '../../energy/index.js';
import { quantizedSizeBytes, quantizeModel, type WeightBits } from '../../compress/integer/index.js';
import { weightedLayers } from '../../compress/ladder/quantized-rungs.js';
import { checkOptionsObject } from '../option-checks.js';
import { checkTrainingSeries, originSamples } from './direct-training.js';
import { lagWindowInput } from './lag-features.js';
import { disposeOnce, type TcnForecastModel, type TrainedTcnForecastModel } from './tcn-training.js';

export interface TcnQuantizeOptions {
  /** The integer precision: 'int8' or 'int4' (first and last layer at 8 bits). */
  precision: 'int8' | 'int4';
}

const WHO = 'quantizeTcnForecastModel';

/**
 * `model` as an integer-only forecaster, calibrated on the windows of
 * `trainingSeries` (the series it was trained on). The float model is only
 * read; the result owns its buffers (dispose() them when done).
 */
export function quantizeTcnForecastModel(model: TrainedTcnForecastModel, trainingSeries: ArrayLike<number>, options: TcnQuantizeOptions): TcnForecastModel {
  checkOptionsObject(WHO, options);
  const precision = options.precision;
  if (precision !== 'int8' && precision !== 'int4') throw new RangeError(`${WHO}: options.precision must be 'int8' or 'int4', got ${JSON.stringify(precision)}`);
  if (model?.precision !== 'fp32') throw new TypeError(`${WHO}: model must be the fp32 model trainTcnForecastModel returned, got ${model?.precision === undefined ? typeof model : `the ${model.precision} model`}`);
  const c = model.config;
  const input = lagWindowInput(c);
  checkTrainingSeries(WHO, trainingSeries, input, c.horizon);
  const layers = weightedLayers(model.network);
  const weightBits: Record<string, WeightBits> = Object.fromEntries(layers.map((l, i) => [l.path, precision === 'int8' || i === 0 || i === layers.length - 1 ? 8 : 4]));
  // The window input ignores the phase, so the first phase does not matter here.
  const windows = originSamples(trainingSeries, input, c, model.standardisation, 0);
  const calibration = tensor(windows.x, [windows.count, ...input.shape]);
  try {
    const network = quantizeModel(model.network, [calibration], { inputShape: input.shape, weightBits });
    return {
      precision,
      config: c,
      standardisation: model.standardisation,
      network,
      weightBits,
      weightBytes: quantizedSizeBytes(network),
      work: workFromSummary(summarize(model.network, input.shape), { precision: 'int8', bitsPerLayer: weightBits }),
      dispose: disposeOnce(network),
    };
  } finally {
    calibration.dispose();
  }
}
