/**
 * One ONNX rule per primitive, for everything traced below the layer level
 * (functional code in a forward, residual additions, reshapes). The table is
 * typed `{ [P in Primitive]: ... }`, so a new primitive without a rule here
 * does not compile. Backward-only and quantized-kernel primitives are marked
 * not exportable, with the reason the error shows.
 *
 * Each rule cites the ONNX operator and the opset whose form it writes
 * (onnx/docs/Operators.md); export targets opset >= 17.
 */
import { type DType, type ParamsOf, type Primitive } from '../../../engine/index.js';
import { attr, DataType } from '../proto.js';
import { isBatchDim, sameDim, symbolicDims, type SymDim, type TraceBatches } from './batch-dims.js';
import { ONNX_DTYPE, type GraphBuilder } from './graph-builder.js';

export interface PrimitiveEmitContext<P extends Primitive> {
  readonly g: GraphBuilder;
  /** ONNX names of the inputs. */
  readonly inputs: readonly string[];
  /** Parameters in the main trace, and in the trace at the other batch size (the same object for a fixed batch). */
  readonly params: ParamsOf<P>;
  readonly altParams: ParamsOf<P>;
  readonly batches: TraceBatches;
  readonly inputShapes: readonly (readonly SymDim[])[];
  readonly inputDTypes: readonly DType[];
  readonly outputDType: DType;
  /** Node-name prefix (module path) and how errors name the place. */
  readonly name: string;
  readonly where: string;
}

export type PrimitiveEmitter<P extends Primitive> = (c: PrimitiveEmitContext<P>) => string;

export interface NotExportable {
  readonly kind: 'not-exportable';
  readonly reason: string;
}

const notExportable = (reason: string): NotExportable => ({ kind: 'not-exportable', reason });

export function isNotExportable(r: unknown): r is NotExportable {
  return typeof r === 'object' && r !== null && (r as NotExportable).kind === 'not-exportable';
}

/** An integer list of the parameters as seen in both traces (batch-dependent entries symbolic). */
function symParam(c: PrimitiveEmitContext<Primitive>, what: string, pick: (p: never) => readonly number[]): SymDim[] {
  const f = pick as (p: unknown) => readonly number[];
  return symbolicDims(f(c.params), f(c.altParams), c.batches, () => `${c.where}: ${what}`);
}

const op = (opType: string): PrimitiveEmitter<Primitive> => (c) => c.g.node(opType, c.inputs, [], c.name);

/** Greater/Equal (opset 13) give bool; the engine gives 1/0 in the operands' dtype: Cast back (opset 13). */
const compare = (opType: string): PrimitiveEmitter<Primitive> => (c) =>
  c.g.node('Cast', [c.g.node(opType, c.inputs, [], c.name)], [attr.int('to', ONNX_DTYPE[c.outputDType])], c.name);

/** Transpose of the last two axes, for matmul's transA/transB. */
function swapLast(c: PrimitiveEmitContext<'matmul'>, input: number): string {
  const rank = c.inputShapes[input]!.length;
  const perm = Array.from({ length: rank }, (_, i) => (i === rank - 2 ? rank - 1 : i === rank - 1 ? rank - 2 : i));
  return c.g.node('Transpose', [c.inputs[input]!], [attr.ints('perm', perm)], c.name);
}

/**
 * Reshape (opset 14): a target with one batch-dependent size writes -1
 * there; with several, the target is computed from the input's batch size.
 * A constant 0 needs allowzero = 1 (else 0 means "copy the input's size").
 */
const reshape: PrimitiveEmitter<'reshape'> = (c) => {
  const dims = symParam(c, 'reshape target', (p: ParamsOf<'reshape'>) => p.shape);
  const batchDims = dims.filter(isBatchDim).length;
  const shape = batchDims === 1 ? c.g.int64(dims.map((d) => (isBatchDim(d) ? -1 : d)), `${c.name}/shape`) : c.g.shapeOf(dims, `${c.name}/shape`);
  const zero = batchDims === 0 && dims.includes(0);
  return c.g.node('Reshape', [c.inputs[0]!, shape], zero ? [attr.int('allowzero', 1)] : [], c.name);
};

/**
 * Expand (opset 13) broadcasts both ways, so a batch-dependent target size
 * that the input already has becomes 1; only a batch size the input lacks
 * needs the target computed at run time.
 */
const expand: PrimitiveEmitter<'expand'> = (c) => {
  const dims = symParam(c, 'expand target', (p: ParamsOf<'expand'>) => p.shape);
  const inShape = c.inputShapes[0]!;
  const lead = dims.length - inShape.length;
  const target = dims.map((d, i) => (isBatchDim(d) && i >= lead && sameDim(inShape[i - lead]!, d) ? 1 : d));
  return c.g.node('Expand', [c.inputs[0]!, c.g.shapeOf(target, `${c.name}/shape`)], [], c.name);
};

