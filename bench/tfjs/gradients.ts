/**
 * Registers TensorFlow.js's gradient functions. The CommonJS bundle Node loads
 * for @tensorflow/tfjs-core (dist/tf-core.node.js) ships the kernels' forward
 * side only; the gradients are registered by the `@tensorflow/tfjs` union
 * package, which is not installed here. tfjs-core does ship them as ES modules
 * (dist/register_all_gradients.js), so we load that file through
 * tfjs-core-esm-hooks.ts.
 *
 * This loads a second copy of tfjs-core's ops beside the CommonJS one. That is
 * a case tfjs is built for: the engine, the kernel registry and the gradient
 * registry live on a global (`getGlobal('gradRegistry')`, `_tfengine`) and
 * `instanceof Tensor` is duck-typed, so the gradients registered by the ES
 * copy are the ones the CommonJS engine looks up and runs.
 */
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

let registered: Promise<void> | null = null;

export function registerTfjsGradients(): Promise<void> {
  registered ??= (async () => {
    register(new URL('./tfjs-core-esm-hooks.js', import.meta.url));
    const path = createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    await import(pathToFileURL(path).href);
  })();
  return registered;
}
