/**
 * Layers written as whole ONNX operators. A call of one of these layers is
 * one module event in the trace (trace.ts): the emitter reads the layer's
 * configuration and parameters and writes the operator, with initializers
 * named by the parameters' state-dict paths (`stack1.main.conv1.weight`), so
 * the file's weights map back to a checkpoint by name.
 *
 * Keyed by exact class: a user subclass may override `forward`, so it falls
 * back to primitive-level tracing instead of inheriting an emitter that may
 * no longer describe it. Layers with no primitives of their own in eval mode
 * (Dropout, Identity) need no entry: their output is their input.
 *
 * Operator semantics cited from onnx/docs/Operators.md, by op and opset.
 */
import type { DType, Tensor } from '../../../engine/index.js';
import {
  AvgPool1d, AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d, Flatten, GELU, GlobalAvgPool,
  LeakyReLU, Linear, MaxPool1d, MaxPool2d, ReLU, ReLU6, Sigmoid, SiLU, Tanh, Upsample, samePadding, type BatchNorm, type Module,
} from '../../../nn/index.js';
import { attr } from '../proto.js';
import { isBatchDim, type SymDim } from './batch-dims.js';
import type { GraphBuilder } from './graph-builder.js';

export interface ModuleEmitContext<M extends Module> {
  readonly g: GraphBuilder;
  readonly module: M;
  /** ONNX name of the layer's input. */
  readonly input: string;
  readonly inputShape: readonly SymDim[];
  readonly dtype: DType;
  /** Node-name prefix: the module path. */
  readonly name: string;
  /** How errors name the layer. */
  readonly where: string;
  /** The initializer of one of the layer's parameters or buffers. */
  param(t: Tensor): string;
}

export type ModuleEmitter<M extends Module> = (c: ModuleEmitContext<M>) => string;

type LayerClass<M extends Module> = abstract new (...args: never[]) => M;

/** A spatial size the layer's configuration depends on ('same' padding): it must not depend on the batch. */
function spatial(c: ModuleEmitContext<Module>, axis: number): number {
  const d = c.inputShape[axis];
  if (d === undefined || isBatchDim(d)) throw new Error(`${c.where}: input axis ${axis} depends on the batch; only axis 0 may`);
  return d;
}

function withBias(c: ModuleEmitContext<Conv1d | Conv2d | ConvTranspose1d | ConvTranspose2d | Linear>): string[] {
  const m = c.module;
  return m.bias ? [c.input, c.param(m.weight), c.param(m.bias)] : [c.input, c.param(m.weight)];
}

// Conv (opset 11+): pads are [x1_begin, x2_begin, ..., x1_end, x2_end], i.e. [top, left, bottom, right] in 2-D,
// the layers' own order; 'same' is resolved per input size exactly as the layer's forward does (TensorFlow's rule).
const conv2d: ModuleEmitter<Conv2d> = (c) => {
  const m = c.module;
  return c.g.node('Conv', withBias(c), [
    attr.ints('kernel_shape', m.kernelSize), attr.ints('strides', m.stride), attr.ints('dilations', m.dilation),
    attr.ints('pads', m.padsFor(spatial(c, 2), spatial(c, 3))), attr.int('group', m.groups),
  ], c.name);
};

/** A true 1-D Conv over [N, C, L] (the engine runs it as [N, C, 1, L]; same arithmetic). */
const conv1d: ModuleEmitter<Conv1d> = (c) => {
  const m = c.module;
  const [left, right] = m.padding === 'same' ? samePadding(spatial(c, 2), m.kernelSize, m.stride, m.dilation) : m.padding;
  return c.g.node('Conv', withBias(c), [
    attr.ints('kernel_shape', [m.kernelSize]), attr.ints('strides', [m.stride]), attr.ints('dilations', [m.dilation]),
    attr.ints('pads', [left, right]), attr.int('group', m.groups),
  ], c.name);
};

// ConvTranspose (opset 11+): out = stride·(in - 1) + output_padding + (k - 1)·dilation + 1 - pad_begin - pad_end,
// the layers' formula; weight [Cin, Cout/group, k...] is the layers' layout. output_padding cells that fall inside
// the cropped border receive contributions, the rest are zero, as in the engine's convTranspose2d.
const convTranspose2d: ModuleEmitter<ConvTranspose2d> = (c) => {
  const m = c.module;
  const [ph, pw] = m.padding;
  return c.g.node('ConvTranspose', withBias(c), [
    attr.ints('kernel_shape', m.kernelSize), attr.ints('strides', m.stride), attr.ints('dilations', m.dilation),
    attr.ints('pads', [ph, pw, ph, pw]), attr.ints('output_padding', m.outputPadding), attr.int('group', m.groups),
  ], c.name);
};

