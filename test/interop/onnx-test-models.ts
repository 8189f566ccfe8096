/**
 * Builders for small ONNX test graphs, shared by the import tests, the fuzz
 * test and (for export) anyone who needs a valid model: `graphModel` wraps
 * nodes, inputs, outputs and initializers into encoded ModelProto bytes with
 * proto.ts's builders, and each `*Model()` below returns one graph with the
 * feeds to run it on. Weights come from a seeded Rng so every run is the same.
 */
import { Rng } from '../../src/engine/random.js';
import { attr, DataType, encodeModel, encodeTensor, onnx, valueInfo, type DataTypeCode, type IAttributeProto, type INodeProto, type ITensorProto, type TensorData } from '../../src/interop/onnx/proto.js';

export interface Feed {
  readonly dims: readonly number[];
  /** ONNX element type of the graph input (what onnxruntime is fed). */
  readonly type: DataTypeCode;
  /** Values (integers for uint8/int8 inputs). */
  readonly data: Float32Array;
}

export interface TestModel {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly feeds: Readonly<Record<string, Feed>>;
}

export interface GraphSpec {
  readonly nodes: readonly INodeProto[];
  readonly inputs: readonly { name: string; dims: readonly (number | string | null)[]; type?: DataTypeCode }[];
  readonly outputs: readonly { name: string; dims?: readonly (number | string | null)[]; type?: DataTypeCode }[];
  readonly initializers?: readonly ITensorProto[];
  readonly opset?: number;
}

/**
 * Encoded model bytes as a plain Uint8Array: protobufjs returns a Node Buffer,
 * whose slice() is a view, so mutating a "copy" (as the fuzzer does) would
 * corrupt the seed itself.
 */
export function graphModel(spec: GraphSpec): Uint8Array {
  return new Uint8Array(encodeModel({
    irVersion: 8,
    producerName: 'edgewatt-tests',
    opsetImport: [{ domain: '', version: spec.opset ?? 17 }],
    graph: {
      name: 'test',
      node: [...spec.nodes],
      input: spec.inputs.map((i) => valueInfo(i.name, i.dims, i.type ?? DataType.FLOAT)),
      // Outputs without dims are declared without a shape (not as scalars), so onnxruntime infers it.
      output: spec.outputs.map((o) => (o.dims ? valueInfo(o.name, o.dims, o.type ?? DataType.FLOAT) : { name: o.name, type: { tensorType: { elemType: o.type ?? DataType.FLOAT } } })),
      initializer: [...(spec.initializers ?? [])],
    },
  }));
}

export function node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: readonly IAttributeProto[] = [], name = `${opType}_${outputs[0]}`): INodeProto {
  return { opType, input: [...inputs], output: [...outputs], attribute: [...attributes], name };
}

/** Seeded values in [-scale, scale). */
export function uniform(rng: Rng, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

/** Seeded integers in [lo, hi]. */
export function integers(rng: Rng, n: number, lo: number, hi: number): Float32Array {
  return Float32Array.from({ length: n }, () => lo + Math.floor(rng.next() * (hi - lo + 1)));
}

export const floatInit = (name: string, dims: readonly number[], data: Float32Array): ITensorProto => encodeTensor(name, dims, data);
export const int64Init = (name: string, values: readonly number[]): ITensorProto => encodeTensor(name, [values.length], BigInt64Array.from(values, (v) => BigInt(v)));
export const typedInit = (name: string, dims: readonly number[], data: TensorData, type?: DataTypeCode): ITensorProto => encodeTensor(name, dims, data, type);

function floatFeed(rng: Rng, dims: readonly number[], scale = 1): Feed {
  return { dims, type: DataType.FLOAT, data: uniform(rng, dims.reduce((a, b) => a * b, 1), scale) };
}

/** Conv(+bias) -> BatchNormalization -> Relu -> MaxPool -> Flatten -> Gemm -> Softmax, batch symbolic. */
export function smallCnnModel(seed = 1): TestModel {
  const rng = new Rng(seed);
  const bytes = graphModel({
    inputs: [{ name: 'x', dims: ['N', 3, 8, 8] }],
    outputs: [{ name: 'y', dims: ['N', 10] }],
    initializers: [
      floatInit('conv1.weight', [8, 3, 3, 3], uniform(rng, 216, 0.4)), floatInit('conv1.bias', [8], uniform(rng, 8, 0.1)),
      floatInit('bn.scale', [8], uniform(rng, 8, 0.5).map((v) => v + 1)), floatInit('bn.bias', [8], uniform(rng, 8, 0.2)),
      floatInit('bn.mean', [8], uniform(rng, 8, 0.2)), floatInit('bn.var', [8], uniform(rng, 8, 0.3).map((v) => v + 0.5)),
      floatInit('fc.weight', [10, 128], uniform(rng, 1280, 0.2)), floatInit('fc.bias', [10], uniform(rng, 10, 0.1)),
    ],
    nodes: [
      node('Conv', ['x', 'conv1.weight', 'conv1.bias'], ['c1'], [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1])], 'conv1'),
      node('BatchNormalization', ['c1', 'bn.scale', 'bn.bias', 'bn.mean', 'bn.var'], ['b1'], [attr.float('epsilon', 1e-5)], 'bn'),
      node('Relu', ['b1'], ['r1'], [], 'relu'),
      node('MaxPool', ['r1'], ['p1'], [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])], 'pool'),
      node('Flatten', ['p1'], ['f1'], [attr.int('axis', 1)], 'flatten'),
      node('Gemm', ['f1', 'fc.weight', 'fc.bias'], ['g1'], [attr.int('transB', 1)], 'fc'),
      node('Softmax', ['g1'], ['y'], [attr.int('axis', 1)], 'softmax'),
    ],
  });
  return { name: 'small CNN', bytes, feeds: { x: floatFeed(rng, [2, 3, 8, 8]) } };
}

