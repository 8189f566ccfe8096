/**
 * Module -> ONNX ModelProto. The forward pass is traced (trace.ts):
 * layers with an ONNX operator of their own become that operator, everything
 * else is mapped primitive by primitive. For a dynamic batch the pass is
 * traced at two batch sizes, so sizes that follow the batch are written
 * symbolically rather than baked in (batch-dims.ts). A module that already is
 * an ONNX graph (OnnxExportable, e.g. an imported model) is asked for it.
 */
import { formatShape, noGrad, randu, Rng, tidy } from '../../../engine/index.js';
import type { Module } from '../../../nn/index.js';
import { isOnnxExportable } from '../exportable.js';
import { encodeModel, IR_VERSION, OPSET, type IModelProto } from '../proto.js';
import type { TraceBatches } from './batch-dims.js';
import { assertSameStructure, emitGraph } from './emit-graph.js';
import { moduleEmitterFor } from './module-emitters.js';
import { traceForward, type Trace } from './trace.js';

export interface ExportOnnxOptions {
  /** Shape of one sample, without the batch axis, e.g. [3, 32, 32]. */
  inputShape: readonly number[];
  /** A fixed batch size, or 'dynamic' (default): a symbolic batch axis named "N". */
  batch?: number | 'dynamic';
  /** Default 'input'. */
  inputName?: string;
  /** Default 'output'. */
  outputName?: string;
  /** Default 17; at least 17. */
  opset?: number;
  /** Default 'edgewatt'. */
  producerName?: string;
  /** The graph's name; default the model's type name (its zoo name for zoo models). */
  modelName?: string;
}

/** Symbolic name of a dynamic batch axis in value_info. */
const BATCH_NAME = 'N';
/** Batch sizes of the two traces of a dynamic-batch export (any two distinct sizes would do). */
const DYNAMIC_TRACE_BATCHES = { main: 1, alt: 2 } as const;
/** Fixed seed of the dummy input: a data-independent forward gives the same graph for any values. */
const DUMMY_INPUT_SEED = 0x0de1;

/**
 * IR version that ships with an opset (onnx/docs/Versioning.md, "Released
 * Versions"): ONNX 1.12-1.13 (opset 17-18) IR 8, 1.14-1.15 (19-20) IR 9, 1.16+ (21+) IR 10.
 */
function irVersionFor(opset: number): number {
  return opset <= 18 ? IR_VERSION : opset <= 20 ? 9 : 10;
}

interface ResolvedOptions {
  inputShape: number[];
  batch: number | 'dynamic';
  inputName: string;
  outputName: string;
  opset: number;
  producerName: string;
  modelName: string;
}

function resolveOptions(model: Module, options: ExportOnnxOptions): ResolvedOptions {
  const who = `exportOnnx(${model.typeName})`;
  const shape = options?.inputShape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new RangeError(`${who}: options.inputShape must list positive integers without the batch axis (e.g. [3, 32, 32]), got ${JSON.stringify(shape)}`);
  }
  const batch = options.batch ?? 'dynamic';
  if (batch !== 'dynamic' && !(Number.isInteger(batch) && batch >= 1)) {
    throw new RangeError(`${who}: options.batch must be a positive integer or 'dynamic', got ${JSON.stringify(batch)}`);
  }
  const opset = options.opset ?? OPSET;
  if (!Number.isInteger(opset) || opset < OPSET) throw new RangeError(`${who}: options.opset must be an integer >= ${OPSET}, got ${JSON.stringify(opset)}`);
  const inputName = options.inputName ?? 'input';
  const outputName = options.outputName ?? 'output';
  for (const [field, v] of [['inputName', inputName], ['outputName', outputName]] as const) {
    if (typeof v !== 'string' || v === '') throw new TypeError(`${who}: options.${field} must be a non-empty string, got ${JSON.stringify(v)}`);
  }
  if (inputName === outputName) throw new RangeError(`${who}: options.inputName and options.outputName must differ, both are "${inputName}"`);
  return {
    inputShape: [...shape],
    batch,
    inputName,
    outputName,
    opset,
    producerName: options.producerName ?? 'edgewatt',
    modelName: options.modelName ?? model.typeName,
  };
}

function traceAt(model: Module, batch: number, inputShape: readonly number[]): Trace {
  const x = randu([batch, ...inputShape], new Rng(DUMMY_INPUT_SEED), -1, 1);
  try {
    return traceForward(model, x, (m) => moduleEmitterFor(m) !== undefined);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`exportOnnx(${model.typeName}): the forward pass on an input of shape ${formatShape(x.shape)} failed: ${message}`, { cause: err });
  }
}

/**
 * The model as an ONNX ModelProto (opset >= 17), traced in eval mode without
 * autograd; the model's training flags are restored afterwards.
 */
export function exportOnnxModel(model: Module, options: ExportOnnxOptions): IModelProto {
  const o = resolveOptions(model, options);
  // An imported graph keeps its own opset unless one is asked for: re-targeting
  // would change node semantics, which the graph module refuses to do silently.
  if (isOnnxExportable(model)) return model.toOnnxModel(options.opset === undefined ? {} : { opset: o.opset });
  const modules = model.namedModules().map(([, m]) => m);
  const wasTraining = modules.map((m) => m.training);
  model.eval();
  try {
    return tidy(() =>
      noGrad(() => {
        const batches: TraceBatches = o.batch === 'dynamic' ? DYNAMIC_TRACE_BATCHES : { main: o.batch };
        const main = traceAt(model, batches.main, o.inputShape);
        const alt = batches.alt === undefined ? undefined : traceAt(model, batches.alt, o.inputShape);
        if (alt) assertSameStructure(main, alt, batches, model.typeName);
        const graph = emitGraph(model, main, alt, batches, {
          opset: o.opset,
          inputName: o.inputName,
          outputName: o.outputName,
          graphName: o.modelName,
          batchName: BATCH_NAME,
        });
        return {
          irVersion: irVersionFor(o.opset),
          opsetImport: [{ domain: '', version: o.opset }],
          producerName: o.producerName,
          graph,
        } satisfies IModelProto;
      }),
    );
  } finally {
    modules.forEach((m, i) => (m.training = wasTraining[i]!));
  }
}

/** The model as ONNX bytes (protobuf), ready for onnxruntime or a file. */
export function exportOnnx(model: Module, options: ExportOnnxOptions): Uint8Array {
  return encodeModel(exportOnnxModel(model, options));
}