const convTranspose1d: ModuleEmitter<ConvTranspose1d> = (c) => {
  const m = c.module;
  return c.g.node('ConvTranspose', withBias(c), [
    attr.ints('kernel_shape', [m.kernelSize]), attr.ints('strides', [m.stride]), attr.ints('dilations', [m.dilation]),
    attr.ints('pads', [m.padding, m.padding]), attr.ints('output_padding', [m.outputPadding]), attr.int('group', m.groups),
  ], c.name);
};

/** Gemm (opset 13) with transB = 1 for the [out, in] weight; beyond 2-D, MatMul broadcasts over leading axes. */
const linear: ModuleEmitter<Linear> = (c) => {
  const m = c.module;
  if (c.inputShape.length === 2) return c.g.node('Gemm', withBias(c), [attr.int('transB', 1)], c.name);
  const wT = c.g.node('Transpose', [c.param(m.weight)], [attr.ints('perm', [1, 0])], c.name);
  const y = c.g.node('MatMul', [c.input, wT], [], c.name);
  return m.bias ? c.g.node('Add', [y, c.param(m.bias)], [], c.name) : y;
};

/**
 * BatchNormalization (opset 15, inference: training_mode = 0) with the
 * running statistics: (x - mean) / sqrt(var + epsilon) · scale + B over
 * axis 1, for [N, C] and [N, C, ...]; without affine, scale 1 and B 0.
 */
const batchNorm: ModuleEmitter<BatchNorm> = (c) => {
  const m = c.module;
  if (m.training) throw new Error(`${c.where}: batch norm is in training mode; export runs in eval mode`);
  const n = m.numFeatures;
  const scale = m.weight ? c.param(m.weight) : c.g.constant(new Float32Array(n).fill(1), [n], 'float32', 'ones');
  const bias = m.bias ? c.param(m.bias) : c.g.constant(new Float32Array(n), [n], 'float32', 'zeros');
  return c.g.node('BatchNormalization', [c.input, scale, bias, c.param(m.runningMean), c.param(m.runningVar)], [attr.float('epsilon', m.eps)], c.name);
};

// MaxPool / AveragePool (opset 11+; AveragePool 19 only adds dilations): floor rounding (ceil_mode 0) as the layers.
const maxPool2d: ModuleEmitter<MaxPool2d> = (c) => {
  const m = c.module;
  const [ph, pw] = m.padding;
  return c.g.node('MaxPool', [c.input], [attr.ints('kernel_shape', m.kernelSize), attr.ints('strides', m.stride), attr.ints('pads', [ph, pw, ph, pw])], c.name);
};

const avgPool2d: ModuleEmitter<AvgPool2d> = (c) => {
  const m = c.module;
  const [ph, pw] = m.padding;
  return c.g.node('AveragePool', [c.input], [
    attr.ints('kernel_shape', m.kernelSize), attr.ints('strides', m.stride), attr.ints('pads', [ph, pw, ph, pw]),
    attr.int('count_include_pad', m.countIncludePad ? 1 : 0),
  ], c.name);
};

const maxPool1d: ModuleEmitter<MaxPool1d> = (c) => {
  const m = c.module;
  return c.g.node('MaxPool', [c.input], [attr.ints('kernel_shape', [m.kernelSize]), attr.ints('strides', [m.stride]), attr.ints('pads', [m.padding, m.padding])], c.name);
};

const avgPool1d: ModuleEmitter<AvgPool1d> = (c) => {
  const m = c.module;
  return c.g.node('AveragePool', [c.input], [
    attr.ints('kernel_shape', [m.kernelSize]), attr.ints('strides', [m.stride]), attr.ints('pads', [m.padding, m.padding]),
    attr.int('count_include_pad', m.countIncludePad ? 1 : 0),
  ], c.name);
};

/** GlobalAveragePool (opset 1) keeps the spatial axes as 1s; the layer drops them: Flatten(axis 1) -> [N, C]. */
const globalAvgPool: ModuleEmitter<GlobalAvgPool> = (c) => {
  const pooled = c.g.node('GlobalAveragePool', [c.input], [], c.name);
  return c.g.node('Flatten', [pooled], [attr.int('axis', 1)], c.name);
};

