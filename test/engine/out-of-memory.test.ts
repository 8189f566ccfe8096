/**
 * Out of memory: the engine's pools are given back and the request retried
 * before an allocation fails, and the wasm allocator coalesces free blocks
 * when its memory cannot grow (a multi-phase job — a teacher trained at one
 * width, then a student distilled at another — strands blocks of sizes the
 * next phase never asks for; bench:distill on Tiny-ImageNet ran out of the
 * 4 GiB wasm32 memory that way on 2026-11-22).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Backend } from '../../src/engine/backend.js';
import { WasmMemory } from '../../src/engine/backends/wasm/memory.js';
import { webAssembly } from '../../src/engine/backends/wasm/webassembly-api.js';
import { allocStorage, memoryStats, releaseStorage, trimPools } from '../../src/engine/storage.js';

test('when the memory cannot grow, adjacent free blocks are coalesced and split to serve a request', () => {
  const m = new WasmMemory(new webAssembly!.Memory({ initial: 4, maximum: 4 }), 64); // 256 KiB, never more
  const K = 16384;
  const blocks = Array.from({ length: 15 }, () => m.alloc(K));
  for (const i of [2, 3, 4, 8]) m.free(blocks[i]!);
  // 40 KiB: no free block is that large and the heap cannot grow; blocks 2–4 together (48 KiB) serve it.
  const p = m.alloc(40 * 1024);
  assert.equal(p, blocks[2]);
  assert.equal(m.stats().freeBytes, 8 * 1024 + K, 'the rest of the run and block 8 stay free');
  assert.equal(m.alloc(8 * 1024), blocks[2]! + 40 * 1024, 'the rest of the run is reused');
  m.free(p);
  assert.equal(m.alloc(40 * 1024), p, 'a split block frees and reuses at its own size');
  assert.throws(() => m.alloc(3 * K), /cannot grow WebAssembly memory to \d+ bytes for a 49152-byte block/);
});

/** A backend with `capacity` bytes: alloc throws past it, as WasmMemory does when it cannot grow. */
function tinyBackend(capacity: number): Backend & { used: number; frees: number } {
  const b = {
    used: 0,
    frees: 0,
    next: 1,
    sizes: new Map<number, number>(),
    alloc(bytes: number): number {
      if (b.used + bytes > capacity) throw new RangeError(`out of memory: ${bytes} more than ${capacity - b.used} free`);
      b.used += bytes;
      const h = b.next++;
      b.sizes.set(h, bytes);
      return h;
    },
    free(h: unknown): void {
      b.used -= b.sizes.get(h as number)!;
      b.frees++;
    },
  };
  return b as unknown as Backend & { used: number; frees: number };
}

test('an allocation the backend cannot serve gives the pooled blocks back and is tried again', () => {
  trimPools();
  const backend = tinyBackend(4096);
  // One phase leaves 3 KiB pooled in sizes the next never asks for.
  const first = [allocStorage(backend, 1024), allocStorage(backend, 2048)];
  for (const s of first) releaseStorage(s);
  assert.equal(memoryStats().pooledBytes, 3072);
  const big = allocStorage(backend, 3072);
  assert.equal(backend.frees, 2, 'the pooled blocks were freed first');
  assert.equal(memoryStats().pooledBytes, 0);
  // Nothing pooled and still too large: the backend's error, unchanged.
  assert.throws(() => allocStorage(backend, 2048), /out of memory: 2048 more than 1024 free/);
  releaseStorage(big);
  trimPools();
});
