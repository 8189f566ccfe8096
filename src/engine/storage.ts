/**
 * Reference-counted blocks of backend memory, recycled through a per-backend
 * pool keyed by rounded byte size. A training step frees and reallocates the
 * same sizes every iteration, so after the first step it allocates nothing
 * new: the pool hands back the blocks the previous step released.
 */
import type { Backend } from './backend.js';

/** Block sizes are rounded up to this many bytes so near-equal sizes share a pool bucket (and stay SIMD aligned). */
const GRANULE_BYTES = 64;

export class Storage {
  refs = 1;
  constructor(
    readonly backend: Backend,
    readonly handle: unknown,
    readonly bytes: number,
  ) {}
}

interface PoolStats {
  /** Blocks handed out (new or reused) since start. */
  allocations: number;
  /** Of those, blocks that had to come from the backend. */
  fresh: number;
  /** Bytes in live storages. */
  liveBytes: number;
  /** Bytes parked in the pool for reuse. */
  pooledBytes: number;
}

const pools = new Map<Backend, Map<number, unknown[]>>();
const stats: PoolStats = { allocations: 0, fresh: 0, liveBytes: 0, pooledBytes: 0 };

function roundBytes(bytes: number): number {
  return Math.max(GRANULE_BYTES, Math.ceil(bytes / GRANULE_BYTES) * GRANULE_BYTES);
}

/** The last pool used: a process almost always works on one backend, so this skips the outer Map lookup. */
let lastBackend: Backend | null = null;
let lastPool: Map<number, unknown[]> | null = null;

function poolOf(backend: Backend): Map<number, unknown[]> {
  if (backend === lastBackend) return lastPool!;
  let pool = pools.get(backend);
  if (!pool) {
    pool = new Map();
    pools.set(backend, pool);
  }
  lastBackend = backend;
  lastPool = pool;
  return pool;
}

export function allocStorage(backend: Backend, bytes: number): Storage {
  const size = roundBytes(bytes);
  const pool = poolOf(backend);
  stats.allocations++;
  stats.liveBytes += size;
  const bucket = pool.get(size);
  const reused = bucket === undefined || bucket.length === 0 ? undefined : bucket.pop();
  if (reused !== undefined) {
    stats.pooledBytes -= size;
    return new Storage(backend, reused, size);
  }
  stats.fresh++;
  return new Storage(backend, freshBlock(backend, size), size);
}

/**
 * A block from the backend. When the backend is out of memory while the
 * pools hold blocks — sizes an earlier phase used and this one does not
 * (a teacher trained at one width, then a student at another; training at
 * one batch size, validation at another) — the pools are returned to their
 * backends and the request is tried once more, as a caching allocator
 * empties its cache before it reports out of memory (PyTorch's CUDA caching
 * allocator frees its cached blocks and retries, c10/cuda/CUDACachingAllocator.cpp).
 */
function freshBlock(backend: Backend, size: number): unknown {
  try {
    return backend.alloc(size);
  } catch (e) {
    if (stats.pooledBytes === 0) throw e;
    trimPools();
    return backend.alloc(size);
  }
}

/** Drops one reference; the block goes back to the pool when none remain. */
export function releaseStorage(s: Storage): void {
  if (s.refs <= 0) return;
  s.refs--;
  if (s.refs > 0) return;
  stats.liveBytes -= s.bytes;
  stats.pooledBytes += s.bytes;
  const pool = poolOf(s.backend);
  let bucket = pool.get(s.bytes);
  if (!bucket) {
    bucket = [];
    pool.set(s.bytes, bucket);
  }
  bucket.push(s.handle);
}

/** Returns every pooled block to its backend (e.g. after a large one-off job). */
export function trimPools(): void {
  for (const [backend, pool] of pools) {
    for (const bucket of pool.values()) for (const h of bucket) backend.free(h);
    pool.clear();
  }
  stats.pooledBytes = 0;
}

export function memoryStats(): Readonly<PoolStats> {
  return { ...stats };
}
