/**
 * QuantizedModel → ONNX in the QDQ format (onnxruntime docs, "Quantize ONNX
 * Models": the tensor-oriented representation, DequantizeLinear(
 * QuantizeLinear(x)) around float operators, which onnxruntime's graph
 * optimizer fuses into integer kernels). The graph computes what the
 * integer path computes, up to requantization rounding: onnxruntime
 * rescales with a float multiplier where the integer path uses a Q31
 * fixed-point one, so an output may differ by one step (1 LSB).
 *
 * Shapes that the graph bakes in (explicit pads of 'same' convolutions) come
 * from one run of the model on zeros of the export's input shape; a nested
 * model is exported at its active bit width.
 */
import { formatShape, noGrad, tidy, zeros, type Shape } from '../../../engine/index.js';
import type { Module } from '../../../nn/index.js';
import { DataType, encodeModel, IR_VERSION, OPSET, valueInfo, type IModelProto } from '../../../interop/onnx/proto.js';
import { QuantizedModel } from '../quantized-model.js';
import { emitModule, type EmitContext } from './qdq-emitters.js';
import { QdqGraph } from './qdq-graph.js';

export interface ExportQdqOptions {
  /** One sample's shape without the batch axis; default the shape the model was calibrated for. */
  inputShape?: readonly number[];
  /** A fixed batch size, or 'dynamic' (default): a symbolic batch axis "N". */
  batch?: number | 'dynamic';
  /** Default 'input'. */
  inputName?: string;
  /** Default 'output'. */
  outputName?: string;
  /** Default 17 (DequantizeLinear with per-axis scales needs 13). */
  opset?: number;
}

const WHO = 'exportQdqOnnx';
/** Per-axis QuantizeLinear/DequantizeLinear arrived in opset 13 (onnx/docs/Changelog.md, DequantizeLinear-13). */
const MIN_OPSET = 13;
/** IR version 8 ships with opsets up to 18 (onnx/docs/Versioning.md); the default opset is 17. */
const MAX_OPSET_FOR_IR8 = 18;

interface Resolved {
  inputShape: number[];
  batch: number | 'dynamic';
  inputName: string;
  outputName: string;
  opset: number;
}

function resolve(model: QuantizedModel, o: ExportQdqOptions): Resolved {
  const inputShape = [...(o.inputShape ?? model.info.inputShape)];
  if (inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new RangeError(`${WHO}: options.inputShape must list positive integers without the batch axis, got ${JSON.stringify(o.inputShape)}`);
  }
  const batch = o.batch ?? 'dynamic';
  if (batch !== 'dynamic' && !(Number.isInteger(batch) && batch >= 1)) throw new RangeError(`${WHO}: options.batch must be a positive integer or 'dynamic', got ${JSON.stringify(batch)}`);
  const opset = o.opset ?? OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET_FOR_IR8) throw new RangeError(`${WHO}: options.opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET_FOR_IR8}, got ${JSON.stringify(opset)}`);
  const inputName = o.inputName ?? 'input';
  const outputName = o.outputName ?? 'output';
  if (!inputName || !outputName || inputName === outputName) throw new RangeError(`${WHO}: options.inputName and options.outputName must be two different non-empty names`);
  return { inputShape, batch, inputName, outputName, opset };
}

/** Each module's input shape (batch 1) and the model's output shape, from one run on zeros. */
function recordShapes(model: QuantizedModel, inputShape: Shape): { inputs: Map<Module, Shape>; output: Shape } {
  const inputs = new Map<Module, Shape>();
  const removers = model.namedModules().map(([, m]) => m.addHooks({ pre: (mod, x) => inputs.set(mod, [...x.shape]) }));
  try {
    const output = tidy(() => noGrad(() => [...model.call(zeros([1, ...inputShape])).shape]));
    return { inputs, output };
  } catch (err) {
    throw new Error(`${WHO}: the model does not run on an input of shape ${formatShape([1, ...inputShape])}: ${(err as Error).message}`, { cause: err });
  } finally {
    for (const remove of removers) remove();
  }
}

export function exportQdqOnnxModel(model: QuantizedModel, options: ExportQdqOptions = {}): IModelProto {
  if (!(model instanceof QuantizedModel)) throw new TypeError(`${WHO}: model must be a QuantizedModel (from quantizeModel or buildNestedModel)`);
  const o = resolve(model, options);
  const shapes = recordShapes(model, o.inputShape);
  const graph = new QdqGraph(o.inputName, o.opset);
  const ctx: EmitContext = {
    graph,
    inputShapeOf: (m) => {
      const s = shapes.inputs.get(m);
      if (!s) throw new Error(`${WHO}: ${m.label} did not run in the shape-recording pass`);
      return s;
    },
  };
  let v = graph.quantize(o.inputName, model.quantizeInput.params.current, 'quantizeInput');
  for (const [name, child] of model.namedChildren()) {
    if (name !== 'quantizeInput' && name !== 'dequantizeOutput') v = emitModule(ctx, child, v);
  }
  const result = graph.dequantize(v, 'dequantizeOutput');
  const batchDim = o.batch === 'dynamic' ? 'N' : o.batch;
  return {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: o.opset }],
    producerName: 'edgewatt',
    graph: graph.build(model.info.source, valueInfo(o.inputName, [batchDim, ...o.inputShape], DataType.FLOAT), result, valueInfo(o.outputName, [batchDim, ...shapes.output.slice(1)], DataType.FLOAT)),
  };
}

/** The QDQ ONNX bytes of `model` (see the file comment). */
export function exportQdqOnnx(model: QuantizedModel, options: ExportQdqOptions = {}): Uint8Array {
  return encodeModel(exportQdqOnnxModel(model, options));
}
