/**
 * `createSession`: the public entry point. It checks its arguments, then
 * tries backends in order — the user's list, else every registered backend
 * by priority — and the first one that initialises and accepts the model
 * runs it. A backend that fails is skipped with a logged reason (the pattern
 * of onnxruntime-js `resolveBackendAndExecutionProviders`), and
 * `session.backend` says which one runs.
 */
import type { Module } from '../../nn/module.js';
import { checkFeed, checkFeeds, describeValue } from './check-feeds.js';
import { isModuleLike, modelSource } from './model-source.js';
import { defaultBackendOrder, initializedBackend, isRegistered, reasonOf, registeredInferenceBackends } from './registry.js';
import type { Feeds, Fetches, HandlerOptions, InputInfo, SessionHandler } from './types.js';

export interface SessionOptions {
  /** Backends to try, in order of preference. Default: every registered backend, highest priority first. */
  readonly backends?: readonly string[];
  /** One sample's input shape, no batch axis (e.g. [3, 32, 32]); needed for a Module unless it carries one (zoo models do). */
  readonly inputShape?: readonly number[];
  /** Batch size written into the exported ONNX for a Module; default 'dynamic' (any batch). */
  readonly batch?: number | 'dynamic';
  /** Input / output names for a Module (default 'input' / 'output', as exportOnnx writes). */
  readonly inputName?: string;
  readonly outputName?: string;
  /** onnxruntime-node intra-op threads; default: onnxruntime's (one per physical core). The benchmarks pass 1. */
  readonly intraOpNumThreads?: number;
  /** Where fallback reasons go. Default: a process warning in Node.js, console.warn elsewhere. */
  readonly logger?: (message: string) => void;
}

function defaultLogger(message: string): void {
  if (typeof globalThis.process?.emitWarning === 'function') process.emitWarning(message, 'EdgewattSessionWarning');
  else console.warn(message);
}

export class EdgewattSession {
  private disposed = false;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Declared inputs: `dims` has null for a free dimension, or is null when the model does not say. */
  readonly inputs: readonly InputInfo[];

  constructor(
    /** The backend that runs this session. */
    readonly backend: string,
    private readonly handler: SessionHandler,
  ) {
    this.inputNames = handler.inputNames;
    this.outputNames = handler.outputNames;
    this.inputs = handler.inputs;
  }