/**
 * ONNX Flatten (opset 13) always gives 2-D, which is the layer's result for
 * startAxis 1; a later start keeps the leading axes: Reshape with 0 (copy
 * that axis, allowzero = 0) for each of them and -1 for the rest.
 */
const flatten: ModuleEmitter<Flatten> = (c) => {
  const s = c.module.startAxis;
  if (s === 1) return c.g.node('Flatten', [c.input], [attr.int('axis', 1)], c.name);
  return c.g.node('Reshape', [c.input, c.g.int64([...new Array<number>(s).fill(0), -1], `${c.name}/shape`)], [], c.name);
};

/**
 * Exact GELU: Gelu (opset 20) where allowed, else the engine's own
 * composition x·0.5·(1 + erf(x·(1/√2))) with Erf (opset 13), in the same order.
 */
const gelu: ModuleEmitter<GELU> = (c) => {
  const { g, input: x, name, dtype } = c;
  if (g.opset >= 20) return g.node('Gelu', [x], [attr.string('approximate', 'none')], name);
  const erf = g.node('Erf', [g.node('Mul', [x, g.scalar(Math.SQRT1_2, dtype)], [], name)], [], name);
  return g.node('Mul', [g.node('Mul', [x, g.scalar(0.5, dtype)], [], name), g.node('Add', [erf, g.scalar(1, dtype)], [], name)], [], name);
};

/**
 * Resize (opset 13+), nearest, with coordinate_transformation_mode
 * 'asymmetric' and nearest_mode 'floor': output cell i reads input cell
 * floor(i / s), which is the layer's reshape-expand-reshape exactly.
 */
const upsample: ModuleEmitter<Upsample> = (c) => {
  const s = c.module.scaleFactor;
  const scales = c.inputShape.map((_, i) => (i < 2 ? 1 : s));
  return c.g.node('Resize', [c.input, '', c.g.constant(Float32Array.from(scales), [scales.length], 'float32', `${c.name}/scales`)], [
    attr.string('mode', 'nearest'), attr.string('coordinate_transformation_mode', 'asymmetric'), attr.string('nearest_mode', 'floor'),
  ], c.name);
};

const unary = (opType: string): ModuleEmitter<Module> => (c) => c.g.node(opType, [c.input], [], c.name);

function entry<M extends Module>(type: LayerClass<M>, emit: ModuleEmitter<M>): [LayerClass<Module>, ModuleEmitter<Module>] {
  return [type, emit as unknown as ModuleEmitter<Module>];
}

const MODULE_EMITTERS = new Map<LayerClass<Module>, ModuleEmitter<Module>>([
  entry(Conv1d, conv1d),
  entry(Conv2d, conv2d),
  entry(ConvTranspose1d, convTranspose1d),
  entry(ConvTranspose2d, convTranspose2d),
  entry(Linear, linear),
  entry(BatchNorm1d, batchNorm),
  entry(BatchNorm2d, batchNorm),
  entry(MaxPool1d, maxPool1d),
  entry(MaxPool2d, maxPool2d),
  entry(AvgPool1d, avgPool1d),
  entry(AvgPool2d, avgPool2d),
  entry(GlobalAvgPool, globalAvgPool),
  entry(Flatten, flatten),
  entry(ReLU, unary('Relu')),
  // Clip (opset 11+) takes min and max as inputs.
  entry(ReLU6, (c) => c.g.node('Clip', [c.input, c.g.scalar(0, c.dtype), c.g.scalar(6, c.dtype)], [], c.name)),
  entry(LeakyReLU, (c) => c.g.node('LeakyRelu', [c.input], [attr.float('alpha', c.module.negativeSlope)], c.name)),
  entry(Sigmoid, unary('Sigmoid')),
  entry(Tanh, unary('Tanh')),
  entry(GELU, gelu),
  entry(SiLU, (c) => c.g.node('Mul', [c.input, c.g.node('Sigmoid', [c.input], [], c.name)], [], c.name)),
  entry(Upsample, upsample),
]);

/** The emitter for exactly this layer class, if it has one. */
export function moduleEmitterFor(m: Module): ModuleEmitter<Module> | undefined {
  return MODULE_EMITTERS.get(m.constructor as LayerClass<Module>);
}
