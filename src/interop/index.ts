/**
 * edgewatt/interop: models in and out — ONNX import (an OnnxGraphModule on
 * the engine), ONNX export (any Module, traced), and inference sessions over
 * onnxruntime-node, Edgewatt's engine and onnxruntime-web. The session API is
 * also its own subpath (edgewatt/interop/session) for browser bundles.
 */
export * from './onnx/import/index.js';
export * from './onnx/export/index.js';
export * from './session/index.js';
export { decodeModel, encodeModel, decodeTensor, encodeTensor, IR_VERSION, OPSET, DataType } from './onnx/proto.js';
export { isOnnxExportable, type OnnxExportable } from './onnx/exportable.js';