  /**
   * Runs the model on named feeds; every output comes back as a float32
   * array the caller owns. Errors reject, as from an async function; it is
   * not one because an async function returning the handler's promise
   * resolves through two more microtasks and a promise per call (each
   * microtask step measured 0.13 µs next to a 12.8 µs cnn1d inference).
   */
  run(feeds: Feeds): Promise<Fetches> {
    try {
      if (this.disposed) throw new Error(`session.run: this ${this.backend} session was disposed`);
      checkFeeds(this.inputs, feeds);
      return this.handler.run(feeds);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * A run entry for a model of one input fed arrays of one shape (the
   * runtime's executors: one sample, the same dims every request). The name
   * and `dims` are checked here, once, as `run` checks them on every call;
   * each call then checks only that it is given a Float32Array of the
   * shape's size, and the backend's own entry (`SessionHandler.prepare`)
   * runs it when it has one. Through the runtime on onnxruntime-node
   * (whose prepared entry also keeps the input tensor while the same array
   * comes back) a cnn1d request took 0.3 µs less than through `run`
   * (interleaved in one process, paired medians of 1,500 rounds, two runs;
   * docs/BENCHMARKS.md, runtime overhead).
   */
  runner(inputName: string, dims: readonly number[]): (data: Float32Array) => Promise<Fetches> {
    if (this.disposed) throw new Error(`session.runner: this ${this.backend} session was disposed`);
    if (this.inputs.length !== 1) {
      throw new RangeError(`session.runner: the model has ${this.inputs.length} inputs (${this.inputNames.map((n) => `"${n}"`).join(', ')}); a runner feeds a one-input model, use session.run`);
    }
    const info = this.inputs[0]!;
    if (inputName !== info.name) throw new RangeError(`session.runner: unknown input "${String(inputName)}"; the model's input is "${info.name}"`);
    if (!Array.isArray(dims)) throw new TypeError(`session.runner: dims must be an array of non-negative integers, got ${typeof dims}`);
    const shape = Object.freeze([...dims]);
    const size = shape.reduce((a, d) => a * d, 1);
    // The checks run() makes, on a stand-in of the right size (bad dims fail before its length is looked at).
    checkFeed(info, { data: new Float32Array(Number.isInteger(size) && size >= 0 ? size : 0), dims: shape }, 'session.runner');
    const handler = this.handler;
    const run = handler.prepare?.(inputName, shape) ?? ((data: Float32Array) => handler.run({ [inputName]: { data, dims: shape } }));
    return (data: Float32Array): Promise<Fetches> => {
      try {
        if (this.disposed) throw new Error(`session.run: this ${this.backend} session was disposed`);
        if (!(data instanceof Float32Array) || data.length !== size) {
          const message = `session.run: input "${inputName}": this runner takes a Float32Array of ${size} values (dims [${shape.join(', ')}]), got `;
          throw data instanceof Float32Array ? new RangeError(`${message}one of ${data.length}`) : new TypeError(message + describeValue(data));
        }
        return run(data);
      } catch (e) {
        return Promise.reject(e);
      }
    };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.handler.dispose();
  }
}

function checkOptions(options: SessionOptions): void {
  const { backends, inputShape, batch, intraOpNumThreads } = options;
  if (backends !== undefined) {
    if (!Array.isArray(backends) || backends.length === 0) throw new TypeError('createSession: options.backends must be a non-empty array of backend names');
    const known = registeredInferenceBackends().map((b) => b.name);
    for (const b of backends) {
      if (!isRegistered(b)) throw new RangeError(`createSession: unknown backend "${String(b)}"; registered backends: ${known.join(', ') || '(none)'}`);
    }
  }
  if (inputShape !== undefined && (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d > 0))) {
    throw new TypeError(`createSession: options.inputShape must be positive integers without the batch axis (e.g. [3, 32, 32]), got ${JSON.stringify(inputShape)}`);
  }
  if (batch !== undefined && batch !== 'dynamic' && !(Number.isInteger(batch) && batch > 0)) {
    throw new TypeError(`createSession: options.batch must be a positive integer or 'dynamic', got ${JSON.stringify(batch)}`);
  }
  for (const key of ['inputName', 'outputName'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'string' || v === '')) throw new TypeError(`createSession: options.${key} must be a non-empty string, got ${JSON.stringify(v)}`);
  }
  if (options.logger !== undefined && typeof options.logger !== 'function') {
    throw new TypeError(`createSession: options.logger must be a function (message: string) => void, got ${typeof options.logger}`);
  }
  if (intraOpNumThreads !== undefined && !(Number.isInteger(intraOpNumThreads) && intraOpNumThreads >= 0)) {
    throw new TypeError(`createSession: options.intraOpNumThreads must be a non-negative integer (0 = onnxruntime's default), got ${intraOpNumThreads}`);
  }
}

export async function createSession(model: Uint8Array | string | Module, options: SessionOptions = {}): Promise<EdgewattSession> {
  if (!(model instanceof Uint8Array) && typeof model !== 'string' && !isModuleLike(model)) {
    throw new TypeError(`createSession: model must be ONNX bytes (Uint8Array), a path to an .onnx file, or an Edgewatt Module; got ${model === null ? 'null' : typeof model}`);
  }
  checkOptions(options);
  const log = options.logger ?? defaultLogger;
  const handlerOptions: HandlerOptions = {
    inputName: options.inputName ?? 'input',
    outputName: options.outputName ?? 'output',
    ...(options.intraOpNumThreads !== undefined ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
  };
  const source = await modelSource(model, {
    inputName: handlerOptions.inputName,
    outputName: handlerOptions.outputName,
    inputShape: options.inputShape,
    batch: options.batch,
  });
  const order = options.backends ? [...new Set(options.backends)] : defaultBackendOrder();
  const failures: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const name = order[i]!;
    const next = order[i + 1];
    const then = next === undefined ? 'no backend left to try' : `falling back to ${next}`;
    const backend = await initializedBackend(name);
    if (typeof backend === 'string') {
      failures.push(`${name}: unavailable (${backend})`);
      log(`${name} unavailable: ${backend}; ${then}`);
      continue;
    }
    try {
      return new EdgewattSession(name, await backend.createHandler(source, handlerOptions));
    } catch (e) {
      failures.push(`${name}: ${reasonOf(e)}`);
      log(`${name} cannot run ${source.label}: ${reasonOf(e)}; ${then}`);
    }
  }
  throw new Error(`createSession: no backend could run ${source.label}: ${failures.join('; ') || 'no backends registered'}`);
}
