/**
 * Loads dist/wasm/edgewatt-kernels.wasm (built from asm/ by
 * scripts/build-wasm.mjs) synchronously, so the backend factory stays a plain
 * function. Node allows synchronous `new WebAssembly.Module` of any size;
 * browsers would need the async API, which is not a target yet.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KERNEL_FUNCTIONS, type KernelExports } from './exports.js';
import { isWasmMemory, webAssembly } from './webassembly-api.js';

/** Relative to this file once compiled: dist/src/engine/backends/wasm/loader.js -> dist/wasm/. */
export const KERNEL_WASM_URL = new URL('../../../../wasm/edgewatt-kernels.wasm', import.meta.url);

/** Instantiates the kernel module; throws an Error naming the missing file and the build command. */
export function loadKernelModule(url: URL = KERNEL_WASM_URL): KernelExports {
  const path = fileURLToPath(url);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : `unreadable (${(e as Error).message})`;
    throw new Error(`WebAssembly kernels ${why} at ${path}; build them with \`npm run build:wasm\``);
  }
  if (!webAssembly) throw new Error('this JavaScript engine has no WebAssembly support');
  let instance: { readonly exports: Record<string, unknown> };
  try {
    instance = new webAssembly.Instance(new webAssembly.Module(bytes), {});
  } catch (e) {
    throw new Error(
      `WebAssembly kernels at ${path} failed to load (${(e as Error).message}); rebuild them with \`npm run build:wasm\``,
    );
  }
  const missing: string[] = KERNEL_FUNCTIONS.filter((name) => typeof instance.exports[name] !== 'function');
  if (!isWasmMemory(instance.exports['memory'])) missing.unshift('memory');
  if (missing.length > 0) {
    throw new Error(
      `WebAssembly kernels at ${path} lack ${missing.join(', ')} (built from older sources?); rebuild them with \`npm run build:wasm\``,
    );
  }
  return instance.exports as unknown as KernelExports;
}
