/**
 * What a module implements when it already is an ONNX graph (an imported
 * model): export asks it for its graph instead of tracing its forward pass,
 * so import -> export -> import keeps the original nodes and bit-identical
 * weights.
 */
import type { IModelProto } from './proto.js';

export interface OnnxExportable {
  /** The model as ONNX, with the module's current parameter values. */
  toOnnxModel(options?: { readonly opset?: number }): IModelProto;
}

export function isOnnxExportable(m: unknown): m is OnnxExportable {
  return typeof m === 'object' && m !== null && typeof (m as { toOnnxModel?: unknown }).toOnnxModel === 'function';
}
