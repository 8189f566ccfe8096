/**
 * onnxruntime-web: onnxruntime compiled to WebAssembly. It is the backend of
 * browser builds and a Node fallback when the native binding is missing.
 * Imported on `init` (a dynamic import), so it costs nothing until chosen.
 */
import type { InferenceBackend, ModelSource, SessionHandler } from '../types.js';
import { ortHandler } from './ort-handler.js';

export interface OnnxruntimeWebOptions {
  /**
   * `ort.env.wasm.numThreads`, read once when the first session is created
   * (onnxruntime-common env.ts; 0 lets onnxruntime choose). Default: 1 in
   * Node.js, where more threads mean worker_threads that keep the process
   * alive and compete with the caller's own work; onnxruntime's choice in a
   * browser (it uses threads only when the page is cross-origin isolated).
   */
  readonly numThreads?: number;
}

type OrtWeb = typeof import('onnxruntime-web');

export function createOnnxruntimeWebBackend(opts: OnnxruntimeWebOptions = {}): InferenceBackend {
  let ort: OrtWeb | undefined;
  return {
    name: 'onnxruntime-web',
    async init() {
      ort = await import('onnxruntime-web');
      const inNode = typeof globalThis.process?.versions?.node === 'string';
      const threads = opts.numThreads ?? (inNode ? 1 : undefined);
      if (threads !== undefined) ort.env.wasm.numThreads = threads;
    },
    async createHandler(model: ModelSource): Promise<SessionHandler> {
      const bytes = await model.onnxBytes();
      const session = await ort!.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      return ortHandler(ort!.Tensor, session, 'onnxruntime-web');
    },
  };
}
