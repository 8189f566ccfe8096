/**
 * The ONNX wire format, through a maintained protobuf library: `onnx-proto` is
 * the ONNX schema (onnx/onnx.proto, IR version 8) compiled by protobufjs. This
 * file adds only what the schema cannot say: typed errors with the file and
 * byte offset, int64 handling, and tensors <-> typed arrays.
 *
 * Spec references: onnx/docs/IR.md (model, graph, tensor semantics) and
 * onnx/onnx.proto (field meanings; raw_data is little-endian).
 */
import onnxProto from 'onnx-proto';
import { FileFormatError } from '../../io/file-format-error.js';

export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.ModelProto;
export type IModelProto = onnxProto.onnx.IModelProto;
export type IGraphProto = onnxProto.onnx.IGraphProto;
export type INodeProto = onnxProto.onnx.INodeProto;
export type ITensorProto = onnxProto.onnx.ITensorProto;
export type IAttributeProto = onnxProto.onnx.IAttributeProto;
export type IValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** TensorProto.DataType values we read and write (onnx.proto, `enum DataType`). */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  DOUBLE: 11,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** The typed array that holds each supported element type. */
export type TensorData = Float32Array | Float64Array | Uint8Array | Int8Array | Int32Array | BigInt64Array;

/** A decoded initializer/constant: shape, ONNX element type and values. */
export interface DecodedTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: DataTypeCode;
  readonly data: TensorData;
}

/** AttributeProto.AttributeType values (onnx.proto). */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** IR version written by export: 8 is what opset 17 ships with (onnx/docs/Versioning.md). */
export const IR_VERSION = 8;
/** Default opset written by export; the issue asks for >= 17. */
export const OPSET = 17;

/**
 * Decodes ONNX bytes. A truncated or corrupt buffer becomes a FileFormatError
 * naming `file` and, where protobufjs reports it, the byte offset.
 */
export function decodeModel(bytes: Uint8Array, file: string): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw protobufError(err, file, 'ModelProto');
  }
  if (!model.graph) throw new FileFormatError(file, 'ModelProto.graph', 'missing: this is not an ONNX model (no graph)');
  return model;
}

/** Encodes a model to bytes (protobuf binary, what onnxruntime loads). */
export function encodeModel(model: IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model as Record<string, unknown>)).finish();
}

function protobufError(err: unknown, file: string, field: string): FileFormatError {
  const message = err instanceof Error ? err.message : String(err);
  // protobufjs: "index out of range: 123 + 10 > 130" / "invalid wire type 7 at offset 42".
  const range = /index out of range: (\d+)/.exec(message);
  const at = /at offset (\d+)/.exec(message);
  const offset = range ? Number(range[1]) : at ? Number(at[1]) : undefined;
  const problem = range ? `truncated or corrupt protobuf (${message}); the file is incomplete or not ONNX` : `corrupt protobuf: ${message}`;
  return new FileFormatError(file, field, problem, offset);
}

/** An int64 field as a JS number; protobufjs gives a Long for values beyond 2^53 or when `long` is installed. */
export function int64(v: number | { toNumber(): number; high: number; low: number } | null | undefined, file: string, field: string): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  const n = v.toNumber();
  if (!Number.isSafeInteger(n)) throw new FileFormatError(file, field, `int64 value ${n} is beyond 2^53 and cannot be represented`);
  return n;
}

const ELEMENT_BYTES: { readonly [K in DataTypeCode]: number } = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 9: 1, 11: 8 };

function isDataType(code: number): code is DataTypeCode {
  return Object.prototype.hasOwnProperty.call(ELEMENT_BYTES, code);
}

/**
 * Reads a TensorProto's values into a typed array. Supports raw_data
 * (little-endian, as onnx.proto specifies) and the typed repeated fields.
 * Anything inconsistent (length vs dims, an unsupported type, external data)
 * is a FileFormatError naming the tensor.
 */
