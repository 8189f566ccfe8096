/**
 * The inference backend contract (after onnxruntime-js `js/common/lib/backend.ts`):
 * a backend initialises once and creates session handlers; a handler runs
 * feeds and is disposed. Everything else — argument checking, fallback,
 * logging — lives in the session layer above it (session.ts), so a backend
 * trusts its inputs and a new one is two small functions.
 */
import type { Module } from '../../nn/module.js';

/** A float32 tensor as plain data, the currency between the session API and every backend. */
export interface SessionTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export type Feeds = Readonly<Record<string, SessionTensor>>;
export type Fetches = Record<string, SessionTensor>;

/**
 * One declared input: its name and dims, `null` where the model leaves a
 * dimension free (the batch). `dims` is null when the model does not declare
 * the shape at all; then only the element count is checked.
 */
export interface InputInfo {
  readonly name: string;
  readonly dims: readonly (number | null)[] | null;
}

/**
 * What a backend is handed: the model already normalised by the session
 * layer. `bytes` is ONNX (read from a path or exported from the module);
 * `module` is set when the user passed an Edgewatt model, so the Edgewatt
 * backend runs it as it is instead of round-tripping through ONNX.
 */
export interface ModelSource {
  /** How messages name the model: the file path, `<bytes>`, or the module's type name. */
  readonly label: string;
  /** ONNX bytes; produced lazily for a module (only backends that need ONNX pay for the export). */
  onnxBytes(): Promise<Uint8Array>;
  readonly module?: Module;
  /** Per-sample input shape of a module (no batch axis), as given in the options. */
  readonly inputShape?: readonly number[];
}

export interface HandlerOptions {
  /**
   * onnxruntime-node `SessionOptions.intraOpNumThreads` (onnxruntime-common
   * inference-session.ts: "available only in ONNXRuntime (Node.js binding)").
   * Unset: onnxruntime's own default (one thread per physical core).
   */
  readonly intraOpNumThreads?: number;
  /** Input and output names for a module run directly (default 'input' / 'output', as exportOnnx writes). */
  readonly inputName: string;
  readonly outputName: string;
}

export interface SessionHandler {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Declared inputs, in `inputNames` order, for argument checks at the entry point. */
  readonly inputs: readonly InputInfo[];
  /** Runs the model; `feeds` has been checked against `inputs`. Returned arrays belong to the caller. */
  run(feeds: Feeds): Promise<Fetches>;
  /**
   * Optional: a run entry for one input fed arrays of one shape, which
   * `EdgewattSession.runner` has checked against `inputs` once; each call is
   * handed a Float32Array of that shape's size. A backend offers it when it
   * can do per call less than `run` does (build no feeds map, look up no
   * name); without it the session calls `run`.
   */
  prepare?(inputName: string, dims: readonly number[]): (data: Float32Array) => Promise<Fetches>;
  dispose(): Promise<void>;
}

export interface InferenceBackend {
  readonly name: string;
  /** Loads the runtime (a dynamic import, a WebAssembly instance). Called once; a rejection marks the backend unavailable. */
  init(): Promise<void>;
  createHandler(model: ModelSource, options: HandlerOptions): Promise<SessionHandler>;
}