/** Strided, padded ConvTranspose with output_padding and groups, then a 1-D ConvTranspose branch is not needed: 2-D only. */
export function convTransposeModel(seed = 2): TestModel {
  const rng = new Rng(seed);
  const bytes = graphModel({
    inputs: [{ name: 'x', dims: [1, 4, 5, 5] }],
    outputs: [{ name: 'y' }],
    initializers: [floatInit('w', [4, 3, 3, 3], uniform(rng, 108, 0.5)), floatInit('b', [6], uniform(rng, 6, 0.1))],
    nodes: [node('ConvTranspose', ['x', 'w', 'b'], ['y'], [attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1]), attr.ints('output_padding', [1, 1]), attr.int('group', 2)], 'deconv')],
  });
  return { name: 'ConvTranspose', bytes, feeds: { x: floatFeed(rng, [1, 4, 5, 5]) } };
}

/** Resize nearest by scales and bilinear by sizes (two modes of coordinate transform). */
/** A Resize of a [1, 2, 4, 5] input, or of a [1, 2, 6] signal when the scales or sizes have 3 entries. */
export function resizeModel(seed = 3, opts: { mode: 'nearest' | 'linear'; coord: string; scales?: number[]; sizes?: number[]; nearestMode?: string }): TestModel {
  const rng = new Rng(seed);
  const dims = (opts.scales ?? opts.sizes)!.length === 3 ? [1, 2, 6] : [1, 2, 4, 5];
  const inits = [floatInit('roi', [0], new Float32Array(0)), floatInit('scales', [opts.scales ? opts.scales.length : 0], Float32Array.from(opts.scales ?? []))];
  if (opts.sizes) inits.push(int64Init('sizes', opts.sizes));
  const attrs = [attr.string('mode', opts.mode), attr.string('coordinate_transformation_mode', opts.coord)];
  if (opts.nearestMode) attrs.push(attr.string('nearest_mode', opts.nearestMode));
  const bytes = graphModel({
    inputs: [{ name: 'x', dims }],
    outputs: [{ name: 'y' }],
    initializers: inits,
    nodes: [node('Resize', ['x', 'roi', 'scales', ...(opts.sizes ? ['sizes'] : [])], ['y'], attrs, 'resize')],
  });
  return { name: `Resize ${opts.mode} ${opts.coord}${opts.nearestMode ? ` ${opts.nearestMode}` : ''} ${opts.scales ? `scales ${opts.scales.join('x')}` : `sizes ${opts.sizes!.join('x')}`}`, bytes, feeds: { x: floatFeed(rng, dims) } };
}

/** Transpose -> Reshape (0 and -1) -> Concat with a constant -> Unsqueeze/Slice/Squeeze. */
export function movementModel(seed = 4): TestModel {
  const rng = new Rng(seed);
  const bytes = graphModel({
    inputs: [{ name: 'x', dims: [2, 3, 4] }],
    outputs: [{ name: 'y' }],
    initializers: [int64Init('shape', [0, -1]), floatInit('extra', [2, 5], uniform(rng, 10)), int64Init('axes0', [0]), int64Init('starts', [1]), int64Init('ends', [100]), int64Init('axes1', [2])],
    nodes: [
      node('Transpose', ['x'], ['t'], [attr.ints('perm', [0, 2, 1])], 'transpose'),
      node('Reshape', ['t', 'shape'], ['r'], [], 'reshape'),
      node('Concat', ['r', 'extra'], ['c'], [attr.int('axis', 1)], 'concat'),
      node('Unsqueeze', ['c', 'axes0'], ['u'], [], 'unsqueeze'),
      node('Slice', ['u', 'starts', 'ends', 'axes1'], ['s'], [], 'slice'),
      node('Squeeze', ['s', 'axes0'], ['y'], [], 'squeeze'),
    ],
  });
  return { name: 'Transpose/Reshape/Concat/Slice', bytes, feeds: { x: floatFeed(rng, [2, 3, 4]) } };
}

