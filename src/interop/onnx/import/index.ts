/**
 * ONNX import: bytes or a file -> an OnnxGraphModule that runs on the
 * Edgewatt engine, exports back to ONNX losslessly, and summarizes itself for
 * the energy model. Corrupt or truncated input only ever raises
 * FileFormatError; valid models using ops or attributes this importer does
 * not implement raise one UnsupportedOnnxError listing all of them.
 */
import { readFile } from 'node:fs/promises';
import { decodeModel } from '../proto.js';
import { FileFormatError } from '../../../io/file-format-error.js';
import { UnsupportedOnnxError } from './errors.js';
import { compileGraph } from './graph.js';
import { OnnxGraphModule } from './graph-module.js';

export { OnnxGraphModule, type NodeObserver } from './graph-module.js';
export { UnsupportedOnnxError, type UnsupportedOp } from './errors.js';
export { SUPPORTED_ONNX_OPS, type SupportedOp } from './op-table.js';
export { summarizeOnnx, type OnnxSummary, type OnnxNodeSummary } from './summary.js';
export { MAX_ELEMENTS } from './op-definition.js';

export function importOnnx(bytes: Uint8Array, file = '<bytes>'): OnnxGraphModule {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`importOnnx: expected the model as a Uint8Array, got ${typeof bytes}`);
  const model = decodeModel(bytes, file);
  try {
    return new OnnxGraphModule(compileGraph(model, file));
  } catch (err) {
    if (err instanceof FileFormatError || err instanceof UnsupportedOnnxError) throw err;
    // Anything else escaping here is a decoded field of an unexpected form (protobufjs accepts what the wire allows).
    throw new FileFormatError(file, 'ModelProto.graph', `malformed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function readOnnxFile(path: string): Promise<OnnxGraphModule> {
  return importOnnx(new Uint8Array(await readFile(path)), path);
}
