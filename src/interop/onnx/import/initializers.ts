/**
 * Initializers as module tensors. Each runtime initializer becomes a float32
 * engine tensor under a sanitized, unique Module name ('.' and other
 * characters outside [A-Za-z0-9_] become '_'; a clash gets a numeric
 * suffix); the original ONNX name is kept for export.
 */
import { tensor, type Tensor } from '../../../engine/index.js';
import { DataType, type DecodedTensor } from '../proto.js';
import type { ImportedGraph } from './graph.js';

export interface InitializerTensors {
  /** ONNX name -> the live tensor. */
  readonly byOnnxName: ReadonlyMap<string, Tensor>;
  /** ONNX name -> Module name. */
  readonly moduleNames: ReadonlyMap<string, string>;
}

export function sanitizeName(onnxName: string, taken: ReadonlySet<string>): string {
  const base = onnxName.replace(/[^A-Za-z0-9_]/g, '_') || 'initializer';
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
  return name;
}

/** The values as float32 (integers up to 2^24 exactly; see toOnnxModel for how export stays lossless). */
export function asFloat32(d: DecodedTensor): Float32Array {
  if (d.data instanceof Float32Array) return d.data.slice();
  return Float32Array.from(d.data as ArrayLike<number | bigint>, (v) => Number(v));
}

export function createInitializerTensors(
  graph: ImportedGraph,
  register: (name: string, t: Tensor, trainable: boolean) => Tensor,
): InitializerTensors {
  const byOnnxName = new Map<string, Tensor>();
  const moduleNames = new Map<string, string>();
  const taken = new Set<string>();
  for (const [onnxName, d] of graph.initializers) {
    if (!graph.runtimeInitializers.has(onnxName)) continue;
    const name = sanitizeName(onnxName, taken);
    taken.add(name);
    moduleNames.set(onnxName, name);
    byOnnxName.set(onnxName, register(name, tensor(asFloat32(d), d.dims), d.dataType === DataType.FLOAT));
  }
  return { byOnnxName, moduleNames };
}
