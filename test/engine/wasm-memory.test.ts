/** The wasm backend's allocator: alignment, exact-size reuse, growth, and views after growth. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { KernelTensor } from '../../src/engine/backend.js';
import { createWasmBackend } from '../../src/engine/backends/wasm/backend.js';
import { loadKernelModule } from '../../src/engine/backends/wasm/loader.js';
import { BLOCK_ALIGN, WasmMemory } from '../../src/engine/backends/wasm/memory.js';
import { wasmSimdSupported } from '../../src/engine/backends/wasm/probe.js';

function freshMemory(): WasmMemory {
  const k = loadKernelModule();
  return new WasmMemory(k.memory, k.heapBase());
}

test('SIMD128 is detected on this Node', () => {
  assert.equal(wasmSimdSupported(), true);
});

test('blocks are 64-byte aligned, distinct, and never at address 0', () => {
  const m = freshMemory();
  const ptrs = [1, 3, 64, 65, 1000, 0].map((n) => m.alloc(n));
  for (const p of ptrs) {
    assert.ok(p > 0);
    assert.equal(p % BLOCK_ALIGN, 0);
  }
  assert.equal(new Set(ptrs).size, ptrs.length);
});

test('alloc / free / alloc of the same size returns the same block', () => {
  const m = freshMemory();
  const keep = m.alloc(100); // something below, so the freed block is not simply the top
  const a = m.alloc(4096);
  const above = m.alloc(64);
  m.free(a);
  assert.equal(m.alloc(4096), a);
  m.free(above);
  m.free(keep);
});

test('1000 alloc/free cycles of a training step do not grow memory', () => {
  const m = freshMemory();
  const sizes = [4 * 64 * 16 * 32 * 32, 4 * 16 * 27, 4 * 64 * 10, 4 * 10, 4 * 16, 4 * 64 * 32 * 16 * 16];
  const step = () => {
    const ptrs = sizes.map((s) => m.alloc(s));
    for (const p of ptrs.reverse()) m.free(p);
  };
  step();
  const reserved = m.stats().reservedBytes;
  const grows = m.stats().grows;
  for (let i = 0; i < 1000; i++) step();
  assert.equal(m.stats().reservedBytes, reserved);
  assert.equal(m.stats().grows, grows);
  assert.equal(m.stats().liveBytes, 0);
});

test('frees in any order reuse memory without growth', () => {
  const m = freshMemory();
  const sizes = [640, 64, 12800, 192, 4096];
  const cycle = (order: number[]) => {
    const ptrs = sizes.map((s) => m.alloc(s));
    for (const i of order) m.free(ptrs[i]!);
  };
  cycle([0, 2, 4, 1, 3]);
  const reserved = m.stats().reservedBytes;
  for (let i = 0; i < 1000; i++) cycle(i % 2 ? [4, 3, 2, 1, 0] : [1, 3, 0, 2, 4]);
  assert.equal(m.stats().reservedBytes, reserved);
});

test('memory grows on demand and old views are detached, new ones see the data', () => {
  const m = freshMemory();
  const p = m.alloc(16);
  const before = new Float32Array(m.buffer, p, 4);
  before.set([1, 2, 3, 4]);
  const big = m.alloc(m.stats().reservedBytes * 2);
  assert.ok(m.stats().grows >= 1);
  assert.notEqual(before.buffer, m.buffer);
  assert.deepEqual([...new Float32Array(m.buffer, p, 4)], [1, 2, 3, 4]);
  m.free(big);
  m.free(p);
});

test('double free is an error', () => {
  const m = freshMemory();
  const p = m.alloc(10);
  m.free(p);
  assert.throws(() => m.free(p), /not a live block/);
});

test('a missing module names the path and the build command', () => {
  assert.throws(() => loadKernelModule(new URL('file:///nonexistent/edgewatt-kernels.wasm')), /nonexistent.*npm run build:wasm/);
});

test('a repeated conv training step reuses its scratch and never grows memory', () => {
  const backend = createWasmBackend();
  const tensor = (shape: number[]): KernelTensor => {
    const size = shape.reduce((a, d) => a * d, 1);
    return { handle: backend.alloc(size * 4), dtype: 'float32', shape, offset: 0, size };
  };
  const params = { stride: [1, 1] as const, pad: [1, 1, 1, 1] as const, dilation: [1, 1] as const, groups: 1 };
  const step = () => {
    const x = tensor([4, 16, 16, 16]), w = tensor([32, 16, 3, 3]), y = tensor([4, 32, 16, 16]);
    const dx = tensor([4, 16, 16, 16]), dw = tensor([32, 16, 3, 3]), s = tensor([32]), g = tensor([32, 32]);
    backend.run('conv2d', [x, w], y, params);
    backend.run('conv2dBackInput', [y, w], dx, { ...params, inputHW: [16, 16] });
    backend.run('conv2dBackFilter', [x, y], dw, { ...params, kernelHW: [3, 3] });
    backend.run('sum', [y], s, { axes: [0, 2, 3], keepDims: false });
    backend.run('matmul', [{ ...w, shape: [32, 144] }, { ...w, shape: [32, 144] }], g, { transA: false, transB: true });
    for (const t of [x, w, y, dx, dw, s, g]) backend.free(t.handle);
  };
  step();
  const after = backend.memoryStats();
  for (let i = 0; i < 20; i++) step();
  assert.equal(backend.memoryStats().grows, after.grows);
  assert.equal(backend.memoryBytes(), after.reservedBytes);
});

test('a module missing kernels (stale build) is rejected with a rebuild hint', () => {
  // An empty but valid module: none of the kernel exports.
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-wasm-'));
  const file = join(dir, 'stale.wasm');
  writeFileSync(file, new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  try {
    assert.throws(() => loadKernelModule(pathToFileURL(file)), /lack memory, heapBase, .*npm run build:wasm/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
