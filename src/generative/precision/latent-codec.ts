/**
 * A VAE as its two deployable halves, at one precision: `encode` maps
 * windows to the posterior mean μ (encoder → mean head), `decode` maps
 * latent codes back to windows. Anomaly scores, imputation and synthesis
 * are written against this interface only, so the float model and every
 * quantized version are judged by exactly the same code.
 *
 * The halves are separate integer models joined by a float latent of a few
 * values: the split costs one quantize/dequantize of `latent` numbers and
 * lets the halves live on different devices (a sensor node encodes, a
 * gateway decodes) or the decoder run alone for synthesis.
 */
import { noGrad, tensor, tidy, type Tensor } from '../../engine/index.js';
import { Sequential, type SensorVae } from '../../nn/index.js';

export interface LatentCodec {
  /** 'fp32', 'int8', 'int4', 'mixed'. */
  readonly id: string;
  readonly latent: number;
  readonly classes: number;
  /** x [N, C, L] (+ labels for a conditional model) → μ [N, latent]. */
  encode(x: Tensor, labels?: ArrayLike<number>): Tensor;
  /** z [N, latent] (+ labels) → x̂ [N, C, L]. */
  decode(z: Tensor, labels?: ArrayLike<number>): Tensor;
}

/** The encoder half as one chain (encoder → mean head): what quantizes as a unit. */
export function encoderHalf(vae: SensorVae): Sequential {
  // Same child names as in the VAE, so the layers keep their paths (and their state-dict names).
  return new Sequential({ encoder: vae.encoder, mean: vae.mean });
}

export function floatCodec(vae: SensorVae): LatentCodec {
  const half = encoderHalf(vae);
  vae.eval();
  return {
    id: 'fp32',
    latent: vae.spec.config.latent,
    classes: vae.classes,
    encode: (x, labels) => half.call(vae.encoderInput(x, labels)),
    decode: (z, labels) => vae.decoder.call(vae.decoderInput(z, labels)),
  };
}

/** μ of every window, [count, latent], without gradients. */
export function encodeAll(codec: LatentCodec, data: Float32Array, count: number, shape: readonly [number, number], labels?: ArrayLike<number>, batchSize = 256): Float32Array {
  const per = shape[0] * shape[1];
  const out = new Float32Array(count * codec.latent);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const x = Float32Array.from(data.subarray(start * per, (start + n) * per));
    const lab = labels ? Array.from({ length: n }, (_, i) => labels[start + i]!) : undefined;
    out.set(noGrad(() => tidy(() => codec.encode(tensor(x, [n, shape[0], shape[1]]), lab).toArray() as Float32Array)), start * codec.latent);
  }
  return out;
}
