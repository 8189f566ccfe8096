/**
 * What a native kernel gets: the module's exports, the allocator, scratch
 * buffers, and the byte address of each tensor. A kernel returns `true` when
 * it handled the call and `false` when the case is not native (a dtype or a
 * layout it does not cover); the backend then runs the reference kernel on
 * views of the same memory.
 */
import type { KernelTensor } from '../../backend.js';
import { DTYPES } from '../../dtype.js';
import type { ParamsOf, Primitive } from '../../primitives.js';
import type { KernelExports } from './exports.js';
import type { WasmMemory } from './memory.js';
import type { ScratchBuffers } from './scratch.js';

export interface WasmKernelContext {
  readonly k: KernelExports;
  readonly memory: WasmMemory;
  readonly scratch: ScratchBuffers;
}

export type WasmKernel<P extends Primitive> = (
  ctx: WasmKernelContext,
  inputs: readonly KernelTensor[],
  out: KernelTensor,
  params: ParamsOf<P>,
) => boolean;

/** Byte address of a tensor's first element in the wasm memory. */
export function addressOf(t: KernelTensor): number {
  return (t.handle as number) + t.offset * DTYPES[t.dtype].bytes;
}
