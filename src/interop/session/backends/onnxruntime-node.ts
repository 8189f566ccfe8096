/**
 * onnxruntime-node: Microsoft's native CPU runtime through its Node.js
 * binding. The package is imported on `init`, never at module load, so a
 * browser bundle or a machine without the native binaries falls back to the
 * next backend with the reason instead of failing to load Edgewatt.
 */
import type { HandlerOptions, InferenceBackend, ModelSource, SessionHandler } from '../types.js';
import { ortHandler } from './ort-handler.js';

type OrtNode = typeof import('onnxruntime-node');

export function createOnnxruntimeNodeBackend(): InferenceBackend {
  let ort: OrtNode | undefined;
  return {
    name: 'onnxruntime-node',
    async init() {
      // A bundler would otherwise have to resolve a native addon for the browser.
      if (typeof globalThis.process?.versions?.node !== 'string') throw new Error('not running in Node.js');
      ort = await import('onnxruntime-node');
    },
    async createHandler(model: ModelSource, options: HandlerOptions): Promise<SessionHandler> {
      const bytes = await model.onnxBytes();
      // 'cpu' is the binding's default provider (onnxruntime-node README); named so no other provider is picked up.
      const session = await ort!.InferenceSession.create(bytes, {
        executionProviders: ['cpu'],
        ...(options.intraOpNumThreads !== undefined ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
      });
      // direct: the session's native handler without InferenceSession.run's wrapper (ort-handler.ts says why).
      return ortHandler(ort!.Tensor, session, 'onnxruntime-node', { direct: true });
    },
  };
}
