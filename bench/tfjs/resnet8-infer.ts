/**
 * ResNet-8 inference in TensorFlow.js: BN folded to its moving statistics,
 * logits read back to JavaScript so every kernel has run.
 */
import type { Step } from '../contender.js';
import { IMAGE_HW } from '../workloads.js';
import { onTfjsBackend, tf, useTfjsBackend, type TfjsBackend } from './backends.js';
import { createResNet8, disposeResNet8, forward } from './resnet8.js';

export async function tfjsResNet8Infer(backend: TfjsBackend, batch: number, seed = 11): Promise<Step> {
  await useTfjsBackend(backend);
  const model = createResNet8(seed);
  const x = tf.randomNormal([batch, IMAGE_HW, IMAGE_HW, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
  return {
    step: onTfjsBackend(backend, () => {
      const logits = tf.tidy(() => forward(model, x, false));
      logits.dataSync();
      logits.dispose();
    }),
    dispose: () => {
      disposeResNet8(model);
      x.dispose();
    },
  };
}
