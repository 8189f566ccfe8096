/**
 * f32 GEMM in TensorFlow.js (on the wasm backend this is XNNPACK's kernel):
 * C = A·B for square n×n operands. The wasm backend runs the kernel inside
 * `matMul` itself, so C is not read back (see edgewatt/gemm.ts for why).
 */
import type { Step } from '../contender.js';
import { onTfjsBackend, tf, useTfjsBackend, type TfjsBackend } from './backends.js';

export async function tfjsGemm(backend: TfjsBackend, n: number, seed = 3): Promise<Step> {
  await useTfjsBackend(backend);
  const a = tf.randomNormal([n, n], 0, 1, 'float32', seed) as tf.Tensor2D;
  const b = tf.randomNormal([n, n], 0, 1, 'float32', seed + 1) as tf.Tensor2D;
  return {
    step: onTfjsBackend(backend, () => {
      tf.matMul(a, b).dispose();
    }),
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}
