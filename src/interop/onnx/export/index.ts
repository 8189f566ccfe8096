/**
 * edgewatt ONNX export: any Module to an ONNX model (opset >= 17) that
 * onnxruntime runs with the same numbers, and a checkpoint to a .onnx file.
 */
export { exportOnnx, exportOnnxModel, type ExportOnnxOptions } from './export-model.js';
export { exportCheckpointToOnnx, defaultInputShape, writeOnnxFile, type OnnxFileReport } from './checkpoint.js';
export { OnnxExportError } from './errors.js';
export { PRIMITIVE_EMITTERS, type NotExportable, type PrimitiveEmitter } from './primitive-emitters.js';
