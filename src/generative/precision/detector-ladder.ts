/**
 * An unconditional VAE anomaly detector as a precision ladder
 * (compress/ladder): the model window → decoder(μ(window)) at fp32, int8,
 * int4 and mixed precision, each saved as ONNX (QDQ for the quantized
 * rungs), with its weight bytes, MACs by precision, work and latency
 * measured as for any ladder — and, as its quality, the ROC-AUC of its own
 * anomaly score on labelled held-out windows. That manifest is what the
 * runtime serves and what the scheduler's device twin prices: its quality
 * term then trades detection quality, not top-1, against energy.
 *
 * The served model outputs the reconstruction alone, so the score a device
 * can compute from it is the reconstruction error ½‖x − x̂‖² (An & Cho
 * 2015), not the ½‖μ‖²-augmented score of anomaly-scores.ts (the code μ is
 * not an output of the deployed graph); the quality recorded is that of
 * the score the device computes. The mixed rung's bits come from the
 * squared error of the reconstruction, not a KL over logits.
 */
import { noGrad, tensor, tidy, type Tensor } from '../../engine/index.js';
import type { SensorVae } from '../../nn/index.js';
import { buildLadder, type LadderResult, type QualityProbe, type SensorInput } from '../../compress/index.js';
import type { Batch } from '../../train/index.js';
import { checkWindowSet, type WindowSet } from '../metrics/window-set.js';
import { rocAuc } from '../metrics/roc.js';

export interface DetectorLadderOptions {
  /** A trained unconditional VAE (classes = 0). */
  vae: SensorVae;
  /** Model name in the manifest ('ecg-vae'). */
  name: string;
  /** Task in the manifest ('ecg-anomaly'). */
  task: string;
  /** Training windows (standardised as the model sees them) that calibrate the integer rungs. */
  calibration: WindowSet;
  /** Labelled held-out windows (1 = anomalous) every rung's ROC-AUC is measured on. */
  test: { windows: WindowSet; labels: ArrayLike<number> };
  /** What `test` is, for the manifest ('MIT-BIH 100, beats after the first 60 %'). */
  datasetLabel: string;
  outDir: string;
  /** Quantized rungs; default int8, int4 and mixed. */
  quantize?: readonly ('int8' | 'int4' | 'mixed')[];
  sensorInput?: SensorInput;
  /** Default true; tests turn it off. */
  timeLatency?: boolean;
  /** Windows per calibration batch; default 64. */
  batchSize?: number;
  log?: (message: string) => void;
  createdAt?: string;
}

const WHO = 'buildDetectorLadder';

export async function buildDetectorLadder(o: DetectorLadderOptions): Promise<LadderResult> {
  if (o.vae.classes !== 0) throw new RangeError(`${WHO}: options.vae is conditional (${o.vae.classes} classes); a detector ladder serves an unconditional VAE`);
  checkWindowSet(WHO, 'calibration', o.calibration);
  checkWindowSet(WHO, 'test.windows', o.test.windows);
  const { channels, length } = o.calibration;
  if (o.test.windows.channels !== channels || o.test.windows.length !== length) {
    throw new RangeError(`${WHO}: test windows are [${o.test.windows.channels}, ${o.test.windows.length}], calibration windows [${channels}, ${length}]`);
  }
  if (o.test.labels.length !== o.test.windows.count) throw new RangeError(`${WHO}: test.labels has ${o.test.labels.length} entries for ${o.test.windows.count} windows`);
  const positives = Array.from(o.test.labels).filter((y) => y === 1).length;
  if (positives === 0 || positives === o.test.windows.count) throw new RangeError(`${WHO}: test.labels must hold both normal (0) and anomalous (1) windows to measure a ROC-AUC; it has ${positives} anomalous of ${o.test.windows.count}`);
  const batch = o.batchSize ?? 64;
  const per = channels * length;
  const calibration: Batch[] = [];
  for (let s = 0; s < o.calibration.count; s += batch) {
    const n = Math.min(batch, o.calibration.count - s);
    calibration.push({ x: o.calibration.data.subarray(s * per, (s + n) * per) as Float32Array, y: new Int32Array(n), size: n, shape: [n, channels, length] });
  }
  const quality: QualityProbe = (model) => ({
    metric: 'roc-auc',
    value: rocAuc(reconstructionErrors(model, o.test.windows, batch), o.test.labels),
    samples: o.test.windows.count,
    dataset: `${o.datasetLabel}; score ½‖x − x̂‖² of the model's reconstruction`,
  });
  o.vae.eval();
  return buildLadder({
    name: o.name, task: o.task, inputShape: [channels, length], loadModel: () => o.vae,
    calibration, datasetLabel: o.datasetLabel, outDir: o.outDir, quality, outputDistortion: 'mse',
    quantize: o.quantize ?? ['int8', 'int4', 'mixed'],
    ...(o.sensorInput !== undefined ? { sensorInput: o.sensorInput } : {}),
    ...(o.timeLatency !== undefined ? { timeLatency: o.timeLatency } : {}),
    ...(o.log !== undefined ? { log: o.log } : {}),
    ...(o.createdAt !== undefined ? { createdAt: o.createdAt } : {}),
  });
}

/** ½‖x − model(x)‖² per window: the score a device computes from the served model's output. */
export function reconstructionErrors(model: { call(x: Tensor): Tensor }, windows: WindowSet, batchSize = 64): Float32Array {
  const { count, channels, length } = windows;
  const per = channels * length;
  const out = new Float32Array(count);
  for (let s = 0; s < count; s += batchSize) {
    const n = Math.min(batchSize, count - s);
    const x = Float32Array.from(windows.data.subarray(s * per, (s + n) * per));
    const y = noGrad(() => tidy(() => model.call(tensor(x, [n, channels, length])).toArray() as Float32Array));
    if (y.length !== x.length) throw new RangeError(`reconstructionErrors: the model returned ${y.length / n} values per window; expected ${per} ([${channels}, ${length}])`);
    for (let w = 0; w < n; w++) {
      let sse = 0;
      for (let i = w * per; i < (w + 1) * per; i++) sse += (x[i]! - y[i]!) ** 2;
      out[s + w] = 0.5 * sse;
    }
  }
  return out;
}
