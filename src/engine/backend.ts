/**
 * The backend contract (after onnxruntime-js `backend.ts`): a backend owns
 * memory and runs kernels by primitive name. Nothing else. Shape checking,
 * autograd, buffer pooling and scopes live in the engine above it, so a new
 * backend is a memory manager plus a kernel table.
 */
import type { DType, TypedArray } from './dtype.js';
import type { ParamsOf, Primitive } from './primitives.js';
import type { Shape } from './shape.js';

export interface BackendCapabilities {
  /** WebAssembly SIMD128 kernels. */
  readonly simd: boolean;
  /** Kernels may use several threads. */
  readonly threads: boolean;
  /** A native int8 x int8 -> int32 GEMM. */
  readonly int8: boolean;
  /** float64 tensors are supported (reference backend; used by gradient checks). */
  readonly float64: boolean;
}

/** What a kernel sees of a tensor: a contiguous run of `size` elements at `offset` in `handle`. */
export interface KernelTensor {
  readonly handle: unknown;
  readonly dtype: DType;
  readonly shape: Shape;
  /** Offset in elements of `dtype` from the start of the handle's memory. */
  readonly offset: number;
  readonly size: number;
}

export interface Backend {
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  /** A fresh block of at least `bytes` bytes (contents undefined). */
  alloc(bytes: number): unknown;
  free(handle: unknown): void;
  /**
   * A zero-copy typed view of a tensor's elements. Valid until the next
   * `alloc` on this backend (WebAssembly memory may grow and move).
   */
  view(t: KernelTensor): TypedArray;
  /** Runs one primitive; `out` is allocated by the caller with the inferred shape and dtype. */
  run<P extends Primitive>(prim: P, inputs: readonly KernelTensor[], out: KernelTensor, params: ParamsOf<P>): void;
  /** Bytes currently held from the system (for memory reports). */
  memoryBytes(): number;
}

/** A tensor as plain typed-array data: what reference kernels compute on. */
export interface ArrayTensor {
  readonly data: TypedArray;
  readonly shape: Shape;
  readonly dtype: DType;
}

export type ArrayKernel<P extends Primitive> = (inputs: readonly ArrayTensor[], out: ArrayTensor, params: ParamsOf<P>) => void;

/** One kernel per primitive; a missing entry does not compile. */
export type ArrayKernelTable = { readonly [P in Primitive]: ArrayKernel<P> };

export type BackendFactory = () => Backend;

interface Registration {
  readonly name: string;
  readonly priority: number;
  readonly factory: BackendFactory;
}

const registry: Registration[] = [];
const instances = new Map<string, Backend>();
const failures = new Map<string, string>();
let active: Backend | null = null;
let logFallback: (message: string) => void = (m) => process.emitWarning(m, 'EdgewattBackendWarning');

/** Registers a backend; higher priority is tried first. */
export function registerBackend(name: string, factory: BackendFactory, priority: number): void {
  const existing = registry.findIndex((r) => r.name === name);
  if (existing >= 0) registry.splice(existing, 1);
  registry.push({ name, factory, priority });
  registry.sort((a, b) => b.priority - a.priority);
}

export function registeredBackends(): { name: string; priority: number; failure?: string }[] {
  return registry.map((r) => {
    const failure = failures.get(r.name);
    return failure === undefined ? { name: r.name, priority: r.priority } : { name: r.name, priority: r.priority, failure };
  });
}

/** Where fallback reasons go (default: a process warning). Tests and the CLI may redirect it. */
export function setBackendLogger(fn: (message: string) => void): void {
  logFallback = fn;
}

function instantiate(name: string): Backend {
  const cached = instances.get(name);
  if (cached) return cached;
  const reg = registry.find((r) => r.name === name);
  if (!reg) {
    const known = registry.map((r) => r.name).join(', ') || '(none)';
    throw new Error(`unknown backend "${name}"; registered backends: ${known}`);
  }
  const b = reg.factory();
  instances.set(name, b);
  return b;
}

/** The backend of the given name, initialised on first use. */
export function getBackend(name: string): Backend {
  return instantiate(name);
}

/**
 * The active backend: the one set with `setBackend`, else the highest
 * priority backend that initialises. Each failure is logged with its reason.
 */
export function activeBackend(): Backend {
  if (active) return active;
  for (const r of registry) {
    if (failures.has(r.name)) continue;
    try {
      active = instantiate(r.name);
      return active;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      failures.set(r.name, reason);
      logFallback(`backend "${r.name}" unavailable (${reason}); falling back to the next one`);
    }
  }
  throw new Error('no backend could be initialised; registered: ' + registry.map((r) => r.name).join(', '));
}

/** Makes `name` the active backend. Tensors keep the backend they were created on. */
export function setBackend(name: string): Backend {
  active = instantiate(name);
  return active;
}
