/**
 * DS-CNN, the MLPerf Tiny keyword-spotting model (Banbury et al. 2021,
 * "MLPerf Tiny Benchmark"; reference `benchmark/training/keyword_spotting/
 * keras_model.py`, model 'ds_cnn', in github.com/mlcommons/tiny), the small
 * depthwise-separable CNN of Zhang et al. 2017, "Hello Edge: Keyword Spotting
 * on Microcontrollers" (arXiv:1711.07128). On 49 frames × 10 MFCCs:
 *
 *   conv 10×4, 64 filters, stride 2, 'same' + BN + ReLU + dropout 0.2
 *   4 × [depthwise 3×3 'same' + BN + ReLU + pointwise 1×1 64 + BN + ReLU]
 *   dropout 0.4, average pool, flatten, dense 12 (Speech Commands' 10 words + silence + unknown)
 *
 * As in the reference: every convolution (depthwise included) has a bias,
 * 'same' follows TensorFlow's rule (the 10×4 stride-2 conv pads 4 above and
 * 5 below), and the pool size is (⌊frames/2⌋, ⌊coefficients/2⌋) = (24, 5)
 * over the 25×5 map — so, faithfully, the last frame row does not reach the
 * classifier (a quirk of the reference that trained checkpoints depend on).
 * Logits out (the reference ends in softmax). 2,656,768 MACs per inference.
 */
import { Conv2d } from '../layers/conv2d.js';
import { BatchNorm2d } from '../layers/batch-norm.js';
import { ReLU } from '../layers/activations.js';
import { Dropout } from '../layers/dropout.js';
import { Sequential } from '../layers/sequential.js';
import { AvgPool2d } from '../layers/pooling.js';
import { Flatten } from '../layers/reshape.js';
import { Linear } from '../layers/linear.js';
import type { Module } from '../module.js';
import { modelRng, requireInt, resolveConfig, ZooModel } from './zoo-model.js';

export type DsCnnConfig = {
  /** Spectrogram frames (time): 49 for 1 s at a 20 ms stride with 40 ms windows. */
  inputFrames: number;
  /** MFCC coefficients per frame. */
  inputCoefficients: number;
  numClasses: number;
  filters: number;
  /** Depthwise-separable blocks. */
  blocks: number;
  seed: number;
};

export const dscnnDefaults: DsCnnConfig = { inputFrames: 49, inputCoefficients: 10, numClasses: 12, filters: 64, blocks: 4, seed: 0 };

/** Dropout rates of the reference: after the first conv, and before pooling. */
const STEM_DROPOUT = 0.2;
const HEAD_DROPOUT = 0.4;

export function dscnn(config: Partial<DsCnnConfig> = {}): ZooModel<DsCnnConfig> {
  const c = resolveConfig('dscnn', dscnnDefaults, config);
  const h = requireInt('dscnn', c, 'inputFrames', 2);
  const w = requireInt('dscnn', c, 'inputCoefficients', 2);
  const numClasses = requireInt('dscnn', c, 'numClasses');
  const f = requireInt('dscnn', c, 'filters');
  const blocks = requireInt('dscnn', c, 'blocks', 0);
  requireInt('dscnn', c, 'seed', 0);
  const rng = modelRng(c);
  const dropoutRng = rng.fork();

  const stages: Record<string, Module> = {
    stem: new Sequential({
      conv: new Conv2d(1, f, [10, 4], { stride: 2, padding: 'same', rng }),
      bn: new BatchNorm2d(f),
      relu: new ReLU(),
      dropout: new Dropout(STEM_DROPOUT, { rng: dropoutRng }),
    }),
  };
  for (let b = 1; b <= blocks; b++) {
    stages[`block${b}`] = new Sequential({
      dw: new Conv2d(f, f, 3, { padding: 'same', groups: f, rng }),
      dwBn: new BatchNorm2d(f),
      dwRelu: new ReLU(),
      pw: new Conv2d(f, f, 1, { rng }),
      pwBn: new BatchNorm2d(f),
      pwRelu: new ReLU(),
    });
  }
  // Map after the stride-2 'same' stem: ceil(h/2) × ceil(w/2); the reference's pool: ⌊h/2⌋ × ⌊w/2⌋, stride = pool.
  const [mapH, mapW] = [Math.ceil(h / 2), Math.ceil(w / 2)];
  const [poolH, poolW] = [Math.floor(h / 2), Math.floor(w / 2)];
  const outH = Math.floor((mapH - poolH) / poolH) + 1;
  const outW = Math.floor((mapW - poolW) / poolW) + 1;
  stages['dropout'] = new Dropout(HEAD_DROPOUT, { rng: dropoutRng });
  stages['pool'] = new AvgPool2d([poolH, poolW]);
  stages['flatten'] = new Flatten();
  stages['fc'] = new Linear(f * outH * outW, numClasses, { rng });
  return new ZooModel({ name: 'dscnn', config: c }, [1, h, w], stages);
}
