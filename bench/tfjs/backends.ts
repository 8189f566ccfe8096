/**
 * The TensorFlow.js baselines run on two of its backends in one process:
 * `cpu` (plain JavaScript kernels, the only one with every gradient) and
 * `wasm` (XNNPACK kernels compiled to WebAssembly SIMD). Both are pinned to
 * one thread so they compare with Edgewatt's single-threaded figures.
 *
 * There is no network here, so the wasm backend is pointed at the .wasm files
 * shipped in node_modules instead of its default CDN-relative lookup.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { registerTfjsGradients } from './gradients.js';

export type TfjsBackend = 'cpu' | 'wasm';

let wasmConfigured = false;

/** Makes `name` tfjs's active backend, initialising it on first use. */
export async function useTfjsBackend(name: TfjsBackend): Promise<void> {
  if (name === 'wasm' && !wasmConfigured) {
    // tfjs-backend-wasm never starts threads under Node (its
    // WASM_HAS_MULTITHREAD_SUPPORT flag is false when IS_NODE, tfjs issue
    // #3830); pinning both settings keeps that true if the flag changes.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    tfwasm.setThreadsCount(1);
    tfwasm.setWasmPaths(wasmDistFolder());
    wasmConfigured = true;
  }
  await registerTfjsGradients();
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs backend "${name}" failed to initialise`);
  await tf.ready();
}

/**
 * Wraps a step so it runs on `name` even when another tfjs contender switched
 * the backend in between (tfjs then moves the tensors' data over on first use;
 * the switch costs one await, and nothing when the backend is already active).
 */
export function onTfjsBackend(name: TfjsBackend, fn: () => void): () => void | Promise<void> {
  return () => {
    if (tf.getBackend() === name) return fn();
    return useTfjsBackend(name).then(fn);
  };
}

/** Threads the wasm backend actually runs with (after it is initialised). */
export function tfjsWasmThreads(): number {
  return tfwasm.getThreadsCount();
}

/** The folder holding tfjs-backend-wasm-simd.wasm and friends, with the trailing slash setWasmPaths expects. */
function wasmDistFolder(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  return join(dirname(main), '/');
}

export { tf };
