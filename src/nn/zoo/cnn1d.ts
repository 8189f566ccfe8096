/**
 * A small 1-D CNN for windows of inertial-sensor data (default: 3-axis
 * accelerometer windows [3, 26], one second at 26 Hz, 3 activity classes as
 * the STM32 HAR recordings in src/data/har.ts). A short stack of
 * convolutions learns the cadence and intensity features; global average
 * pooling (Lin et al. 2014, "Network In Network") replaces a dense layer over
 * time, so the weights do not grow with the window length:
 *
 *   conv1d k5 'same' W + BN + ReLU
 *   conv1d k3 stride 2 'same' 2W + BN + ReLU
 *   global average pool, dense numClasses
 *
 * With W = 16 it is 2,019 trainable parameters (8 kB as float32, 2 kB as
 * int8) and 26,304 MACs per window: microcontroller-sized.
 */
import { Conv1d } from '../layers/conv1d.js';
import { BatchNorm1d } from '../layers/batch-norm.js';
import { ReLU } from '../layers/activations.js';
import { Sequential } from '../layers/sequential.js';
import { GlobalAvgPool } from '../layers/pooling.js';
import { Linear } from '../layers/linear.js';
import { modelRng, requireInt, resolveConfig, ZooModel } from './zoo-model.js';

export type Cnn1dConfig = {
  inputChannels: number;
  inputLength: number;
  numClasses: number;
  /** Channels of the first convolution; the second has twice as many. */
  width: number;
  seed: number;
};

export const cnn1dDefaults: Cnn1dConfig = { inputChannels: 3, inputLength: 26, numClasses: 3, width: 16, seed: 0 };

/** Kernel sizes: 5 samples (~0.2 s at 26 Hz) spans part of a step; 3 on the halved sequence. */
const FIRST_KERNEL = 5;
const SECOND_KERNEL = 3;

export function cnn1d(config: Partial<Cnn1dConfig> = {}): ZooModel<Cnn1dConfig> {
  const c = resolveConfig('cnn1d', cnn1dDefaults, config);
  const cin = requireInt('cnn1d', c, 'inputChannels');
  const length = requireInt('cnn1d', c, 'inputLength');
  const numClasses = requireInt('cnn1d', c, 'numClasses');
  const w = requireInt('cnn1d', c, 'width');
  requireInt('cnn1d', c, 'seed', 0);
  const rng = modelRng(c);
  return new ZooModel({ name: 'cnn1d', config: c }, [cin, length], {
    block1: new Sequential({ conv: new Conv1d(cin, w, FIRST_KERNEL, { padding: 'same', rng }), bn: new BatchNorm1d(w), relu: new ReLU() }),
    block2: new Sequential({ conv: new Conv1d(w, 2 * w, SECOND_KERNEL, { stride: 2, padding: 'same', rng }), bn: new BatchNorm1d(2 * w), relu: new ReLU() }),
    pool: new GlobalAvgPool(),
    fc: new Linear(2 * w, numClasses, { rng }),
  });
}
