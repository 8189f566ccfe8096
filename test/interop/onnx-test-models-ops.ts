/**
 * One small graph per op (or attribute combination) not covered by the
 * composite test models: each is run against onnxruntime in the parity test.
 */
import { Rng } from '../../src/engine/random.js';
import { attr, DataType } from '../../src/interop/onnx/proto.js';
import { floatInit, graphModel, int64Init, node, uniform, type GraphSpec, type TestModel } from './onnx-test-models.js';

function single(name: string, dims: readonly number[], spec: Omit<GraphSpec, 'inputs' | 'outputs'>, seed: number, scale = 2): TestModel {
  const rng = new Rng(seed);
  const bytes = graphModel({ ...spec, inputs: [{ name: 'x', dims }], outputs: [{ name: 'y' }] });
  return { name, bytes, feeds: { x: { dims, type: DataType.FLOAT, data: uniform(rng, dims.reduce((a, b) => a * b, 1), scale) } } };
}

export function opModels(): TestModel[] {
  const rng = new Rng(99);
  const w = (name: string, dims: number[], s = 0.5) => floatInit(name, dims, uniform(rng, dims.reduce((a, b) => a * b, 1), s));
  const x4 = [2, 4, 6, 6];
  return [
    // onnxruntime rejects dilations together with SAME_* auto_pad, so dilation is tested with explicit pads.
    single('Conv SAME_UPPER stride 2 group 2', [2, 4, 7, 6], { initializers: [w('w', [6, 2, 3, 3])], nodes: [node('Conv', ['x', 'w'], ['y'], [attr.string('auto_pad', 'SAME_UPPER'), attr.ints('strides', [2, 2]), attr.int('group', 2)])] }, 1),
    single('Conv dilation 2 asymmetric pads', x4, { initializers: [w('w', [3, 4, 3, 2])], nodes: [node('Conv', ['x', 'w'], ['y'], [attr.ints('dilations', [2, 2]), attr.ints('pads', [2, 0, 1, 1])])] }, 29),
    single('Conv SAME_LOWER stride 2', [1, 2, 7, 6], { initializers: [w('w', [3, 2, 2, 3])], nodes: [node('Conv', ['x', 'w'], ['y'], [attr.string('auto_pad', 'SAME_LOWER'), attr.ints('strides', [2, 2])])] }, 2),
    single('Conv 1-D (N, C, L) with bias', [2, 3, 10], { initializers: [w('w', [4, 3, 3]), w('b', [4])], nodes: [node('Conv', ['x', 'w', 'b'], ['y'], [attr.ints('pads', [2, 1]), attr.ints('strides', [2]), attr.ints('dilations', [1])])] }, 3),
    single('ConvTranspose 1-D', [1, 2, 5], { initializers: [w('w', [2, 3, 4])], nodes: [node('ConvTranspose', ['x', 'w'], ['y'], [attr.ints('strides', [3])])] }, 4),
    single('MaxPool ceil_mode pads', [1, 2, 7, 7], { nodes: [node('MaxPool', ['x'], ['y'], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 0, 0]), attr.int('ceil_mode', 1)])] }, 5),
    single('AveragePool count_include_pad', x4, { nodes: [node('AveragePool', ['x'], ['y'], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1]), attr.int('count_include_pad', 1)])] }, 6),
    single('AveragePool excluding pad', x4, { nodes: [node('AveragePool', ['x'], ['y'], [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1])])] }, 7),
    single('GlobalAveragePool', x4, { nodes: [node('GlobalAveragePool', ['x'], ['y'])] }, 8),
    single('Gemm alpha beta transA', [5, 3], { initializers: [w('b', [5, 4]), w('c', [4])], nodes: [node('Gemm', ['x', 'b', 'c'], ['y'], [attr.float('alpha', 0.7), attr.float('beta', 1.3), attr.int('transA', 1)])] }, 9),
    single('MatMul batched x 2-D', [2, 3, 4, 5], { initializers: [w('b', [5, 6])], nodes: [node('MatMul', ['x', 'b'], ['y'])] }, 10),
    single('MatMul broadcast batch', [2, 1, 3, 4], { initializers: [w('b', [3, 4, 2])], nodes: [node('MatMul', ['x', 'b'], ['y'])] }, 11),
    single('Add/Sub/Mul/Div broadcast', [2, 3, 4], { initializers: [w('a', [4]), w('m', [3, 1]), floatInit('d', [1], Float32Array.of(1.7))], nodes: [node('Add', ['x', 'a'], ['t1']), node('Mul', ['t1', 'm'], ['t2']), node('Sub', ['t2', 'x'], ['t3']), node('Div', ['t3', 'd'], ['y'])] }, 12),
    single('Relu/LeakyRelu/Sigmoid/Tanh', [3, 7], { nodes: [node('LeakyRelu', ['x'], ['a'], [attr.float('alpha', 0.2)]), node('Sigmoid', ['a'], ['b']), node('Tanh', ['x'], ['c']), node('Relu', ['c'], ['d']), node('Add', ['b', 'd'], ['y'])] }, 13),
    single('Clip (inputs) and Clip-6 (attributes)', [4, 5], { initializers: [floatInit('lo', [], Float32Array.of(-0.5)), floatInit('hi', [], Float32Array.of(0.8))], nodes: [node('Clip', ['x', 'lo', 'hi'], ['y'])] }, 14),
    single('Clip-6 attributes', [4, 5], { opset: 6, nodes: [node('Clip', ['x'], ['y'], [attr.float('min', -0.3), attr.float('max', 0.6)])] }, 15),
    single('GELU as the Erf pattern', [3, 8], { initializers: [floatInit('rs2', [], Float32Array.of(Math.SQRT2)), floatInit('one', [], Float32Array.of(1)), floatInit('half', [], Float32Array.of(0.5))], nodes: [node('Div', ['x', 'rs2'], ['a']), node('Erf', ['a'], ['b']), node('Add', ['b', 'one'], ['c']), node('Mul', ['x', 'c'], ['d']), node('Mul', ['d', 'half'], ['y'])] }, 16),
    single('Gelu-20 tanh', [3, 8], { opset: 20, nodes: [node('Gelu', ['x'], ['y'], [attr.string('approximate', 'tanh')])] }, 17),
    single('Gelu-20 exact', [3, 8], { opset: 20, nodes: [node('Gelu', ['x'], ['y'])] }, 18),
    single('Softmax-13 axis 1', [2, 3, 4], { nodes: [node('Softmax', ['x'], ['y'], [attr.int('axis', 1)])] }, 19),
    single('Softmax-11 (2-D coercion)', [2, 3, 4], { opset: 11, nodes: [node('Softmax', ['x'], ['y'], [attr.int('axis', 1)])] }, 20),
    single('Pad constant value', [1, 2, 3, 3], { initializers: [int64Init('pads', [0, 0, 1, 2, 0, 0, 2, 0]), floatInit('v', [], Float32Array.of(0.25))], nodes: [node('Pad', ['x', 'pads', 'v'], ['y'])] }, 21),
    single('Expand', [3, 1], { initializers: [int64Init('shape', [2, 3, 4])], nodes: [node('Expand', ['x', 'shape'], ['y'])] }, 22),
    single('ReduceMean/Sum/Max', [2, 3, 4], { opset: 18, initializers: [int64Init('ax', [1]), int64Init('ax2', [-1])], nodes: [node('ReduceMean', ['x', 'ax'], ['a']), node('ReduceMax', ['x', 'ax'], ['b'], [attr.int('keepdims', 1)]), node('Add', ['a', 'b'], ['c']), node('ReduceSum', ['c', 'ax2'], ['y'], [attr.int('keepdims', 0)])] }, 23),
    single('Sqrt/Exp/Log/Neg/Abs/Pow', [2, 6], { initializers: [floatInit('two', [], Float32Array.of(2)), floatInit('half', [], Float32Array.of(0.5))], nodes: [node('Abs', ['x'], ['a']), node('Sqrt', ['a'], ['b']), node('Exp', ['b'], ['c']), node('Log', ['c'], ['d']), node('Pow', ['d', 'two'], ['e']), node('Pow', ['e', 'half'], ['f']), node('Neg', ['f'], ['y'])] }, 24),
    single('Where/Greater/Equal/Round/Cast', [3, 5], { initializers: [floatInit('t', [], Float32Array.of(0.1)), floatInit('k', [], Float32Array.of(2.5))], nodes: [node('Mul', ['x', 'k'], ['s']), node('Round', ['s'], ['r']), node('Greater', ['x', 't'], ['g']), node('Equal', ['r', 'r'], ['e']), node('Cast', ['e'], ['ef'], [attr.int('to', DataType.FLOAT)]), node('Where', ['g', 'r', 'x'], ['w']), node('Cast', ['w'], ['wi'], [attr.int('to', DataType.INT32)]), node('Cast', ['wi'], ['wf'], [attr.int('to', DataType.FLOAT)]), node('Add', ['wf', 'ef'], ['y'])] }, 25),
    single('Identity/Dropout/Constant', [2, 3], { nodes: [node('Constant', [], ['c'], [attr.tensor('value', floatInit('', [3], Float32Array.of(1, 2, 3)))]), node('Identity', ['x'], ['i']), node('Dropout', ['i'], ['d']), node('Add', ['d', 'c'], ['y'])] }, 26),
    single('Flatten axis 2 then Reshape -1', [2, 3, 2, 2], { initializers: [int64Init('s', [3, -1])], nodes: [node('Flatten', ['x'], ['f'], [attr.int('axis', 2)]), node('Reshape', ['f', 's'], ['y'])] }, 27),
    single('BatchNormalization 1-D input', [2, 3, 5], { initializers: [w('s', [3]), w('b', [3]), w('m', [3]), floatInit('v', [3], Float32Array.of(0.5, 1, 2))], nodes: [node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y'], [attr.float('epsilon', 1e-3)])] }, 28),
  ];
}
