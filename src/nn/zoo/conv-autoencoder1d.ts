/**
 * A 1-D convolutional autoencoder for sensor windows (anomaly scores by
 * reconstruction error, as the dense MLPerf Tiny autoencoder but exploiting
 * locality in time; cf. Malhotra et al. 2016 for reconstruction-based
 * anomaly detection on sensor series). Each encoder stage halves the length
 * with a stride-2 convolution and doubles the channels; the decoder mirrors
 * it with stride-2 transposed convolutions, whose output padding is chosen
 * per stage so odd lengths come back exactly (26 -> 13 -> 7 -> 13 -> 26):
 *
 *   encoder i: conv1d k3 s2 p1 (W·2^i) + BN + ReLU
 *   decoder i: convT1d k3 s2 p1 + BN + ReLU, the last one linear (standardised data is signed)
 */
import { Conv1d } from '../layers/conv1d.js';
import { ConvTranspose1d } from '../layers/conv-transpose.js';
import { BatchNorm1d } from '../layers/batch-norm.js';
import { ReLU } from '../layers/activations.js';
import { Sequential } from '../layers/sequential.js';
import { modelRng, requireInt, resolveConfig, ZooModel } from './zoo-model.js';

export type ConvAutoencoder1dConfig = {
  inputChannels: number;
  inputLength: number;
  /** Channels of the first encoder stage, doubled per stage. */
  width: number;
  /** Encoder stages (each halves the length). */
  stages: number;
  seed: number;
};

export const convAutoencoder1dDefaults: ConvAutoencoder1dConfig = { inputChannels: 3, inputLength: 26, width: 16, stages: 2, seed: 0 };

const KERNEL = 3;
const STRIDE = 2;
const PAD = 1;

export function convAutoencoder1d(config: Partial<ConvAutoencoder1dConfig> = {}): ZooModel<ConvAutoencoder1dConfig> {
  const c = resolveConfig('convAutoencoder1d', convAutoencoder1dDefaults, config);
  const cin = requireInt('convAutoencoder1d', c, 'inputChannels');
  const length = requireInt('convAutoencoder1d', c, 'inputLength', 2);
  const width = requireInt('convAutoencoder1d', c, 'width');
  const stages = requireInt('convAutoencoder1d', c, 'stages');
  requireInt('convAutoencoder1d', c, 'seed', 0);
  const rng = modelRng(c);

  // Channels and lengths at each encoder boundary: a k3 s2 p1 conv maps L to ceil(L/2).
  const channels = [cin];
  const lengths = [length];
  for (let i = 0; i < stages; i++) {
    channels.push(width * 2 ** i);
    lengths.push(Math.ceil(lengths[i]! / STRIDE));
  }
  const encoder = new Sequential();
  for (let i = 0; i < stages; i++) {
    encoder.append(
      new Sequential({
        conv: new Conv1d(channels[i]!, channels[i + 1]!, KERNEL, { stride: STRIDE, padding: PAD, rng }),
        bn: new BatchNorm1d(channels[i + 1]!),
        relu: new ReLU(),
      }),
    );
  }
  const decoder = new Sequential();
  for (let i = stages; i >= 1; i--) {
    // A transposed k3 s2 p1 conv gives 2L - 1 (+ outputPadding): pad by one where the encoder's input was even.
    const outputPadding = lengths[i - 1]! - (STRIDE * lengths[i]! - 1);
    const deconv = new ConvTranspose1d(channels[i]!, channels[i - 1]!, KERNEL, { stride: STRIDE, padding: PAD, outputPadding, rng });
    decoder.append(i > 1 ? new Sequential({ deconv, bn: new BatchNorm1d(channels[i - 1]!), relu: new ReLU() }) : new Sequential({ deconv }));
  }
  return new ZooModel({ name: 'convAutoencoder1d', config: c }, [cin, length], { encoder, decoder });
}
