/**
 * Named scratch buffers for kernels (GEMM packing, im2col columns, padded
 * int8 images, small accumulators). Each slot keeps the largest block it was ever asked
 * for, so after the first training step no kernel allocates: the same
 * blocks are handed out every call.
 */
import type { WasmMemory } from './memory.js';

export type ScratchSlot = 'gemmPackA' | 'gemmPackB' | 'columns' | 'paddedImage' | 'accumulator' | 'requantizeParams';

export class ScratchBuffers {
  private readonly blocks = new Map<ScratchSlot, { ptr: number; bytes: number }>();

  constructor(private readonly memory: WasmMemory) {}

  /** A block of at least `bytes` bytes for `slot`; contents are whatever the last user left. */
  get(slot: ScratchSlot, bytes: number): number {
    const cur = this.blocks.get(slot);
    if (cur && cur.bytes >= bytes) return cur.ptr;
    if (cur) this.memory.free(cur.ptr);
    const ptr = this.memory.alloc(bytes);
    this.blocks.set(slot, { ptr, bytes: this.memory.sizeOf(ptr) });
    return ptr;
  }

  /** Bytes held by all slots. */
  bytes(): number {
    let n = 0;
    for (const b of this.blocks.values()) n += b.bytes;
    return n;
  }
}
