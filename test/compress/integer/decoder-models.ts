/**
 * Decoder-style models for the integer-path tests: a VAE decoder (dense
 * layer, Unflatten, nearest Upsample between convolutions, linear output)
 * in 1-D and 2-D, and a whole encoder → latent → decoder Sequential.
 */
import type { Rng } from '../../../src/engine/index.js';
import { BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Flatten, Linear, ReLU, Sequential, Unflatten, Upsample } from '../../../src/nn/index.js';

export const LATENT = 4;

export interface DecoderCase {
  readonly name: string;
  /** One sample's input shape. */
  readonly inputShape: number[];
  build(rng: Rng): Sequential;
}

/** Linear(4 → 8·6) + ReLU → Unflatten([8, 6]) → Upsample(2) → Conv1d+BN+ReLU → Upsample(2) → Conv1d: [4] → [2, 24]. */
export function decoder1d(rng: Rng): Sequential {
  return new Sequential({
    fc: new Linear(LATENT, 8 * 6, { rng }),
    fcAct: new ReLU(),
    unflatten: new Unflatten([8, 6]),
    up1: new Upsample(2),
    conv: new Conv1d(8, 8, 3, { padding: 'same', rng }),
    bn: new BatchNorm1d(8),
    act: new ReLU(),
    up2: new Upsample(2),
    out: new Conv1d(8, 2, 3, { padding: 'same', rng }),
  });
}

/** The same in 2-D: [4] → Unflatten([4, 3, 3]) → … → [1, 12, 12]. */
export function decoder2d(rng: Rng): Sequential {
  return new Sequential({
    fc: new Linear(LATENT, 4 * 3 * 3, { rng }),
    fcAct: new ReLU(),
    unflatten: new Unflatten([4, 3, 3]),
    up1: new Upsample(2),
    conv: new Conv2d(4, 4, 3, { padding: 'same', rng }),
    bn: new BatchNorm2d(4),
    act: new ReLU(),
    up2: new Upsample(2),
    out: new Conv2d(4, 1, 3, { padding: 'same', rng }),
  });
}

/** Encoder convs (24 → 12 → 6) → Flatten → Linear to the latent → the 1-D decoder as a child Sequential: [2, 24] → [2, 24]. */
export function autoencoder1d(rng: Rng): Sequential {
  return new Sequential({
    enc1: new Conv1d(2, 8, 3, { stride: 2, padding: 1, rng }),
    encBn1: new BatchNorm1d(8),
    encAct1: new ReLU(),
    enc2: new Conv1d(8, 8, 3, { stride: 2, padding: 1, rng }),
    encBn2: new BatchNorm1d(8),
    encAct2: new ReLU(),
    flatten: new Flatten(),
    latent: new Linear(8 * 6, LATENT, { rng }),
    decoder: decoder1d(rng),
  });
}

export const DECODER_CASES: readonly DecoderCase[] = [
  { name: 'decoder 1-D', inputShape: [LATENT], build: decoder1d },
  { name: 'decoder 2-D', inputShape: [LATENT], build: decoder2d },
  { name: 'autoencoder 1-D', inputShape: [2, 24], build: autoencoder1d },
];
