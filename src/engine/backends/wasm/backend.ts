/**
 * The WebAssembly SIMD backend: one linear memory managed by WasmMemory, a
 * kernel table (kernels.ts) of native SIMD kernels, and the reference kernels
 * run on views of the same memory for everything not native. Single-threaded.
 */
import type { ArrayTensor, Backend, BackendCapabilities, KernelTensor } from '../../backend.js';
import { DTYPES, type TypedArray } from '../../dtype.js';
import type { ParamsOf, Primitive } from '../../primitives.js';
import { referenceKernels } from '../reference/kernels.js';
import { addressOf, type WasmKernel, type WasmKernelContext } from './context.js';
import type { KernelExports } from './exports.js';
import { wasmKernels } from './kernels.js';
import { KERNEL_WASM_URL, loadKernelModule } from './loader.js';
import { WasmMemory, type WasmMemoryStats } from './memory.js';
import { wasmSimdSupported } from './probe.js';
import { ScratchBuffers } from './scratch.js';

export interface WasmBackendOptions {
  /** Where the kernel module lives (default: dist/wasm/edgewatt-kernels.wasm). */
  readonly wasmUrl?: URL;
}

export class WasmBackend implements Backend {
  readonly name = 'wasm';
  /** float64 and the integer cases without native kernels run the reference kernels in place. */
  readonly capabilities: BackendCapabilities = { simd: true, threads: false, int8: true, float64: true };
  readonly memory: WasmMemory;
  private readonly ctx: WasmKernelContext;
  private readonly fallbacks = new Map<Primitive, number>();

  constructor(readonly kernels: KernelExports) {
    this.memory = new WasmMemory(kernels.memory, kernels.heapBase());
    this.ctx = { k: kernels, memory: this.memory, scratch: new ScratchBuffers(this.memory) };
  }

  /** A byte offset into the wasm memory (a number), 64-byte aligned. */
  alloc(bytes: number): number {
    return this.memory.alloc(bytes);
  }

  free(handle: unknown): void {
    this.memory.free(pointer(handle, 'free'));
  }

  view(t: KernelTensor): TypedArray {
    pointer(t.handle, 'view');
    return DTYPES[t.dtype].view(this.memory.buffer, addressOf(t), t.size);
  }

  run<P extends Primitive>(prim: P, inputs: readonly KernelTensor[], out: KernelTensor, params: ParamsOf<P>): void {
    const native = wasmKernels[prim] as WasmKernel<P> | 'reference';
    if (native !== 'reference' && native(this.ctx, inputs, out, params)) return;
    this.fallbacks.set(prim, (this.fallbacks.get(prim) ?? 0) + 1);
    this.runReference(prim, inputs, out, params);
  }

  /** How many calls of each primitive ran on the reference kernel (to spot slow paths in a model). */
  referenceRuns(): ReadonlyMap<Primitive, number> {
    return this.fallbacks;
  }

  /** Runs the reference kernel of `prim` on views of this backend's memory. */
  runReference<P extends Primitive>(prim: P, inputs: readonly KernelTensor[], out: KernelTensor, params: ParamsOf<P>): void {
    // Reference kernels never allocate wasm memory, so these views stay valid for the call.
    const arrays: ArrayTensor[] = inputs.map((t) => ({ data: this.view(t), shape: t.shape, dtype: t.dtype }));
    const kernel = referenceKernels[prim];
    kernel(arrays, { data: this.view(out), shape: out.shape, dtype: out.dtype }, params);
  }

  /** Bytes of linear memory reserved (all pages, live or not). */
  memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  memoryStats(): WasmMemoryStats {
    return this.memory.stats();
  }
}

function pointer(handle: unknown, what: string): number {
  if (typeof handle !== 'number') {
    throw new TypeError(`wasm backend: ${what} needs a handle from this backend's alloc (a number), got ${typeof handle}`);
  }
  return handle;
}

/**
 * Creates the backend, or throws an Error saying why it cannot run here (no
 * SIMD in this engine, or the kernel module is missing), so the registry can
 * fall back to the reference backend and report the reason.
 */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  if (!wasmSimdSupported()) {
    throw new Error('this JavaScript engine does not support WebAssembly SIMD128 (needed by the wasm backend)');
  }
  return new WasmBackend(loadKernelModule(options.wasmUrl ?? KERNEL_WASM_URL));
}
