/**
 * 'same' padding for any stride, as TensorFlow/Keras define it (and ONNX
 * `auto_pad = SAME_UPPER`): the output has ceil(in / stride) cells, the total
 * padding is max((out - 1)·stride + dilation·(k - 1) + 1 - in, 0), and the
 * odd cell goes after (bottom/right). See the TensorFlow guide "Convolution
 * padding" (tf.nn, `padding='SAME'`). The engine's own 'same' covers stride 1
 * only; the Keras reference models (MLPerf Tiny ResNet-8, DS-CNN) use
 * stride-2 'same' convolutions, where the split depends on the input size.
 */
export function samePadding(inSize: number, kernel: number, stride: number, dilation: number): [before: number, after: number] {
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + dilation * (kernel - 1) + 1 - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
