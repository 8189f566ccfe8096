/** The layer library. */
export { Linear, type LinearOptions } from './linear.js';
export { Conv1d, type Conv1dOptions } from './conv1d.js';
export { Conv2d, type Conv2dOptions } from './conv2d.js';
export type { IntPair } from './check-input.js';
export { ConvTranspose1d, ConvTranspose2d, type ConvTranspose1dOptions, type ConvTranspose2dOptions } from './conv-transpose.js';
export { samePadding } from './same-padding.js';
export { BatchNorm, BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './batch-norm.js';
export { Activation, GELU, LeakyReLU, ReLU, ReLU6, SiLU, Sigmoid, Tanh } from './activations.js';
export { AvgPool1d, AvgPool2d, GlobalAvgPool, MaxPool1d, MaxPool2d, type Pool1dOptions, type Pool2dOptions } from './pooling.js';
export { Dropout } from './dropout.js';
export { Flatten, Identity, Unflatten } from './reshape.js';
export { Upsample } from './upsample.js';
export { TrainingOnly } from './training-only.js';
export { Sequential } from './sequential.js';
export { Residual, type ResidualOptions } from './residual.js';
export { Concat } from './concat.js';