/** Slice (opset 13) over the axes actually cut; an end at a batch-dependent size means "to the end" (clamped). */
const slice: PrimitiveEmitter<'slice'> = (c) => {
  const starts = symParam(c, 'slice starts', (p: ParamsOf<'slice'>) => p.starts);
  const ends = symParam(c, 'slice ends', (p: ParamsOf<'slice'>) => p.ends);
  const shape = c.inputShapes[0]!;
  const axes: number[] = [], s: number[] = [], e: number[] = [];
  shape.forEach((dim, i) => {
    const start = starts[i]!, end = ends[i]!;
    if (start === 0 && sameDim(end, dim)) return;
    if (isBatchDim(start) || (isBatchDim(end) && !sameDim(end, dim))) {
      throw new Error(`${c.where}: slice of axis ${i} starts or ends at a batch-dependent index other than the end; export with a fixed batch (options.batch)`);
    }
    axes.push(i);
    s.push(start);
    e.push(isBatchDim(end) ? Number.MAX_SAFE_INTEGER : end);
  });
  if (axes.length === 0) return c.g.node('Identity', [c.inputs[0]!], [], c.name);
  const h = `${c.name}/slice`;
  return c.g.node('Slice', [c.inputs[0]!, c.g.int64(s, h), c.g.int64(e, h), c.g.int64(axes, h)], [], c.name);
};

/** Pad (opset 13, mode 'constant'): pads [x1_begin, x2_begin, ..., x1_end, ...], constant_value as a scalar input. */
const pad: PrimitiveEmitter<'pad'> = (c) => {
  const flat = (p: ParamsOf<'pad'>): number[] => [...p.pads.map(([b]) => b), ...p.pads.map(([, a]) => a)];
  const pads = symParam(c, 'pad widths', flat);
  if (pads.some(isBatchDim)) throw new Error(`${c.where}: pad widths depend on the batch size; export with a fixed batch (options.batch)`);
  return c.g.node('Pad', [c.inputs[0]!, c.g.int64(pads as number[], `${c.name}/pads`), c.g.scalar(c.params.value, c.outputDType)], [], c.name);
};

/** ReduceSum (opset 13: axes as an input); no axes is the engine's identity copy. */
const sum: PrimitiveEmitter<'sum'> = (c) => {
  if (c.params.axes.length === 0) return c.g.node('Identity', [c.inputs[0]!], [], c.name);
  return c.g.node('ReduceSum', [c.inputs[0]!, c.g.int64(c.params.axes, `${c.name}/axes`)], [attr.int('keepdims', c.params.keepDims ? 1 : 0)], c.name);
};

/** ReduceMax: axes an attribute up to opset 17, an input from opset 18. */
const max: PrimitiveEmitter<'max'> = (c) => {
  const { axes, keepDims } = c.params;
  if (axes.length === 0) return c.g.node('Identity', [c.inputs[0]!], [], c.name);
  const keep = attr.int('keepdims', keepDims ? 1 : 0);
  if (c.g.opset >= 18) return c.g.node('ReduceMax', [c.inputs[0]!, c.g.int64(axes, `${c.name}/axes`)], [keep], c.name);
  return c.g.node('ReduceMax', [c.inputs[0]!], [attr.ints('axes', axes), keep], c.name);
};

/** Conv (opset 11+) with the 2-D primitive's own pads order [top, left, bottom, right]. */
const conv2d: PrimitiveEmitter<'conv2d'> = (c) => {
  const w = c.inputShapes[1]!;
  const p = c.params;
  return c.g.node('Conv', c.inputs, [
    attr.ints('kernel_shape', [w[2] as number, w[3] as number]), attr.ints('strides', p.stride), attr.ints('pads', p.pad),
    attr.ints('dilations', p.dilation), attr.int('group', p.groups),
  ], c.name);
};

/**
 * conv2dBackInput is a transposed convolution's forward: ConvTranspose
 * (opset 11+) with output_padding making up the difference between the
 * requested size (inputHW) and stride·(in - 1) + (k - 1)·dilation + 1 - pads.
 */
const conv2dBackInput: PrimitiveEmitter<'conv2dBackInput'> = (c) => {
  const [x, w] = c.inputShapes as [SymDim[], SymDim[]];
  const p = c.params;
  const k = [w[2] as number, w[3] as number];
  const outPad = [0, 1].map((i) => {
    const base = p.stride[i]! * ((x[2 + i] as number) - 1) + (k[i]! - 1) * p.dilation[i]! + 1 - p.pad[i]! - p.pad[i + 2]!;
    return p.inputHW[i]! - base;
  });
  return c.g.node('ConvTranspose', c.inputs, [
    attr.ints('kernel_shape', k), attr.ints('strides', p.stride), attr.ints('pads', p.pad), attr.ints('dilations', p.dilation),
    attr.int('group', p.groups), attr.ints('output_padding', outPad),
  ], c.name);
};

