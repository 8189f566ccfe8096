/**
 * A JS-side allocator over a WebAssembly linear memory. The kernels never
 * allocate: they receive byte offsets handed out here.
 *
 * Design, for the workload it serves (a training step frees and reallocates
 * the same sizes every iteration):
 * - blocks are rounded up to 64 bytes (a cache line; keeps every tensor and
 *   scratch buffer aligned for v128 loads);
 * - freed blocks go to an exact-size free list, so the next request of that
 *   size gets the same block back and steady-state training never grows memory;
 * - a block freed at the top of the heap lowers the top (coalescing with free
 *   blocks below it), so one-off large temporaries do not strand space;
 * - before growing, a free block of up to twice the requested size is reused;
 * - otherwise the bump pointer advances and `memory.grow` adds pages;
 * - when the memory cannot grow (wasm32 stops at 4 GiB), every free block
 *   is coalesced with its free neighbours and the first one large enough
 *   is split to serve the request — the slow path, taken only then.
 *
 * Growing replaces `memory.buffer`; typed-array views made before a grow are
 * detached (length 0). Callers re-create views through `buffer` after any
 * `alloc`, or check `view.buffer !== memory.buffer`.
 */

import type { WasmLinearMemory } from './webassembly-api.js';

/** Block granularity and alignment in bytes. */
export const BLOCK_ALIGN = 64;
const PAGE_BYTES = 65536;
/** A free block up to this factor larger than a request may serve it (bounds internal waste at 50%). */
const MAX_OVERSIZE = 2;

export interface WasmMemoryStats {
  /** Bytes of linear memory reserved from the engine (all pages). */
  readonly reservedBytes: number;
  /** Bytes in blocks currently handed out. */
  readonly liveBytes: number;
  /** Bytes in freed blocks waiting for reuse. */
  readonly freeBytes: number;
  /** Number of `memory.grow` calls so far. */
  readonly grows: number;
}

export class WasmMemory {
  private top: number;
  private readonly sizeOfLive = new Map<number, number>();
  private readonly freeBySize = new Map<number, number[]>();
  /** End address -> start of a free block, for coalescing at the top. */
  private readonly freeByEnd = new Map<number, number>();
  private liveBytes = 0;
  private freeBytes = 0;
  private grows = 0;

  /** `base`: the first byte the allocator may use (the module's heap base). */
  constructor(
    readonly memory: WasmLinearMemory,
    base: number,
  ) {
    this.top = roundUp(Math.max(base, BLOCK_ALIGN), BLOCK_ALIGN);
  }