export function decodeTensor(t: ITensorProto, file: string, where = 'initializer'): DecodedTensor {
  const name = t.name ?? '';
  const field = `${where} "${name}"`;
  const dims = (t.dims ?? []).map((d, i) => {
    const n = int64(d, file, `${field}.dims[${i}]`);
    if (!Number.isInteger(n) || n < 0) throw new FileFormatError(file, `${field}.dims[${i}]`, `expected a non-negative integer, got ${n}`);
    return n;
  });
  const code = t.dataType ?? 0;
  if (!isDataType(code)) throw new FileFormatError(file, `${field}.data_type`, `element type ${code} is not supported (float, double, int8, uint8, int32, int64, bool)`);
  if (t.dataLocation === 1) throw new FileFormatError(file, field, 'external data is not supported; re-save the model with all tensors inside the file');
  const count = dims.reduce((a, b) => a * b, 1);
  if (count > 2 ** 31) throw new FileFormatError(file, `${field}.dims`, `${count} elements is more than a tensor can hold`);
  const raw = t.rawData;
  let data: TensorData;
  if (raw && raw.byteLength > 0) {
    const expected = count * ELEMENT_BYTES[code];
    if (raw.byteLength !== expected) {
      throw new FileFormatError(file, `${field}.raw_data`, `has ${raw.byteLength} bytes, dims ${JSON.stringify(dims)} need ${expected}`);
    }
    data = fromLittleEndian(code, raw, count);
  } else {
    data = fromTypedFields(t, code, count, file, field);
  }
  return { name, dims, dataType: code, data };
}

function fromLittleEndian(code: DataTypeCode, raw: Uint8Array, count: number): TensorData {
  // Copy first: the decoded buffer may be unaligned and shared with the whole file.
  // new Uint8Array(raw) always copies; raw.slice() does not when raw is a Node Buffer
  // (Buffer#slice is a view), which protobufjs returns when decoding a Buffer.
  const bytes = new Uint8Array(raw);
  const view = new DataView(bytes.buffer);
  switch (code) {
    case DataType.FLOAT: { const a = new Float32Array(count); for (let i = 0; i < count; i++) a[i] = view.getFloat32(4 * i, true); return a; }
    case DataType.DOUBLE: { const a = new Float64Array(count); for (let i = 0; i < count; i++) a[i] = view.getFloat64(8 * i, true); return a; }
    case DataType.INT32: { const a = new Int32Array(count); for (let i = 0; i < count; i++) a[i] = view.getInt32(4 * i, true); return a; }
    case DataType.INT64: { const a = new BigInt64Array(count); for (let i = 0; i < count; i++) a[i] = view.getBigInt64(8 * i, true); return a; }
    case DataType.INT8: return new Int8Array(bytes.buffer, 0, count);
    case DataType.UINT8:
    case DataType.BOOL: return new Uint8Array(bytes.buffer, 0, count);
    default: return code satisfies never;
  }
}

function fromTypedFields(t: ITensorProto, code: DataTypeCode, count: number, file: string, field: string): TensorData {
  const check = (n: number, source: string) => {
    if (n !== count) throw new FileFormatError(file, `${field}.${source}`, `has ${n} values, dims need ${count}`);
  };
  switch (code) {
    case DataType.FLOAT: { const v = t.floatData ?? []; check(v.length, 'float_data'); return Float32Array.from(v); }
    case DataType.DOUBLE: { const v = t.doubleData ?? []; check(v.length, 'double_data'); return Float64Array.from(v); }
    case DataType.INT64: {
      const v = t.int64Data ?? []; check(v.length, 'int64_data');
      return BigInt64Array.from(v, (x) => (typeof x === 'number' ? BigInt(x) : BigInt(x.toString())));
    }
    // onnx.proto: int32_data also carries int8, uint8 and bool values.
    case DataType.INT32: { const v = t.int32Data ?? []; check(v.length, 'int32_data'); return Int32Array.from(v); }
    case DataType.INT8: { const v = t.int32Data ?? []; check(v.length, 'int32_data'); return Int8Array.from(v); }
    case DataType.UINT8:
    case DataType.BOOL: { const v = t.int32Data ?? []; check(v.length, 'int32_data'); return Uint8Array.from(v); }
    default: return code satisfies never;
  }
}

/** The ONNX element type of a typed array. */
export function dataTypeOf(data: TensorData): DataTypeCode {
  if (data instanceof Float32Array) return DataType.FLOAT;
  if (data instanceof Float64Array) return DataType.DOUBLE;
  if (data instanceof Int8Array) return DataType.INT8;
  if (data instanceof Uint8Array) return DataType.UINT8;
  if (data instanceof Int32Array) return DataType.INT32;
  return DataType.INT64;
}

