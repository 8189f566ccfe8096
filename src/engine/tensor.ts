/**
 * A Tensor: a shape and a dtype over a contiguous run of a reference-counted
 * storage. Views (reshape, leading-axis slices) share storage; everything else
 * produces a fresh contiguous tensor. Tensors that need gradients remember the
 * primitive that made them (`node`), which is all reverse-mode autograd needs.
 */
import { activeBackend, type Backend, type KernelTensor } from './backend.js';
import { DTYPES, dtypeOfArray, isDType, type DType, type TypedArray } from './dtype.js';
import type { ParamsOf, Primitive } from './primitives.js';
import { formatShape, sizeOf, assertValidShape, type Shape } from './shape.js';
import { allocStorage, releaseStorage, type Storage } from './storage.js';
import { trackTensor, untrack, type Scope } from './scope.js';

/** How a tensor was made: the primitive, its inputs and its parameters. */
export interface GradNode<P extends Primitive = Primitive> {
  readonly prim: P;
  readonly inputs: readonly Tensor[];
  readonly params: ParamsOf<P>;
}

let nextId = 1;

/**
 * Releases the storage of tensors that were garbage-collected without
 * `dispose()`. Only tensors outside every scope are registered: a scope holds
 * its tensors strongly (so the collector cannot take them first) and disposes
 * or hands on each one when it closes, and registering was the largest single
 * cost of making a tensor (about 15% of a small add's time in a CPU profile,
 * issue 4). A tensor that leaves its last scope (`keep`, a `tidy` result with
 * no enclosing scope) is registered then.
 */
const finalizer = new FinalizationRegistry<Storage>((s) => releaseStorage(s));

/**
 * Shapes are frozen, so tensors can share one array (a view, an output the
 * engine built and froze); anything else is copied and frozen.
 */
function ownShape(shape: Shape): readonly number[] {
  return Object.isFrozen(shape) && Array.isArray(shape) ? shape : Object.freeze([...shape]);
}

export class Tensor implements KernelTensor {
  readonly __edgewattTensor = true as const;
  readonly id = nextId++;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
  /** Offset of the first element in the storage, in elements. */
  readonly offset: number;
  private _storage: Storage;
  private _disposed = false;
  /** Registered with the finalizer (see `finalizer`). */
  private _finalizable = false;
  requiresGrad = false;
  grad: Tensor | null = null;
  node: GradNode | null = null;
  /** Optional name for error messages (parameters carry their dotted path). */
  name: string | undefined;
  /** The open scope this tensor belongs to (scope.ts keeps it); null outside every scope. */
  owningScope: Scope | null = null;

  constructor(storage: Storage, shape: Shape, dtype: DType, offset = 0) {
    this._storage = storage;
    this.shape = ownShape(shape);
    this.dtype = dtype;
    this.size = sizeOf(this.shape);
    this.offset = offset;
    if (!trackTensor(this)) this.releaseWhenCollected();
  }

  /**
   * Lets the garbage collector release this tensor's storage if it is never
   * disposed. scope.ts calls it when the tensor leaves its last scope.
   */
  releaseWhenCollected(): void {
    if (this._finalizable || this._disposed) return;
    this._finalizable = true;
    finalizer.register(this, this._storage, this);
  }

  get storage(): Storage {
    if (this._disposed) throw new Error(`tensor${this.label()} was used after dispose()`);
    return this._storage;
  }

  get backend(): Backend {
    return this._storage.backend;
  }

