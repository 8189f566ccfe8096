/**
 * The reference backend: memory is plain ArrayBuffers, kernels are the
 * plain-TypeScript table in kernels.ts. It is the oracle other backends are
 * tested against and the fallback when nothing faster initialises.
 */
import type { ArrayTensor, Backend, BackendCapabilities, KernelTensor } from '../../backend.js';
import { DTYPES, type TypedArray } from '../../dtype.js';
import type { ParamsOf, Primitive } from '../../primitives.js';
import { formatShape, shapesEqual } from '../../shape.js';
import { shapeRules } from '../../shape-rules.js';
import { referenceKernels } from './kernels.js';

export interface ReferenceBackendOptions {
  /**
   * Re-run the shape rule in every `run` and check `out` against it. Off by
   * default (the engine checks before calling a backend); useful when a test
   * drives the backend directly.
   */
  readonly checkShapes?: boolean;
}

export class ReferenceBackend implements Backend {
  readonly name = 'reference';
  readonly capabilities: BackendCapabilities = { simd: false, threads: false, int8: true, float64: true };
  private readonly live = new WeakSet<ArrayBuffer>();
  private held = 0;
  private readonly checkShapes: boolean;

  constructor(options: ReferenceBackendOptions = {}) {
    this.checkShapes = options.checkShapes ?? false;
  }

  alloc(bytes: number): ArrayBuffer {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`reference backend: alloc needs a non-negative integer byte count, got ${bytes}`);
    const buf = new ArrayBuffer(bytes);
    this.live.add(buf);
    this.held += bytes;
    return buf;
  }

  free(handle: unknown): void {
    const buf = this.buffer(handle, 'free');
    if (!this.live.has(buf)) throw new Error('reference backend: free of a buffer that is not live here (double free, or allocated elsewhere)');
    this.live.delete(buf);
    this.held -= buf.byteLength;
  }

  view(t: KernelTensor): TypedArray {
    const buf = this.buffer(t.handle, 'view');
    const info = DTYPES[t.dtype];
    const byteOffset = t.offset * info.bytes;
    if (!Number.isInteger(t.offset) || t.offset < 0 || byteOffset + t.size * info.bytes > buf.byteLength) {
      throw new RangeError(`reference backend: view of ${t.size} ${t.dtype} at element ${t.offset} exceeds the ${buf.byteLength}-byte buffer`);
    }
    return info.view(buf, byteOffset, t.size);
  }

  run<P extends Primitive>(prim: P, inputs: readonly KernelTensor[], out: KernelTensor, params: ParamsOf<P>): void {
    if (this.checkShapes) this.check(prim, inputs, out, params);
    const arrays: ArrayTensor[] = inputs.map((t) => ({ data: this.view(t), shape: t.shape, dtype: t.dtype }));
    const kernel = referenceKernels[prim];
    kernel(arrays, { data: this.view(out), shape: out.shape, dtype: out.dtype }, params);
  }

  memoryBytes(): number {
    return this.held;
  }

  private check<P extends Primitive>(prim: P, inputs: readonly KernelTensor[], out: KernelTensor, params: ParamsOf<P>): void {
    const rule = shapeRules[prim];
    const expected = rule(inputs, params);
    if (!shapesEqual(expected.shape, out.shape) || expected.dtype !== out.dtype) {
      throw new RangeError(`${prim}: output is ${out.dtype} ${formatShape(out.shape)} but the shape rule gives ${expected.dtype} ${formatShape(expected.shape)}`);
    }
  }

  private buffer(handle: unknown, what: string): ArrayBuffer {
    if (!(handle instanceof ArrayBuffer)) throw new TypeError(`reference backend: ${what} needs a handle from this backend's alloc (an ArrayBuffer), got ${typeof handle}`);
    return handle;
  }
}

export function createReferenceBackend(options?: ReferenceBackendOptions): ReferenceBackend {
  return new ReferenceBackend(options);
}
