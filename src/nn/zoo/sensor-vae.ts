/**
 * A variational autoencoder over sensor windows [C, L] (Kingma & Welling
 * 2014, "Auto-Encoding Variational Bayes"), optionally conditional on a
 * class (a CVAE, Sohn, Lee & Yan 2015, "Learning Structured Output
 * Representation using Deep Conditional Generative Models"): the class is
 * given to the encoder as K constant one-hot channels and to the decoder as
 * K extra latent inputs.
 *
 *   encoder i: conv1d k5 s2 p2 (W·2^i) + BN + ReLU, i < stages (each halves L)
 *   flatten → mean: Linear → μ (latent)      logVar: Linear → log σ² (TrainingOnly)
 *   decoder: Linear(latent + K → W·2^(S-1) · L/2^S) + ReLU → Unflatten
 *            then per stage: Upsample ×2 → conv1d k5 p2 + BN + ReLU,
 *            the last conv linear (standardised data is signed)
 *
 * Nearest upsampling followed by a convolution rather than a transposed
 * convolution avoids the checkerboard artefacts of the latter (Odena,
 * Dumoulin & Olah 2016, "Deconvolution and Checkerboard Artifacts",
 * Distill) and runs on the integer path's existing int8 convolutions.
 *
 * As a Sequential the model is the mean path encoder → μ → decoder (the
 * deterministic reconstruction that scores anomalies and imputes, and what
 * quantizes and exports); training samples z through the log-variance head
 * (src/generative/vae). A conditional model's forward needs its labels, so
 * it refuses a plain call and points to `reconstruct`.
 */
import { concat, expand, type Tensor, tensor } from '../../engine/index.js';
import { Conv1d } from '../layers/conv1d.js';
import { BatchNorm1d } from '../layers/batch-norm.js';
import { ReLU } from '../layers/activations.js';
import { Linear } from '../layers/linear.js';
import { Flatten, Unflatten } from '../layers/reshape.js';
import { Upsample } from '../layers/upsample.js';
import { Sequential } from '../layers/sequential.js';
import { TrainingOnly } from '../layers/training-only.js';
import { modelRng, requireInt, resolveConfig, ZooModel } from './zoo-model.js';

export type SensorVaeConfig = {
  inputChannels: number;
  /** Window length; must be divisible by 2^stages. */
  inputLength: number;
  /** Channels of the first encoder stage, doubled per stage. */
  width: number;
  /** Encoder (and decoder) stages. */
  stages: number;
  /** Latent dimensions. */
  latent: number;
  /** Classes the model is conditioned on; 0 = unconditional VAE. */
  classes: number;
  seed: number;
};

export const sensorVaeDefaults: SensorVaeConfig = { inputChannels: 1, inputLength: 64, width: 16, stages: 3, latent: 8, classes: 0, seed: 0 };

const KERNEL = 5;
const PAD = 2;

export class SensorVae extends ZooModel<SensorVaeConfig> {
  readonly encoder: Sequential;
  readonly logVar: TrainingOnly<Linear>;
  readonly mean: Linear;
  readonly decoder: Sequential;