  get disposed(): boolean {
    return this._disposed;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The backend block holding the elements (a KernelTensor field). */
  get handle(): unknown {
    return this._storage.handle;
  }

  /**
   * What a backend kernel sees of this tensor: the tensor itself, which has
   * every KernelTensor field, so running a primitive allocates no kernel
   * descriptors.
   */
  get kernel(): KernelTensor {
    if (this._disposed) throw new Error(`tensor${this.label()} was used after dispose()`);
    return this;
  }

  /** Zero-copy view of the elements; valid until the next allocation on this backend. */
  view(): TypedArray {
    return this.backend.view(this.kernel);
  }

  /** A copy of the elements as a typed array. */
  toArray(): TypedArray {
    return this.view().slice();
  }

  /** The single element of a size-1 tensor. */
  item(): number {
    if (this.size !== 1) throw new RangeError(`item(): tensor${this.label()} has shape ${formatShape(this.shape)}, expected exactly one element`);
    return this.view()[0]!;
  }

  /** Nested arrays, for printing and tests. */
  toNested(): unknown {
    const flat = Array.from(this.toArray());
    if (this.shape.length === 0) return flat[0];
    const build = (dim: number, start: number): unknown => {
      const n = this.shape[dim]!;
      const stride = sizeOf(this.shape.slice(dim + 1));
      if (dim === this.shape.length - 1) return flat.slice(start, start + n);
      return Array.from({ length: n }, (_, i) => build(dim + 1, start + i * stride));
    };
    return build(0, 0);
  }

  /** Replaces this tensor's contents with `src`'s (same shape and dtype) without copying: the storages are swapped. */
  assign(src: Tensor): this {
    if (src.dtype !== this.dtype || src.size !== this.size || src.shape.length !== this.shape.length) {
      throw new TypeError(`assign: tensor${this.label()} is ${this.dtype}${formatShape(this.shape)}, got ${src.dtype}${formatShape(src.shape)}`);
    }
    if (src.offset !== 0 || src.storage.bytes < this.size * DTYPES[this.dtype].bytes) {
      // A view into a larger storage: copy instead of sharing.
      this.view().set(src.view());
      return this;
    }
    const old = this.storage;
    src.storage.refs++;
    this._storage = src.storage;
    (this as { offset: number }).offset = 0;
    if (this._finalizable) {
      finalizer.unregister(this);
      finalizer.register(this, this._storage, this);
    }
    releaseStorage(old);
    return this;
  }

  /** A new tensor sharing this storage with another shape of the same size. */
  viewAs(shape: Shape, offset = this.offset): Tensor {
    const s = this.storage;
    s.refs++;
    return new Tensor(s, shape, this.dtype, offset);
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    if (this._finalizable) {
      finalizer.unregister(this);
      this._finalizable = false;
    }
    untrack(this);
    releaseStorage(this._storage);
    this.node = null;
    if (this.grad) {
      this.grad.dispose();
      this.grad = null;
    }
  }

  label(): string {
    return this.name ? ` "${this.name}"` : '';
  }

  toString(): string {
    return `Tensor(${this.dtype}${formatShape(this.shape)}${this.label()})`;
  }
}

/**
 * A primitive's output: `shape` comes from its shape rule (already checked,
 * and a fresh array, frozen here instead of copied).
 */
export function outputTensor(shape: number[], dtype: DType, backend: Backend): Tensor {
  const storage = allocStorage(backend, sizeOf(shape) * DTYPES[dtype].bytes);
  return new Tensor(storage, Object.freeze(shape), dtype);
}

/** An uninitialised tensor on `backend` (its contents are whatever the pool held). */
export function emptyTensor(shape: Shape, dtype: DType = 'float32', backend: Backend = activeBackend()): Tensor {
  assertValidShape(shape, 'tensor');
  const storage = allocStorage(backend, sizeOf(shape) * DTYPES[dtype].bytes);
  return new Tensor(storage, shape, dtype);
}

type NestedNumbers = number | readonly NestedNumbers[];

function flattenNested(v: NestedNumbers, shape: number[], depth: number, out: number[]): void {
  if (typeof v === 'number') {
    if (depth !== shape.length) throw new TypeError('tensor: ragged nested array');
    out.push(v);
    return;
  }
  if (depth === shape.length) shape.push(v.length);
  else if (shape[depth] !== v.length) throw new TypeError(`tensor: ragged nested array at depth ${depth}`);
  for (const x of v) flattenNested(x, shape, depth + 1, out);
}

/**
 * A tensor from data. `data` may be a typed array (its dtype is used unless
 * `dtype` is given), a flat number array with `shape`, or nested arrays.
 */
export function tensor(data: TypedArray | NestedNumbers, shape?: Shape, dtype?: DType, backend?: Backend): Tensor {
  let flat: ArrayLike<number>;
  let inferredShape: number[];
  let dt: DType;
  if (ArrayBuffer.isView(data)) {
    flat = data;
    dt = dtype ?? dtypeOfArray(data);
    inferredShape = shape ? [...shape] : [data.length];
  } else {
    const out: number[] = [];
    const s: number[] = [];
    flattenNested(data, s, 0, out);
    flat = out;
    dt = dtype ?? 'float32';
    inferredShape = shape ? [...shape] : s;
  }
  if (!isDType(dt)) throw new TypeError(`tensor: unknown dtype "${String(dt)}"; expected float32, float64, int32 or int8`);
  assertValidShape(inferredShape, 'tensor');
  if (sizeOf(inferredShape) !== flat.length) {
    throw new RangeError(`tensor: ${flat.length} values cannot fill shape ${formatShape(inferredShape)} (${sizeOf(inferredShape)} elements)`);
  }
  const t = emptyTensor(inferredShape, dt, backend);
  t.view().set(flat);
  return t;
}

export function full(shape: Shape, value: number, dtype: DType = 'float32', backend?: Backend): Tensor {
  const t = emptyTensor(shape, dtype, backend);
  t.view().fill(value);
  return t;
}

export function zeros(shape: Shape, dtype: DType = 'float32', backend?: Backend): Tensor {
  return full(shape, 0, dtype, backend);
}

export function ones(shape: Shape, dtype: DType = 'float32', backend?: Backend): Tensor {
  return full(shape, 1, dtype, backend);
}

export function scalar(value: number, dtype: DType = 'float32', backend?: Backend): Tensor {
  return full([], value, dtype, backend);
}
