/**
 * onnxruntime-node: Microsoft's native CPU runtime through its Node.js
 * binding. The package is imported on `init`, never at module load, so a
 * browser bundle or a machine without the native binaries falls back to the
 * next backend with the reason instead of failing to load Edgewatt.
 *
 * A model is loaded into one session of the package's native binding and
 * run synchronously at each call (ort-native.ts says what that leans on and
 * why it is safe): on the HAR cnn1d that call took 3.1–4.2 µs less than
 * the public `InferenceSession.run` (14.9–17.5 µs against 18.0–21.7 µs on
 * a busy machine) and 2.4–3.3 µs less than its backend handler, the
 * event-loop turn that handler waits before the same native call
 * (bench/runtime/overhead.ts, three interleaved runs; docs/BENCHMARKS.md,
 * runtime overhead, fourth round). When the binding
 * module lacks a member that entry needs, the model is loaded into a public
 * `InferenceSession` instead and its backend handler is called; the
 * handler's `entry` says which, and `nativeSyncUnavailable` why.
 */
import type { HandlerOptions, InferenceBackend, ModelSource } from '../types.js';
import { nativeBindingOf, openNativeSession, type OrtNativeBinding } from './ort-native.js';
import { ortHandler, type OrtSessionHandler } from './ort-handler.js';

type OrtNode = typeof import('onnxruntime-node');

export interface OnnxruntimeNodeBackendOptions {
  /**
   * Loads onnxruntime-node's binding module; default: `require` of
   * 'onnxruntime-node/dist/binding.js', the module onnxruntime-node itself
   * loads (one instance, so `initOrt` runs once). Tests pass a stand-in.
   */
  readonly loadBinding?: () => unknown;
}

/** The handler, and when it is not on the native entry, why not. */
export type OnnxruntimeNodeHandler = OrtSessionHandler & { readonly nativeSyncUnavailable?: string };

async function requireBinding(): Promise<unknown> {
  const { createRequire } = await import('node:module');
  return createRequire(import.meta.url)('onnxruntime-node/dist/binding.js');
}

export function createOnnxruntimeNodeBackend(backendOptions: OnnxruntimeNodeBackendOptions = {}): InferenceBackend {
  let ort: OrtNode | undefined;
  let native: OrtNativeBinding | null = null;
  let nativeSyncUnavailable = '';
  return {
    name: 'onnxruntime-node',
    async init() {
      // A bundler would otherwise have to resolve a native addon for the browser.
      if (typeof globalThis.process?.versions?.node !== 'string') throw new Error('not running in Node.js');
      ort = await import('onnxruntime-node');
      try {
        const found = nativeBindingOf(backendOptions.loadBinding !== undefined ? backendOptions.loadBinding() : await requireBinding());
        if (typeof found === 'string') nativeSyncUnavailable = found;
        else native = found;
      } catch (e) {
        nativeSyncUnavailable = `cannot load onnxruntime-node/dist/binding.js: ${e instanceof Error ? e.message : String(e)}`;
      }
    },
    async createHandler(model: ModelSource, options: HandlerOptions): Promise<OnnxruntimeNodeHandler> {
      const bytes = await model.onnxBytes();
      // 'cpu' is the binding's default provider (onnxruntime-node README); named so no other provider is picked up.
      // InferenceSession.create hands these to the backend as they are, with executionProviders filtered to the
      // registered ones ('cpu' is: onnxruntime-node index.js registers every listSupportedBackends() name;
      // onnxruntime-common backend-impl.js resolveBackendAndExecutionProviders), so the native session gets the same.
      const sessionOptions = {
        executionProviders: ['cpu'],
        ...(options.intraOpNumThreads !== undefined ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
      };
      if (native !== null) {
        return ortHandler(ort!.Tensor, openNativeSession(native, bytes, sessionOptions, model.label), 'onnxruntime-node', { direct: true });
      }
      const session = await ort!.InferenceSession.create(bytes, sessionOptions);
      // direct: the session's native handler without InferenceSession.run's wrapper (ort-handler.ts says why).
      return { ...ortHandler(ort!.Tensor, session, 'onnxruntime-node', { direct: true }), nativeSyncUnavailable };
    },
  };
}
