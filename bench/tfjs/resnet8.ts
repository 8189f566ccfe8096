/**
 * ResNet-8 in TensorFlow.js core ops, the baseline Edgewatt's own ResNet-8 is
 * compared with. The architecture is the MLPerf Tiny image-classification
 * reference (Banbury et al., "MLPerf Tiny Benchmark", NeurIPS 2021; Keras
 * source: mlcommons/tiny, benchmark/training/image_classification/keras_model.py):
 *
 *   conv3×3 16 + BN + ReLU
 *   3 residual stacks of 16, 32 (stride 2), 64 (stride 2) filters, each
 *     conv3×3-BN-ReLU-conv3×3-BN + shortcut (1×1 conv, stride 2, where the
 *     shape changes) + ReLU
 *   global average pool, dense 10
 *
 * Convolutions keep their biases as in the Keras reference (Conv2D's default
 * use_bias=True), which gives 78,666 parameters counting BN's moving
 * statistics (78,186 trainable) and 12.5 M multiply-accumulates per 32×32×3
 * image. tfjs has no tfjs-layers here, so parameters are tf.variables and the
 * forward pass is written out; the layout is tfjs's native NHWC.
 */
import { tf } from './backends.js';

interface ConvBn {
  readonly w: tf.Variable; // [kh, kw, cin, cout]
  readonly b: tf.Variable;
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly movingMean: tf.Variable;
  readonly movingVar: tf.Variable;
}

interface Block {
  readonly conv1: ConvBn;
  readonly conv2: ConvBn;
  readonly stride: number;
  /** 1×1 projection when the block changes shape, else identity. */
  readonly shortcut: { readonly w: tf.Variable; readonly b: tf.Variable } | null;
}

export interface TfjsResNet8 {
  readonly stem: ConvBn;
  readonly blocks: readonly Block[];
  readonly denseW: tf.Variable;
  readonly denseB: tf.Variable;
  /** Variables the optimizer updates (not BN moving statistics). */
  readonly trainable: tf.Variable[];
  /** Every variable, moving statistics included. */
  readonly all: tf.Variable[];
}

/** Keras BatchNormalization defaults (momentum 0.99, epsilon 1e-3), as in the reference model. */
const BN_MOMENTUM = 0.99;
const BN_EPSILON = 1e-3;

/** He-normal initialisation (the reference's kernel_initializer) with a seeded tfjs generator. */
function heNormal(shape: number[], fanIn: number, seed: number, trainable: boolean): tf.Variable {
  return tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed), trainable);
}

export function createResNet8(seed = 1): TfjsResNet8 {
  let s = seed;
  const all: tf.Variable[] = [];
  const trainable: tf.Variable[] = [];
  const param = (v: tf.Variable): tf.Variable => {
    all.push(v);
    if (v.trainable) trainable.push(v);
    return v;
  };
  const convBn = (k: number, cin: number, cout: number): ConvBn => ({
    w: param(heNormal([k, k, cin, cout], k * k * cin, s++, true)),
    b: param(tf.variable(tf.zeros([cout]))),
    gamma: param(tf.variable(tf.ones([cout]))),
    beta: param(tf.variable(tf.zeros([cout]))),
    movingMean: param(tf.variable(tf.zeros([cout]), false)),
    movingVar: param(tf.variable(tf.ones([cout]), false)),
  });
  const stem = convBn(3, 3, 16);
  const blocks: Block[] = [];
  let cin = 16;
  for (const [cout, stride] of [[16, 1], [32, 2], [64, 2]] as const) {
    const projection = stride !== 1 || cin !== cout;
    blocks.push({
      conv1: convBn(3, cin, cout),
      conv2: convBn(3, cout, cout),
      stride,
      shortcut: projection
        ? { w: param(heNormal([1, 1, cin, cout], cin, s++, true)), b: param(tf.variable(tf.zeros([cout]))) }
        : null,
    });
    cin = cout;
  }
  const denseW = param(heNormal([64, 10], 64, s++, true));
  const denseB = param(tf.variable(tf.zeros([10])));
  return { stem, blocks, denseW, denseB, trainable, all };
}

export function parameterCount(vars: readonly tf.Variable[]): number {
  return vars.reduce((n, v) => n + v.size, 0);
}

/**
 * Batch statistics seen during a training forward pass, so the caller can
 * fold them into the moving averages after the gradient step (outside the tape).
 */
export interface BatchStats {
  readonly layer: ConvBn;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
}

/** Logits [N, 10] for images [N, 32, 32, 3]. In training mode BN uses batch statistics and reports them in `stats`. */
export function forward(m: TfjsResNet8, x: tf.Tensor4D, training: boolean, stats?: BatchStats[]): tf.Tensor2D {
  const cbr = (l: ConvBn, input: tf.Tensor4D, stride: number, relu: boolean): tf.Tensor4D => {
    const y = tf.add(tf.conv2d(input, l.w as tf.Tensor4D, stride, 'same'), l.b) as tf.Tensor4D;
    let mean: tf.Tensor1D = l.movingMean as tf.Tensor1D;
    let variance: tf.Tensor1D = l.movingVar as tf.Tensor1D;
    if (training) {
      const moments = tf.moments(y, [0, 1, 2]);
      mean = moments.mean as tf.Tensor1D;
      variance = moments.variance as tf.Tensor1D;
      stats?.push({ layer: l, mean: tf.keep(mean), variance: tf.keep(variance) });
    }
    const n = tf.batchNorm(y, mean, variance, l.beta as tf.Tensor1D, l.gamma as tf.Tensor1D, BN_EPSILON);
    return relu ? tf.relu(n) : n;
  };
  let h = cbr(m.stem, x, 1, true);
  for (const b of m.blocks) {
    const y = cbr(b.conv2, cbr(b.conv1, h, b.stride, true), 1, false);
    const skip = b.shortcut === null
      ? h
      : (tf.add(tf.conv2d(h, b.shortcut.w as tf.Tensor4D, b.stride, 'same'), b.shortcut.b) as tf.Tensor4D);
    h = tf.relu(tf.add(y, skip) as tf.Tensor4D);
  }
  const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D; // global average pool
  return tf.add(tf.matMul(pooled, m.denseW as tf.Tensor2D), m.denseB) as tf.Tensor2D;
}

/** Folds batch statistics into the moving averages (Keras: moving = m·moving + (1-m)·batch) and frees them. */
export function updateMovingStats(stats: readonly BatchStats[]): void {
  tf.tidy(() => {
    for (const s of stats) {
      s.layer.movingMean.assign(tf.add(tf.mul(s.layer.movingMean, BN_MOMENTUM), tf.mul(s.mean, 1 - BN_MOMENTUM)));
      s.layer.movingVar.assign(tf.add(tf.mul(s.layer.movingVar, BN_MOMENTUM), tf.mul(s.variance, 1 - BN_MOMENTUM)));
    }
  });
  for (const s of stats) {
    s.mean.dispose();
    s.variance.dispose();
  }
}

export function disposeResNet8(m: TfjsResNet8): void {
  for (const v of m.all) v.dispose();
}