const pool = (opType: 'MaxPool' | 'AveragePool'): PrimitiveEmitter<'maxPool2d' | 'avgPool2d'> => (c) => {
  const p = c.params;
  const extra = 'countIncludePad' in p ? [attr.int('count_include_pad', p.countIncludePad ? 1 : 0)] : [];
  // Both pool primitives use floor rounding, ONNX's default ceil_mode 0 (MaxPool 12, AveragePool 11).
  return c.g.node(opType, c.inputs, [attr.ints('kernel_shape', p.kernel), attr.ints('strides', p.stride), attr.ints('pads', p.pad), ...extra], c.name);
};

type Rule<P extends Primitive> = PrimitiveEmitter<P> | NotExportable;

export const PRIMITIVE_EMITTERS: { readonly [P in Primitive]: Rule<P> } = {
  // Elementwise unary (opset 13 forms). Round is half-to-even in both (ONNX Round, opset 11).
  neg: op('Neg'), exp: op('Exp'), log: op('Log'), sqrt: op('Sqrt'), abs: op('Abs'), tanh: op('Tanh'),
  sigmoid: op('Sigmoid'), erf: op('Erf'), relu: op('Relu'), round: op('Round'),
  // Clip (opset 13): min and max are scalar inputs of the input's type.
  clip: (c) => c.g.node('Clip', [c.inputs[0]!, c.g.scalar(c.params.min, c.outputDType), c.g.scalar(c.params.max, c.outputDType)], [], c.name),
  // Binary ops broadcast as NumPy in both (onnx/docs/Broadcasting.md, multidirectional).
  add: op('Add'), sub: op('Sub'), mul: op('Mul'), div: op('Div'), maximum: op('Max'),
  cmpGt: compare('Greater'), cmpEq: compare('Equal'),
  // Where (opset 16) takes a bool condition; Cast to bool maps 0 to false and anything else (NaN too) to true.
  where: (c) => c.g.node('Where', [c.g.node('Cast', [c.inputs[0]!], [attr.int('to', DataType.BOOL)], c.name), c.inputs[1]!, c.inputs[2]!], [], c.name),
  sum,
  max,
  // ArgMax (opset 13): first maximum (select_last_index 0) as the engine; int64 out, the engine's is int32.
  argmax: (c) => c.g.node('Cast', [c.g.node('ArgMax', c.inputs, [attr.int('axis', c.params.axis), attr.int('keepdims', 0)], c.name)], [attr.int('to', DataType.INT32)], c.name),
  reshape,
  permute: (c) => c.g.node('Transpose', c.inputs, [attr.ints('perm', c.params.perm)], c.name),
  expand,
  slice,
  pad,
  concat: (c) => c.g.node('Concat', c.inputs, [attr.int('axis', c.params.axis)], c.name),
  // Cast (opset 13): float -> int truncates toward zero in both; out-of-range values saturate in the engine and are undefined in ONNX.
  cast: (c) => c.g.node('Cast', c.inputs, [attr.int('to', ONNX_DTYPE[c.params.dtype])], c.name),
  // MatMul (opset 13) has no transpose flags: Transpose the last two axes first.
  matmul: (c) => c.g.node('MatMul', [c.params.transA ? swapLast(c, 0) : c.inputs[0]!, c.params.transB ? swapLast(c, 1) : c.inputs[1]!], [], c.name),
  matmulInt8: notExportable('int8 x int8 -> int32 GEMM is the kernel of a quantized model at run time; export the float model (and quantize it with QuantizeLinear/DequantizeLinear) instead'),
  conv2dInt8: notExportable('the int8 convolution is the kernel of a quantized model at run time; a quantized model exports its layers as QuantizeLinear/DequantizeLinear around float Conv (QDQ) instead'),
  requantize: notExportable('fixed-point requantization is the kernel of a quantized model at run time; a quantized model exports its layers as QuantizeLinear/DequantizeLinear (QDQ) nodes instead'),
  conv2d,
  conv2dBackInput,
  conv2dBackFilter: notExportable('the weight gradient of a convolution runs only in training; export the model in eval mode'),
  maxPool2d: pool('MaxPool') as PrimitiveEmitter<'maxPool2d'>,
  maxPool2dGrad: notExportable('the gradient of max pooling runs only in training; export the model in eval mode'),
  avgPool2d: pool('AveragePool') as PrimitiveEmitter<'avgPool2d'>,
  avgPool2dGrad: notExportable('the gradient of average pooling runs only in training; export the model in eval mode'),
};
