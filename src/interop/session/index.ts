/**
 * edgewatt/interop/session: run a model through interchangeable inference
 * backends behind one small API (after onnxruntime-js's backend contract).
 *
 *   const session = await createSession('model.onnx');     // or bytes, or a Module
 *   const y = await infer(session, x, [1, 3, 32, 32]);
 *   session.backend;                                        // which backend runs it
 *
 * Importing this module registers three backends; each loads its runtime
 * only when first tried, so none of them costs anything until then:
 *
 * - onnxruntime-node, priority 3: onnxruntime's native CPU kernels, the
 *   fastest here by far — ResNet-8 at batch 32, one thread, 2-core EPYC dev
 *   machine, three --quick runs of bench suite `ort`: 2,450-3,400 images/s,
 *   against 390-620 for Edgewatt and 450-500 for onnxruntime-web. But it is
 *   a native addon: absent in browsers and where no prebuilt binary exists.
 * - edgewatt, priority 2: Edgewatt's own WebAssembly engine. About level
 *   with onnxruntime-web at batch 32 (0.8-1.4x across those runs), ahead at
 *   GEMM (1.5-1.8x), behind at batch 1 (0.6-0.75x); it runs a Module as it
 *   is, with no export, and needs nothing beyond Edgewatt — so it is the
 *   fallback wherever the native binding is missing.
 * - onnxruntime-web, priority 1: onnxruntime in WebAssembly; the backend for
 *   browser builds (docs/browser.md) and the last resort in Node, since it
 *   runs every ONNX operator, including ones importOnnx does not know.
 *
 * `options.backends` picks the order per session; `registerInferenceBackend`
 * adds a backend or changes a priority.
 */
import { createEdgewattBackend } from './backends/edgewatt.js';
import { createOnnxruntimeNodeBackend } from './backends/onnxruntime-node.js';
import { createOnnxruntimeWebBackend } from './backends/onnxruntime-web.js';
import { registerInferenceBackend } from './registry.js';

registerInferenceBackend('onnxruntime-node', createOnnxruntimeNodeBackend(), 3);
registerInferenceBackend('edgewatt', createEdgewattBackend(), 2);
registerInferenceBackend('onnxruntime-web', createOnnxruntimeWebBackend(), 1);

export { createSession, EdgewattSession, type SessionOptions } from './session.js';
export { infer, type InferInput } from './infer.js';
export {
  registerInferenceBackend,
  registeredInferenceBackends,
  unregisterInferenceBackend,
  type RegisteredInferenceBackend,
} from './registry.js';
export { createEdgewattBackend, createOnnxruntimeNodeBackend, createOnnxruntimeWebBackend };
export type { OnnxruntimeWebOptions } from './backends/onnxruntime-web.js';
export type { Feeds, Fetches, HandlerOptions, InferenceBackend, InputInfo, ModelSource, SessionHandler, SessionTensor } from './types.js';
