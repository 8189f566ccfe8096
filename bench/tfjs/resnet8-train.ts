/**
 * One ResNet-8 training step in TensorFlow.js: forward in training mode,
 * softmax cross-entropy, backward, SGD-with-momentum update, then the BN
 * moving averages — the same work Edgewatt's training step does.
 */
import type { Step } from '../contender.js';
import { CLASSES, IMAGE_HW, TRAIN_LR, TRAIN_MOMENTUM } from '../workloads.js';
import { onTfjsBackend, tf, useTfjsBackend, type TfjsBackend } from './backends.js';
import { createResNet8, disposeResNet8, forward, updateMovingStats, type BatchStats } from './resnet8.js';

export async function tfjsResNet8TrainStep(backend: TfjsBackend, batch: number, seed = 7): Promise<Step> {
  await useTfjsBackend(backend);
  const model = createResNet8(seed);
  const x = tf.randomNormal([batch, IMAGE_HW, IMAGE_HW, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
  const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, CLASSES, 'int32', seed), CLASSES));
  const optimizer = tf.train.momentum(TRAIN_LR, TRAIN_MOMENTUM);
  const step = (): void => {
    const stats: BatchStats[] = [];
    let loss: tf.Scalar | null;
    try {
      loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(labels, forward(model, x, true, stats)) as tf.Scalar,
        true,
        model.trainable,
      );
    } catch (e) {
      for (const s of stats) tf.dispose([s.mean, s.variance]);
      throw e;
    }
    updateMovingStats(stats);
    // Reading the loss waits for every kernel of the step (tfjs may run them lazily on some backends).
    loss!.dataSync();
    loss!.dispose();
  };
  return {
    step: onTfjsBackend(backend, step),
    dispose: () => {
      disposeResNet8(model);
      optimizer.dispose();
      x.dispose();
      labels.dispose();
    },
  };
}
