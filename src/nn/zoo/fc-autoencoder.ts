/**
 * The MLPerf Tiny anomaly-detection model (Banbury et al. 2021, "MLPerf Tiny
 * Benchmark"; reference `benchmark/training/anomaly_detection/keras_model.py`
 * in github.com/mlcommons/tiny), itself the DCASE 2020 Task 2 baseline
 * (Koizumi et al. 2020, "Description and Discussion on DCASE2020 Challenge
 * Task2: Unsupervised Anomalous Sound Detection for Machine Condition
 * Monitoring"): a dense autoencoder over 5 stacked frames of a 128-band log-mel
 * spectrogram (640 inputs), trained to reconstruct normal machine sounds;
 * the reconstruction error is the anomaly score.
 *
 *   4 × (dense 128 + BN + ReLU), dense 8 + BN + ReLU, 4 × (dense 128 + BN + ReLU), dense 640
 *
 * Dense layers have biases, as Keras's default. 264,192 MACs; 267,928
 * trainable parameters + 2,064 batch-norm statistics (Keras's "Total params:
 * 269,992").
 */
import { Linear } from '../layers/linear.js';
import { BatchNorm1d } from '../layers/batch-norm.js';
import { ReLU } from '../layers/activations.js';
import { Sequential } from '../layers/sequential.js';
import type { Rng } from '../../engine/index.js';
import { modelRng, requireInt, resolveConfig, ZooModel } from './zoo-model.js';

export type FcAutoencoderConfig = {
  /** Frames × mel bands of one input vector. */
  inputDim: number;
  hidden: number;
  bottleneck: number;
  /** Hidden dense layers on each side of the bottleneck. */
  depth: number;
  seed: number;
};

export const fcAutoencoderDefaults: FcAutoencoderConfig = { inputDim: 640, hidden: 128, bottleneck: 8, depth: 4, seed: 0 };

function denseBnRelu(inF: number, outF: number, rng: Rng): Sequential {
  return new Sequential({ linear: new Linear(inF, outF, { rng }), bn: new BatchNorm1d(outF), relu: new ReLU() });
}

export function fcAutoencoder(config: Partial<FcAutoencoderConfig> = {}): ZooModel<FcAutoencoderConfig> {
  const c = resolveConfig('fcAutoencoder', fcAutoencoderDefaults, config);
  const inputDim = requireInt('fcAutoencoder', c, 'inputDim');
  const hidden = requireInt('fcAutoencoder', c, 'hidden');
  const bottleneck = requireInt('fcAutoencoder', c, 'bottleneck');
  const depth = requireInt('fcAutoencoder', c, 'depth');
  requireInt('fcAutoencoder', c, 'seed', 0);
  const rng = modelRng(c);
  const encoder = new Sequential();
  for (let i = 0; i < depth; i++) encoder.append(denseBnRelu(i === 0 ? inputDim : hidden, hidden, rng));
  const code = denseBnRelu(hidden, bottleneck, rng);
  const decoder = new Sequential();
  for (let i = 0; i < depth; i++) decoder.append(denseBnRelu(i === 0 ? bottleneck : hidden, hidden, rng));
  return new ZooModel({ name: 'fcAutoencoder', config: c }, [inputDim], {
    encoder,
    bottleneck: code,
    decoder,
    output: new Linear(hidden, inputDim, { rng }),
  });
}
