/**
 * The Edgewatt backend: the model runs on Edgewatt's own engine (its active
 * engine backend, WebAssembly SIMD where it loads). A Module passed to
 * createSession runs as it is, with no ONNX round trip; ONNX bytes go through
 * `importOnnx`. The engine is imported on `init`, so loading the session API
 * does not load the engine's WebAssembly (which reads its .wasm with node:fs).
 */
import type { HandlerOptions, InferenceBackend, ModelSource, SessionHandler } from '../types.js';

type Handlers = typeof import('./edgewatt-handler.js');

export function createEdgewattBackend(): InferenceBackend {
  let handlers: Handlers | undefined;
  return {
    name: 'edgewatt',
    async init() {
      handlers = await import('./edgewatt-handler.js');
    },
    async createHandler(model: ModelSource, options: HandlerOptions): Promise<SessionHandler> {
      if (model.module) return handlers!.moduleHandler(model.module, model.inputShape, options);
      return handlers!.onnxHandler(await model.onnxBytes(), model.label);
    },
  };
}