  /** The current buffer; changes after a grow. */
  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }

  /** A 64-byte aligned block of at least `bytes` bytes (contents undefined); never returns 0. */
  alloc(bytes: number): number {
    if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`WasmMemory.alloc: invalid size ${bytes}`);
    const size = roundUp(Math.max(bytes, 1), BLOCK_ALIGN);
    const ptr = this.takeFree(size) ?? this.bump(size);
    this.liveBytes += this.sizeOfLive.get(ptr)!;
    return ptr;
  }

  free(ptr: number): void {
    const size = this.sizeOfLive.get(ptr);
    if (size === undefined) throw new Error(`WasmMemory.free: ${ptr} is not a live block (double free?)`);
    this.sizeOfLive.delete(ptr);
    this.liveBytes -= size;
    if (ptr + size === this.top) {
      this.top = ptr;
      this.shrinkTop();
      return;
    }
    this.addFree(ptr, size);
  }

  /** The usable size of a live block. */
  sizeOf(ptr: number): number {
    const size = this.sizeOfLive.get(ptr);
    if (size === undefined) throw new Error(`WasmMemory.sizeOf: ${ptr} is not a live block`);
    return size;
  }

  stats(): WasmMemoryStats {
    return { reservedBytes: this.memory.buffer.byteLength, liveBytes: this.liveBytes, freeBytes: this.freeBytes, grows: this.grows };
  }

  private takeFree(size: number): number | undefined {
    const exact = this.freeBySize.get(size);
    if (exact && exact.length > 0) return this.claim(exact.pop()!, size);
    if (this.top + size <= this.memory.buffer.byteLength || this.freeBytes < size) return undefined;
    // The heap would have to grow: reuse a somewhat larger free block instead.
    let best = Infinity;
    for (const [s, list] of this.freeBySize) {
      if (list.length > 0 && s > size && s <= size * MAX_OVERSIZE && s < best) best = s;
    }
    if (best === Infinity) return undefined;
    return this.claim(this.freeBySize.get(best)!.pop()!, best);
  }

  private claim(ptr: number, size: number): number {
    this.freeByEnd.delete(ptr + size);
    this.freeBytes -= size;
    this.sizeOfLive.set(ptr, size);
    return ptr;
  }

  private bump(size: number): number {
    const ptr = this.top;
    const end = ptr + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow by at least a quarter of the current size so a growing workload
      // costs O(log n) grows, not one per allocation.
      const needed = Math.ceil((end - have) / PAGE_BYTES);
      const pages = Math.max(needed, Math.ceil(have / PAGE_BYTES / 4));
      try {
        this.memory.grow(pages);
      } catch {
        try {
          this.memory.grow(needed);
        } catch (e) {
          const fit = this.compactAndFit(size);
          if (fit !== undefined) return fit;
          throw new RangeError(
            `WasmMemory: cannot grow WebAssembly memory to ${end} bytes for a ${size}-byte block ` +
              `(${this.liveBytes} bytes live): ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      }
      this.grows++;
    }
    this.top = end;
    this.sizeOfLive.set(ptr, size);
    return ptr;
  }

  /**
   * Coalesces every run of adjacent free blocks, then serves `size` from the
   * first free block large enough, returning the rest of it to the free
   * lists; undefined when none is.
   */
  private compactAndFit(size: number): number | undefined {
    const blocks: [number, number][] = [];
    for (const [s, list] of this.freeBySize) for (const ptr of list) blocks.push([ptr, s]);
    blocks.sort((a, b) => a[0] - b[0]);
    this.freeBySize.clear();
    this.freeByEnd.clear();
    this.freeBytes = 0;
    const merged: [number, number][] = [];
    for (const [ptr, s] of blocks) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last[0] + last[1] === ptr) last[1] += s;
      else merged.push([ptr, s]);
    }
    // No run ends at the top: free() lowers the top over free blocks as they reach it (shrinkTop).
    for (const [ptr, s] of merged) this.addFree(ptr, s);
    const fit = merged.find(([, s]) => s >= size);
    if (fit === undefined) return undefined;
    const [ptr, s] = fit;
    this.claim(this.takeFromList(ptr, s), s);
    if (s > size) {
      // claim() marked the whole block live; keep the request, free the rest.
      this.sizeOfLive.set(ptr, size);
      this.addFree(ptr + size, s - size);
    }
    return ptr;
  }

  private addFree(ptr: number, size: number): void {
    let list = this.freeBySize.get(size);
    if (!list) {
      list = [];
      this.freeBySize.set(size, list);
    }
    list.push(ptr);
    this.freeByEnd.set(ptr + size, ptr);
    this.freeBytes += size;
  }

  private takeFromList(ptr: number, size: number): number {
    const list = this.freeBySize.get(size)!;
    list.splice(list.lastIndexOf(ptr), 1);
    return ptr;
  }

  /** After the top moved down: absorb free blocks that now end at the top. */
  private shrinkTop(): void {
    for (;;) {
      const start = this.freeByEnd.get(this.top);
      if (start === undefined) return;
      const size = this.top - start;
      const list = this.freeBySize.get(size)!;
      list.splice(list.lastIndexOf(start), 1);
      this.freeByEnd.delete(this.top);
      this.freeBytes -= size;
      this.top = start;
    }
  }
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
