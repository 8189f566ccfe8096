/**
 * ResNet-8, the MLPerf Tiny image-classification model (Banbury et al. 2021,
 * "MLPerf Tiny Benchmark", NeurIPS Datasets and Benchmarks; reference
 * `benchmark/training/image_classification/keras_model.py`,
 * `resnet_v1_eembc`, in github.com/mlcommons/tiny). A ResNet v1 (He et al.
 * 2016) cut down to three stacks for CIFAR-10:
 *
 *   conv3×3 F + BN + ReLU
 *   stack 1: conv3×3 F    - BN - ReLU - conv3×3 F  - BN, + x,                     ReLU
 *   stack 2: conv3×3 2F/2 - BN - ReLU - conv3×3 2F - BN, + conv1×1 2F/2 (x),     ReLU
 *   stack 3: conv3×3 4F/2 - BN - ReLU - conv3×3 4F - BN, + conv1×1 4F/2 (x),     ReLU
 *   average pool over the final map, flatten, dense numClasses
 *
 * with F = 16 as in the v0.5/v1.0 benchmark (later revisions of the file
 * default `conv_filters` to 26). As in the reference: every convolution has a
 * bias (Keras's default) and 'same' padding (TensorFlow's rule, so the
 * stride-2 convolutions pad only bottom/right); the projection shortcuts have
 * no batch norm. Departures: the last layer returns logits (the reference
 * ends in softmax; our losses take logits), and weights start from PyTorch's
 * default init rather than Keras's he_normal. At 32×32 this is 78,186
 * trainable parameters + 480 batch-norm statistics (Keras's "Total params:
 * 78,666") and 12.50 M MACs.
 */
import { Conv2d } from '../layers/conv2d.js';
import { BatchNorm2d } from '../layers/batch-norm.js';
import { ReLU } from '../layers/activations.js';
import { Residual } from '../layers/residual.js';
import { Sequential } from '../layers/sequential.js';
import { AvgPool2d } from '../layers/pooling.js';
import { Flatten } from '../layers/reshape.js';
import { Linear } from '../layers/linear.js';
import type { Rng } from '../../engine/index.js';
import { modelRng, requireInt, resolveConfig, ZooModel } from './zoo-model.js';

export type ResNet8Config = {
  inputChannels: number;
  /** Side of the square input: 32 for CIFAR-10, 32 or 64 for Tiny ImageNet. */
  inputSize: number;
  numClasses: number;
  /** Filters of the first stack; doubled in each later stack. */
  numFilters: number;
  /** Seed of the weight initialisation. */
  seed: number;
};

export const resnet8Defaults: ResNet8Config = { inputChannels: 3, inputSize: 32, numClasses: 10, numFilters: 16, seed: 0 };

/** One residual stack; `stride` 2 halves the map and adds the reference's strided 1×1 projection. */
function stack(cin: number, cout: number, stride: number, rng: Rng): Residual {
  const main = new Sequential({
    conv1: new Conv2d(cin, cout, 3, { stride, padding: 'same', rng }),
    bn1: new BatchNorm2d(cout),
    relu1: new ReLU(),
    conv2: new Conv2d(cout, cout, 3, { padding: 'same', rng }),
    bn2: new BatchNorm2d(cout),
  });
  const shortcut = stride === 1 && cin === cout ? undefined : new Conv2d(cin, cout, 1, { stride, padding: 'same', rng });
  return new Residual(main, { shortcut, activation: new ReLU() });
}

export function resnet8(config: Partial<ResNet8Config> = {}): ZooModel<ResNet8Config> {
  const c = resolveConfig('resnet8', resnet8Defaults, config);
  const inputChannels = requireInt('resnet8', c, 'inputChannels');
  // Two stride-2 stacks: the input must survive two halvings.
  const size = requireInt('resnet8', c, 'inputSize', 4);
  const numClasses = requireInt('resnet8', c, 'numClasses');
  const f = requireInt('resnet8', c, 'numFilters');
  requireInt('resnet8', c, 'seed', 0);
  const rng = modelRng(c);
  // 'same' stride-2 convolutions give ceil(size/2) twice; the reference pools over the whole final map.
  const finalSize = Math.ceil(Math.ceil(size / 2) / 2);
  return new ZooModel({ name: 'resnet8', config: c }, [inputChannels, size, size], {
    stem: new Sequential({
      conv: new Conv2d(inputChannels, f, 3, { padding: 'same', rng }),
      bn: new BatchNorm2d(f),
      relu: new ReLU(),
    }),
    stack1: stack(f, f, 1, rng),
    stack2: stack(f, 2 * f, 2, rng),
    stack3: stack(2 * f, 4 * f, 2, rng),
    pool: new AvgPool2d(finalSize),
    flatten: new Flatten(),
    fc: new Linear(4 * f, numClasses, { rng }),
  });
}