  constructor(c: SensorVaeConfig) {
    const who = 'sensorVae';
    const cin = requireInt(who, c, 'inputChannels');
    const length = requireInt(who, c, 'inputLength');
    const width = requireInt(who, c, 'width');
    const stages = requireInt(who, c, 'stages');
    const latent = requireInt(who, c, 'latent');
    const classes = requireInt(who, c, 'classes', 0);
    requireInt(who, c, 'seed', 0);
    if (length % 2 ** stages !== 0) throw new RangeError(`${who}: inputLength (${length}) must be divisible by 2^stages = ${2 ** stages}; pick a window length that is`);
    const rng = modelRng(c);
    const channels = Array.from({ length: stages }, (_, i) => width * 2 ** i);
    const encoder = new Sequential();
    channels.forEach((co, i) => {
      const ci = i === 0 ? cin + classes : channels[i - 1]!;
      encoder.append(new Sequential({ conv: new Conv1d(ci, co, KERNEL, { stride: 2, padding: PAD, rng }), bn: new BatchNorm1d(co), relu: new ReLU() }));
    });
    encoder.append(new Flatten(), 'flatten');
    const bottleneck = length / 2 ** stages;
    const features = channels[stages - 1]! * bottleneck;
    // The classes reach the heads through the encoder's one-hot channels.
    const mean = new Linear(features, latent, { rng });
    const logVar = new TrainingOnly(new Linear(features, latent, { rng }));
    const decoder = new Sequential({
      project: new Sequential({ fc: new Linear(latent + classes, features, { rng }), relu: new ReLU() }),
      unflatten: new Unflatten([channels[stages - 1]!, bottleneck]),
    });
    for (let i = stages - 1; i >= 0; i--) {
      const ci = channels[i]!;
      const co = i === 0 ? cin : channels[i - 1]!;
      const conv = new Conv1d(ci, co, KERNEL, { padding: PAD, rng });
      decoder.append(new Sequential(i === 0 ? { up: new Upsample(2), conv } : { up: new Upsample(2), conv, bn: new BatchNorm1d(co), relu: new ReLU() }));
    }
    super({ name: 'sensorVae', config: c }, [cin + classes, length], { encoder, logVar, mean, decoder });
    this.encoder = encoder;
    this.logVar = logVar;
    this.mean = mean;
    this.decoder = decoder;
  }

  get classes(): number {
    return this.spec.config.classes;
  }

  override forward(x: Tensor): Tensor {
    if (this.classes > 0) throw new RangeError(`${this.label}: a conditional VAE (classes = ${this.classes}) needs labels; call reconstruct(x, labels) or decode(z, labels)`);
    return super.forward(x);
  }

  /** The encoder's input: x [N, C, L] with the one-hot class channels appended when conditional. */
  encoderInput(x: Tensor, labels?: ArrayLike<number>): Tensor {
    if (this.classes === 0) return x;
    const [n, , l] = x.shape as [number, number, number];
    return concat([x, expand(this.oneHot(labels, n).reshape([n, this.classes, 1]), [n, this.classes, l])], 1);
  }

  /** The decoder's input: z [N, latent] with the one-hot classes appended when conditional. */
  decoderInput(z: Tensor, labels?: ArrayLike<number>): Tensor {
    return this.classes === 0 ? z : concat([z, this.oneHot(labels, z.shape[0]!)], 1);
  }

  /** μ and log σ² of q(z | x, y). */
  encode(x: Tensor, labels?: ArrayLike<number>): { mean: Tensor; logVar: Tensor } {
    const h = this.encoder.call(this.encoderInput(x, labels));
    return { mean: this.mean.call(h), logVar: this.logVar.head.call(h) };
  }

  decode(z: Tensor, labels?: ArrayLike<number>): Tensor {
    return this.decoder.call(this.decoderInput(z, labels));
  }

  /** The mean-path reconstruction decoder(μ(x)). */
  reconstruct(x: Tensor, labels?: ArrayLike<number>): Tensor {
    return this.decode(this.encode(x, labels).mean, labels);
  }

  private oneHot(labels: ArrayLike<number> | undefined, n: number): Tensor {
    const k = this.classes;
    if (labels === undefined || labels.length !== n) throw new RangeError(`${this.label}: a conditional VAE needs one label per sample (${n}), got ${labels === undefined ? 'none' : labels.length}`);
    const data = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      const y = labels[i]!;
      if (!Number.isInteger(y) || y < 0 || y >= k) throw new RangeError(`${this.label}: labels[${i}] = ${y}; expected an integer class in [0, ${k})`);
      data[i * k + y] = 1;
    }
    return tensor(data, [n, k]);
  }
}

export function sensorVae(config: Partial<SensorVaeConfig> = {}): SensorVae {
  return new SensorVae(resolveConfig('sensorVae', sensorVaeDefaults, config));
}
