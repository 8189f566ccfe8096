/**
 * onnxruntime-node's native session, entered synchronously: the model is
 * loaded into one session of the package's native binding and the
 * session API's onnxruntime handler (ort-handler.ts) calls its `run` at the
 * call, returning the result as a settled promise.
 *
 * What it leans on: the package's internal module `dist/binding.js`
 * (onnxruntime-node 1.30.0 has no exports map, so it can be required), which
 * exports `binding` (the addon: `InferenceSession` with `loadModel`, `run`,
 * `dispose` and the `inputMetadata` / `outputMetadata` getters) and
 * `initOrt` (creates onnxruntime's environment once and hands the addon
 * onnxruntime-common's `Tensor`, which it builds its outputs with). None of
 * that is public API, so `nativeBindingOf` checks every member before the
 * entry is taken, and the backend falls back to the public session when one
 * is missing (backends/onnxruntime-node.ts).
 *
 * Why it is safe: onnxruntime-node's own session handler
 * (dist/backend.js `OnnxruntimeSessionHandler`) does the same — `initOrt()`,
 * `new binding.InferenceSession()`, `loadModel(buffer, byteOffset,
 * byteLength, options)`, and per call the same synchronous native `run` on
 * the main thread. The only difference is when that call runs: backend.js
 * defers it to a `setImmediate` callback, an event-loop turn after the
 * call, without moving it off the main thread; here it runs at the call.
 * The outputs are the same objects (onnxruntime-common `Tensor`s the addon
 * makes afresh per call), and a native error still rejects the promise.
 * `initOrt` must run first: a `loadModel` before it crashed the process
 * (segmentation fault, onnxruntime-node 1.30.0, Node 20).
 */
import type { OrtSessionLike, OrtTensorLike, OrtValueMetadata } from './ort-handler.js';

/** One input or output as the addon describes it: `type` is an ONNX element type number; a symbolic dim is -1 with its name in `symbolicDimensions`. */
interface OrtRawValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type: number;
  readonly shape: readonly number[];
  readonly symbolicDimensions: readonly string[];
}

/** The addon's session, the members used here. */
interface OrtNativeSession {
  loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: object): void;
  run(feeds: Record<string, OrtTensorLike>, fetches: Record<string, null>, options: object): Record<string, OrtTensorLike>;
  dispose(): void;
  readonly inputMetadata: readonly OrtRawValueMetadata[];
  readonly outputMetadata: readonly OrtRawValueMetadata[];
}

/** onnxruntime-node `dist/binding.js`, the members used here. */
export interface OrtNativeBinding {
  readonly binding: { readonly InferenceSession: new () => OrtNativeSession };
  readonly initOrt: () => void;
}

/** The module when it has every member this entry uses, else why not (a sentence naming the missing member). */
export function nativeBindingOf(mod: unknown): OrtNativeBinding | string {
  const where = 'onnxruntime-node/dist/binding.js';
  if (typeof mod !== 'object' || mod === null) return `${where} exports no object`;
  const { binding, initOrt } = mod as { binding?: unknown; initOrt?: unknown };
  if (typeof initOrt !== 'function') return `${where} has no initOrt function`;
  if (typeof binding !== 'object' || binding === null) return `${where} has no binding object`;
  const Session = (binding as { InferenceSession?: unknown }).InferenceSession;
  if (typeof Session !== 'function') return `${where}: binding.InferenceSession is not a class`;
  const proto: unknown = Session.prototype;
  if (typeof proto !== 'object' || proto === null) return `${where}: binding.InferenceSession has no prototype`;
  for (const method of ['loadModel', 'run', 'dispose'] as const) {
    if (typeof (proto as Record<string, unknown>)[method] !== 'function') return `${where}: binding.InferenceSession has no ${method} method`;
  }
  // Getters on the addon's prototype: tested with `in`, since reading one off the prototype itself throws.
  for (const getter of ['inputMetadata', 'outputMetadata'] as const) {
    if (!(getter in proto)) return `${where}: binding.InferenceSession has no ${getter}`;
  }
  return mod as OrtNativeBinding;
}

/**
 * ONNX TensorProto.DataType numbers (onnx/onnx.proto) to onnxruntime-common
 * type names: the table onnxruntime-node's backend.js converts the addon's
 * metadata with, so the names match what the public session reports.
 */
const elementTypes: Readonly<Record<number, string>> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  21: 'uint4',
  22: 'int4',
};

/** The addon's metadata as onnxruntime-common `ValueMetadata`, converted as backend.js does (a symbolic dim becomes its name). */
function valueMetadata(raw: OrtRawValueMetadata, role: 'input' | 'output', label: string): OrtValueMetadata {
  if (!raw.isTensor) return { name: raw.name, isTensor: false };
  const type = elementTypes[raw.type];
  if (type === undefined) throw new TypeError(`onnxruntime-node: ${label}: ${role} "${raw.name}" has element type ${raw.type}, which onnxruntime-node does not support`);
  const shape = raw.shape.map((d, i) => {
    if (d === -1) return raw.symbolicDimensions[i] ?? '';
    if (Number.isInteger(d) && d >= 0) return d;
    throw new RangeError(`onnxruntime-node: ${label}: ${role} "${raw.name}" has dimension ${d} at index ${i}; expected a size >= 0 or -1 (symbolic)`);
  });
  return { name: raw.name, isTensor: true, type, shape };
}

/** An onnxruntime session over one native session, with its synchronous entry (`runSync`). */
export interface OrtNativeSessionLike extends OrtSessionLike {
  runSync(feeds: Record<string, OrtTensorLike>, fetches: Record<string, null>, options: object): Record<string, OrtTensorLike>;
}

/**
 * Loads `bytes` into one native session with `options` (onnxruntime-common
 * `SessionOptions`, as `InferenceSession.create` hands them to the backend:
 * the same object, executionProviders filtered to the available ones).
 * `label` names the model in errors.
 */
export function openNativeSession(native: OrtNativeBinding, bytes: Uint8Array, options: object, label: string): OrtNativeSessionLike {
  native.initOrt();
  const session = new native.binding.InferenceSession();
  session.loadModel(bytes.buffer, bytes.byteOffset, bytes.byteLength, options);
  let inputMetadata: OrtValueMetadata[];
  let outputMetadata: OrtValueMetadata[];
  try {
    inputMetadata = session.inputMetadata.map((m) => valueMetadata(m, 'input', label));
    outputMetadata = session.outputMetadata.map((m) => valueMetadata(m, 'output', label));
  } catch (e) {
    session.dispose();
    throw e;
  }
  const outputNames = outputMetadata.map((m) => m.name);
  const runSync = (feeds: Record<string, OrtTensorLike>, fetches: Record<string, null>, runOptions: object) => session.run(feeds, fetches, runOptions);
  return {
    inputNames: inputMetadata.map((m) => m.name),
    outputNames,
    inputMetadata,
    outputMetadata,
    runSync,
    // The public run's contract (every output, a promise that a native error rejects), for callers that use it.
    run(feeds) {
      try {
        return Promise.resolve(runSync(feeds, Object.fromEntries(outputNames.map((n) => [n, null])), {}));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    // As backend.js's dispose: synchronous in the addon, a promise to the caller; a second dispose rejects ("Session already disposed").
    release: async () => session.dispose(),
  };
}