/** QDQ: QuantizeLinear -> DequantizeLinear -> Conv with a DequantizeLinear'd int8 per-channel weight -> Relu. */
export function qdqConvModel(seed = 5): TestModel {
  const rng = new Rng(seed);
  const bytes = graphModel({
    opset: 13,
    inputs: [{ name: 'x', dims: [1, 3, 6, 6] }],
    outputs: [{ name: 'y' }],
    initializers: [
      floatInit('x_scale', [], Float32Array.of(0.02)), typedInit('x_zp', [], Uint8Array.of(128)),
      typedInit('w_q', [4, 3, 3, 3], Int8Array.from(integers(rng, 108, -127, 127))),
      floatInit('w_scale', [4], Float32Array.of(0.004, 0.006, 0.003, 0.005)), typedInit('w_zp', [4], new Int8Array(4)),
      floatInit('b', [4], uniform(rng, 4, 0.1)),
    ],
    nodes: [
      node('QuantizeLinear', ['x', 'x_scale', 'x_zp'], ['xq'], [], 'quant_x'),
      node('DequantizeLinear', ['xq', 'x_scale', 'x_zp'], ['xd'], [], 'dequant_x'),
      node('DequantizeLinear', ['w_q', 'w_scale', 'w_zp'], ['wd'], [attr.int('axis', 0)], 'dequant_w'),
      node('Conv', ['xd', 'wd', 'b'], ['c'], [attr.ints('pads', [1, 1, 1, 1])], 'conv'),
      node('Relu', ['c'], ['y'], [], 'relu'),
    ],
  });
  return { name: 'QDQ conv', bytes, feeds: { x: floatFeed(rng, [1, 3, 6, 6], 2) } };
}

/** QLinearConv with uint8 activations, int8 per-channel weights and an int32 bias. */
export function qlinearConvModel(seed = 6): TestModel {
  const rng = new Rng(seed);
  const bytes = graphModel({
    opset: 13,
    inputs: [{ name: 'x', dims: [1, 3, 7, 7], type: DataType.UINT8 }],
    outputs: [{ name: 'y', type: DataType.UINT8 }],
    initializers: [
      floatInit('x_scale', [], Float32Array.of(0.05)), typedInit('x_zp', [], Uint8Array.of(120)),
      typedInit('w', [5, 3, 3, 3], Int8Array.from(integers(rng, 135, -127, 127))),
      floatInit('w_scale', [5], Float32Array.of(0.003, 0.004, 0.0025, 0.005, 0.0035)), typedInit('w_zp', [5], new Int8Array(5)),
      floatInit('y_scale', [], Float32Array.of(0.04)), typedInit('y_zp', [], Uint8Array.of(100)),
      typedInit('bias', [5], Int32Array.from(integers(rng, 5, -2000, 2000))),
    ],
    nodes: [node('QLinearConv', ['x', 'x_scale', 'x_zp', 'w', 'w_scale', 'w_zp', 'y_scale', 'y_zp', 'bias'], ['y'], [attr.ints('pads', [1, 1, 1, 1]), attr.ints('strides', [2, 2])], 'qconv')],
  });
  return { name: 'QLinearConv', bytes, feeds: { x: { dims: [1, 3, 7, 7], type: DataType.UINT8, data: integers(rng, 147, 0, 255) } } };
}

/** QLinearMatMul with uint8 activations and int8 per-column weights. */
export function qlinearMatMulModel(seed = 7): TestModel {
  const rng = new Rng(seed);
  const bytes = graphModel({
    opset: 13,
    inputs: [{ name: 'a', dims: [3, 16], type: DataType.UINT8 }],
    outputs: [{ name: 'y', type: DataType.UINT8 }],
    initializers: [
      floatInit('a_scale', [], Float32Array.of(0.03)), typedInit('a_zp', [], Uint8Array.of(128)),
      typedInit('b', [16, 6], Int8Array.from(integers(rng, 96, -127, 127))),
      floatInit('b_scale', [6], Float32Array.of(0.01, 0.02, 0.015, 0.012, 0.018, 0.011)), typedInit('b_zp', [6], new Int8Array(6)),
      floatInit('y_scale', [], Float32Array.of(0.5)), typedInit('y_zp', [], Uint8Array.of(128)),
    ],
    nodes: [node('QLinearMatMul', ['a', 'a_scale', 'a_zp', 'b', 'b_scale', 'b_zp', 'y_scale', 'y_zp'], ['y'], [], 'qmatmul')],
  });
  return { name: 'QLinearMatMul', bytes, feeds: { a: { dims: [3, 16], type: DataType.UINT8, data: integers(rng, 48, 0, 255) } } };
}

/** Re-encodes a model with one more node type the importer does not know (for error tests). */
export function withNodes(bytes: Uint8Array, extra: readonly INodeProto[]): Uint8Array {
  const m = onnx.ModelProto.decode(bytes);
  (m.graph!.node as unknown as object[]).push(...extra.map((n) => onnx.NodeProto.fromObject(n as Record<string, unknown>)));
  return new Uint8Array(encodeModel(m));
}
