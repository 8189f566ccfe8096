/**
 * One QDQ emitter per quantized layer type. Each takes its input as a
 * quantized value (uint8 tensor + parameters) and returns its output the
 * same way, writing the pattern onnxruntime's QDQ transformer fuses
 * (onnxruntime/core/optimizer/qdq_transformer/selectors_actions): a float
 * operator between DequantizeLinear on its inputs and QuantizeLinear on its
 * output; weights as int8 initializers dequantized per channel (axis 0, zero
 * points 0), biases as int32 initializers with scale s_x·s_w and zero point 0.
 * Ops that commute with quantization (MaxPool, Flatten/Reshape, nearest
 * Resize) run on the uint8 tensor directly. Weights below 8 bits are exported as int8
 * initializers holding the low-bit values (ONNX's INT4 type needs opset 21;
 * the values and scales are the same).
 */
import { formatShape, type Shape } from '../../../engine/index.js';
import { Flatten, Identity, Sequential, Unflatten, Upsample, type Module } from '../../../nn/index.js';
import { attr, type IAttributeProto } from '../../../interop/onnx/proto.js';
import { padsFor } from '../conv-geometry.js';
import { QAvgPool } from '../layers/qavg-pool.js';
import { QConv } from '../layers/qconv.js';
import { QLinear } from '../layers/qlinear.js';
import { QMaxPool } from '../layers/qmax-pool.js';
import { QResidual } from '../layers/qresidual.js';
import type { PoolWindow, FusedActivation } from '../plan.js';
import type { QuantizedWeightedLayer } from '../layers/quantized-weighted-layer.js';
import type { QdqGraph, QValue } from './qdq-graph.js';

export interface EmitContext {
  readonly graph: QdqGraph;
  /** The input shape (batch included) each module saw in the shape-recording run. */
  inputShapeOf(m: Module): Shape;
}

function nameOf(m: Module): string {
  return m.path === '' ? m.typeName : m.path;
}

/** Emits `m` on `x`; an unknown layer type is an error naming it. */
export function emitModule(ctx: EmitContext, m: Module, x: QValue): QValue {
  if (m instanceof QConv) return emitConv(ctx, m, x);
  if (m instanceof QLinear) return emitLinear(ctx, m, x);
  if (m instanceof QResidual) return emitResidual(ctx, m, x);
  if (m instanceof QAvgPool) return emitAvgPool(ctx, m, x);
  if (m instanceof QMaxPool) return emitMaxPool(ctx, m, x);
  if (m instanceof Flatten) return emitFlatten(ctx, m, x);
  if (m instanceof Unflatten) return emitUnflatten(ctx, m, x);
  if (m instanceof Upsample) return emitUpsample(ctx, m, x);
  if (m instanceof Identity) return x;
  if (m instanceof Sequential) return [...m].reduce((v, child) => emitModule(ctx, child, v), x);
  throw new TypeError(`exportQdqOnnx: ${m.label} has no QDQ form; only the layers quantizeModel builds can be exported`);
}

function emitActivation(g: QdqGraph, y: string, activation: FusedActivation, name: string): string {
  switch (activation) {
    case null: return y;
    case 'relu': return g.node('Relu', [y], [], name);
    case 'relu6': return g.node('Clip', [y, g.constant(`${name}.min`, [], Float32Array.of(0)), g.constant(`${name}.max`, [], Float32Array.of(6))], [], name);
    default: return activation satisfies never;
  }
}

/**
 * The layer's weights and bias at the parameters in use now: int8 weights
 * dequantized per channel; blockwise weights (scales per block of input
 * channels, which DequantizeLinear takes only from opset 21, `block_size`)
 * as a float32 initializer holding exactly s_c,k · q. The bias is int32 on
 * the grid s_x·s_w (s_x·S_c for blocks), zero point 0.
 */
function weightAndBias(g: QdqGraph, m: QuantizedWeightedLayer, name: string): [string, string] {
  const p = m.params.current;
  const values = m.weights.values();
  const bias = g.perChannelConstant(`${name}.bias`, [m.outChannels], p.biasQ, Float32Array.from(p.weightScale, (s) => p.input.scale * s));
  const blocks = p.blockRescale?.blocks;
  if (!blocks) return [g.perChannelConstant(`${name}.weight`, m.weights.shape, values, p.weightScale), bias];
  const perChannel = values.length / m.outChannels;
  const real = Float32Array.from(values, (q, i) => {
    const c = Math.floor(i / perChannel);
    const k = Math.floor((i % perChannel) / (blocks.size * blocks.kernelArea));
    return q * blocks.scales[c * blocks.count + k]!;
  });
  return [g.constant(`${name}.weight`, m.weights.shape, real), bias];
}

/** Attributes over the spatial axes: 1 of them for a 1-D layer (H is the dummy axis), else 2. */
function spatial(dims: 1 | 2, pair: readonly [number, number]): number[] {
  return dims === 1 ? [pair[1]] : [pair[0], pair[1]];
}

/** ONNX pads [x1_begin, x2_begin, x1_end, x2_end] from [top, left, bottom, right]. */
function onnxPads(dims: 1 | 2, p: readonly [number, number, number, number]): number[] {
  return dims === 1 ? [p[1], p[3]] : [...p];
}

