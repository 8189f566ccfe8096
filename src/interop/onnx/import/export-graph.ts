/**
 * The imported graph back as a ModelProto with the module's current values:
 * nodes, inputs, outputs, opsets and metadata exactly as read. An
 * initializer whose tensor still holds its original values is written as the
 * original TensorProto (bit-identical, whatever encoding the file used);
 * a changed one is re-encoded as raw_data in its original element type.
 */
import { DataType, onnx, encodeTensor, type DecodedTensor, type IModelProto, type ITensorProto, type TensorData } from '../proto.js';
import type { ImportedGraph } from './graph.js';
import { asFloat32, type InitializerTensors } from './initializers.js';

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length), ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

/** Converts float32 values back into the initializer's original element type. */
function typedAs(d: DecodedTensor, v: Float32Array): TensorData {
  switch (d.dataType) {
    case DataType.FLOAT: return v;
    case DataType.DOUBLE: return Float64Array.from(v);
    case DataType.INT8: return Int8Array.from(v, Math.round);
    case DataType.UINT8:
    case DataType.BOOL: return Uint8Array.from(v, Math.round);
    case DataType.INT32: return Int32Array.from(v, Math.round);
    case DataType.INT64: return BigInt64Array.from(v, (x) => BigInt(Math.round(x)));
    default: return d.dataType satisfies never;
  }
}

export function exportGraph(graph: ImportedGraph, inits: InitializerTensors): IModelProto {
  // A plain deep copy (bytes fields share the decoded buffers), so callers may edit it freely.
  const model = onnx.ModelProto.toObject(graph.model) as IModelProto;
  const g = model.graph!;
  g.initializer = (g.initializer ?? []).map((proto): ITensorProto => {
    const name = proto.name ?? '';
    const t = inits.byOnnxName.get(name);
    const original = graph.initializers.get(name)!;
    if (!t) return proto;
    const now = t.toArray() as Float32Array;
    if (sameBits(now, asFloat32(original))) return proto;
    return { ...encodeTensor(name, original.dims, typedAs(original, now), original.dataType), ...(proto.docString ? { docString: proto.docString } : {}) };
  });
  return model;
}