/**
 * Builds a TensorProto holding `data` as little-endian raw_data — the form
 * onnxruntime reads fastest and the one that round-trips bits exactly.
 */
export function encodeTensor(name: string, dims: readonly number[], data: TensorData, dataType: DataTypeCode = dataTypeOf(data)): ITensorProto {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`encodeTensor(${name}): dims ${JSON.stringify(dims)} need ${count} values, got ${data.length}`);
  const bytes = new Uint8Array(count * ELEMENT_BYTES[dataType]);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) {
    switch (dataType) {
      case DataType.FLOAT: view.setFloat32(4 * i, Number(data[i]), true); break;
      case DataType.DOUBLE: view.setFloat64(8 * i, Number(data[i]), true); break;
      case DataType.INT32: view.setInt32(4 * i, Number(data[i]), true); break;
      case DataType.INT64: view.setBigInt64(8 * i, BigInt(data[i]!), true); break;
      case DataType.INT8: view.setInt8(i, Number(data[i])); break;
      case DataType.UINT8:
      case DataType.BOOL: view.setUint8(i, Number(data[i])); break;
      default: dataType satisfies never;
    }
  }
  return { name, dims: [...dims], dataType, rawData: bytes };
}

/** A node attribute's value, decoded. */
export type AttributeValue = number | string | readonly number[] | readonly string[] | DecodedTensor;

/** A node's attributes by name, decoded; unknown attribute kinds (graphs) are a FileFormatError. */
export function decodeAttributes(node: INodeProto, file: string): Map<string, AttributeValue> {
  const out = new Map<string, AttributeValue>();
  const where = `node "${node.name ?? ''}" (${node.opType ?? '?'})`;
  for (const a of node.attribute ?? []) {
    const name = a.name ?? '';
    const field = `${where}.attribute "${name}"`;
    switch (a.type) {
      case AttributeType.FLOAT: out.set(name, a.f ?? 0); break;
      case AttributeType.INT: out.set(name, int64(a.i, file, field)); break;
      case AttributeType.STRING: out.set(name, new TextDecoder().decode(a.s ?? new Uint8Array())); break;
      case AttributeType.TENSOR:
        if (!a.t) throw new FileFormatError(file, field, 'TENSOR attribute without a tensor');
        out.set(name, decodeTensor(a.t, file, `${field}.t`));
        break;
      case AttributeType.FLOATS: out.set(name, [...(a.floats ?? [])]); break;
      case AttributeType.INTS: out.set(name, (a.ints ?? []).map((v, i) => int64(v, file, `${field}[${i}]`))); break;
      case AttributeType.STRINGS: out.set(name, (a.strings ?? []).map((s) => new TextDecoder().decode(s))); break;
      default: throw new FileFormatError(file, field, `attribute type ${a.type ?? 'unset'} is not supported (graph-valued attributes cannot be imported)`);
    }
  }
  return out;
}

/** Builders for AttributeProto, so exporters write `attr.ints('pads', [1, 1, 1, 1])`. */
export const attr = {
  int: (name: string, i: number): IAttributeProto => ({ name, type: AttributeType.INT, i }),
  float: (name: string, f: number): IAttributeProto => ({ name, type: AttributeType.FLOAT, f }),
  string: (name: string, s: string): IAttributeProto => ({ name, type: AttributeType.STRING, s: new TextEncoder().encode(s) }),
  ints: (name: string, ints: readonly number[]): IAttributeProto => ({ name, type: AttributeType.INTS, ints: [...ints] }),
  floats: (name: string, floats: readonly number[]): IAttributeProto => ({ name, type: AttributeType.FLOATS, floats: [...floats] }),
  tensor: (name: string, t: ITensorProto): IAttributeProto => ({ name, type: AttributeType.TENSOR, t }),
};

/** A graph input/output declaration: float32 unless told, `null` dims become symbolic `N`. */
export function valueInfo(name: string, dims: readonly (number | string | null)[], elemType: DataTypeCode = DataType.FLOAT): IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d ?? 'N' })) },
      },
    },
  };
}