function emitConv(ctx: EmitContext, m: QConv, x: QValue): QValue {
  const g = ctx.graph;
  const name = nameOf(m);
  const geo = m.geometry;
  const shape = ctx.inputShapeOf(m);
  const [h, w] = geo.dims === 1 ? [1, shape[2]!] : [shape[2]!, shape[3]!];
  const attrs: IAttributeProto[] = [
    attr.ints('kernel_shape', spatial(geo.dims, geo.kernel)),
    attr.ints('strides', spatial(geo.dims, geo.stride)),
    attr.ints('dilations', spatial(geo.dims, geo.dilation)),
    attr.ints('pads', onnxPads(geo.dims, padsFor(geo, h, w))),
    attr.int('group', geo.groups),
  ];
  const [wf, bf] = weightAndBias(g, m, name);
  const y = g.node('Conv', [g.dequantize(x, `${name}/input`), wf, bf], attrs, name);
  const p = m.params.current;
  return g.quantize(emitActivation(g, y, p.activation, `${name}/activation`), p.output, `${name}/output`);
}

function emitLinear(ctx: EmitContext, m: QLinear, x: QValue): QValue {
  const g = ctx.graph;
  const name = nameOf(m);
  const [wf, bf] = weightAndBias(g, m, name);
  const y = g.node('Gemm', [g.dequantize(x, `${name}/input`), wf, bf], [attr.int('transB', 1)], name);
  const p = m.params.current;
  return g.quantize(emitActivation(g, y, p.activation, `${name}/activation`), p.output, `${name}/output`);
}

function emitResidual(ctx: EmitContext, m: QResidual, x: QValue): QValue {
  const g = ctx.graph;
  const name = nameOf(m);
  const a = emitModule(ctx, m.main, x);
  const b = m.shortcut ? emitModule(ctx, m.shortcut, x) : x;
  const p = m.params.current;
  const sum = g.node('Add', [g.dequantize(a, `${name}/main`), g.dequantize(b, `${name}/shortcut`)], [], name);
  return g.quantize(emitActivation(g, sum, p.activation, `${name}/activation`), p.output, `${name}/output`);
}

function poolAttrs(dims: 1 | 2, win: PoolWindow): IAttributeProto[] {
  return [attr.ints('kernel_shape', spatial(dims, win.kernel)), attr.ints('strides', spatial(dims, win.stride)), attr.ints('pads', onnxPads(dims, win.pad))];
}

function emitAvgPool(ctx: EmitContext, m: QAvgPool, x: QValue): QValue {
  const g = ctx.graph;
  const name = nameOf(m);
  const p = m.params.current;
  const xf = g.dequantize(x, `${name}/input`);
  if (m.window === null) {
    // GlobalAveragePool keeps the spatial axes as 1s; the layer returns [N, C].
    const y = g.quantize(g.node('GlobalAveragePool', [xf], [], name), p.output, `${name}/output`);
    return { name: g.node('Flatten', [y.name], [attr.int('axis', 1)], `${name}/flatten`), quant: y.quant };
  }
  // Padded cells count in the divisor (the plan only admits countIncludePad or no padding).
  const y = g.node('AveragePool', [xf], [...poolAttrs(m.dims, m.window), attr.int('count_include_pad', 1)], name);
  return g.quantize(y, p.output, `${name}/output`);
}

function emitMaxPool(ctx: EmitContext, m: QMaxPool, x: QValue): QValue {
  return { name: ctx.graph.node('MaxPool', [x.name], poolAttrs(m.dims, m.window), nameOf(m)), quant: x.quant };
}

/** nn Flatten(s) keeps axes before s: ONNX Flatten for s = 1, else Reshape to [0 × s, -1] (0 copies an axis). */
function emitFlatten(ctx: EmitContext, m: Flatten, x: QValue): QValue {
  const g = ctx.graph;
  const name = nameOf(m);
  const rank = ctx.inputShapeOf(m).length;
  if (m.startAxis >= rank) throw new RangeError(`exportQdqOnnx: ${m.label} flattens from axis ${m.startAxis} an input of shape ${formatShape(ctx.inputShapeOf(m))}`);
  if (m.startAxis === 1) return { name: g.node('Flatten', [x.name], [attr.int('axis', 1)], name), quant: x.quant };
  const shape = g.int64(`${name}.shape`, [...new Array<number>(m.startAxis).fill(0), -1]);
  return { name: g.node('Reshape', [x.name, shape], [], name), quant: x.quant };
}

/** Reshape to [0, ...shape]: 0 copies the batch axis (allowzero = 0), so the batch may stay dynamic. */
function emitUnflatten(ctx: EmitContext, m: Unflatten, x: QValue): QValue {
  const g = ctx.graph;
  const name = nameOf(m);
  return { name: g.node('Reshape', [x.name, g.int64(`${name}.shape`, [0, ...m.shape])], [], name), quant: x.quant };
}

/**
 * Resize (opset 13+) in mode 'nearest' with coordinate_transformation_mode
 * 'asymmetric' and nearest_mode 'floor': output cell i reads input cell
 * floor(i / s), the layer's copy exactly (as the float exporter writes it,
 * interop/onnx/export/module-emitters.ts). onnxruntime's CPU Resize takes
 * uint8 (onnxruntime/core/providers/cpu/tensor/resize.cc registers a
 * uint8_t kernel from opset 13), so it runs on the quantized tensor: copies need no dequantizing.
 */
function emitUpsample(ctx: EmitContext, m: Upsample, x: QValue): QValue {
  const s = m.scaleFactor;
  if (s === 1) return x;
  const g = ctx.graph;
  const name = nameOf(m);
  const scales = ctx.inputShapeOf(m).map((_, i) => (i < 2 ? 1 : s));
  const y = g.node('Resize', [x.name, '', g.constant(`${name}.scales`, [scales.length], Float32Array.from(scales))], [
    attr.string('mode', 'nearest'), attr.string('coordinate_transformation_mode', 'asymmetric'), attr.string('nearest_mode', 'floor'),
  ], name);
  return { name: y, quant: x.quant };
}
