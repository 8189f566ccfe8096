/**
 * The one door every primitive goes through: check the inputs against the
 * primitive's shape rule, allocate the output, run the backend's kernel, and
 * record the node for autograd when gradients are wanted.
 */
import { DTYPES } from './dtype.js';
import type { ParamsOf, Primitive } from './primitives.js';
import { shapeRules } from './shape-rules.js';
import type { Backend } from './backend.js';
import { outputTensor, Tensor } from './tensor.js';
import { sizeOf } from './shape.js';

/** Primitives whose output never carries a gradient. */
const NON_DIFFERENTIABLE: ReadonlySet<Primitive> = new Set<Primitive>(['round', 'cmpGt', 'cmpEq', 'argmax', 'matmulInt8', 'conv2dInt8', 'requantize', 'maxPool2dGrad']);

let gradDepthDisabled = 0;
let checkNumerics = false;

/** Time spent in each primitive's kernel while a profile is running. */
export interface PrimitiveProfile {
  readonly byPrimitive: Map<Primitive, { calls: number; seconds: number }>;
  totalSeconds: number;
}

let activeProfile: PrimitiveProfile | null = null;

/**
 * Runs `fn` and reports the kernel time per primitive (wall clock around
 * each backend call). For benchmarks' "where the time goes"; off by default.
 */
export function profilePrimitives<T>(fn: () => T): { result: T; profile: PrimitiveProfile } {
  const outer = activeProfile;
  const profile: PrimitiveProfile = { byPrimitive: new Map(), totalSeconds: 0 };
  activeProfile = profile;
  try {
    return { result: fn(), profile };
  } finally {
    activeProfile = outer;
  }
}

/** Sees every primitive that runs while {@link tracePrimitives} is active. */
export type PrimitiveObserver = <P extends Primitive>(prim: P, inputs: readonly Tensor[], params: ParamsOf<P>, out: Tensor) => void;

let activeObserver: PrimitiveObserver | null = null;

/**
 * Runs `fn` and calls `observer` after each primitive with its inputs,
 * parameters and output. This is how a model's forward pass is traced into a
 * graph (ONNX export) without the model knowing: the primitive set is closed,
 * so the trace is complete. Nested traces are not supported (the inner one wins).
 */
export function tracePrimitives<T>(observer: PrimitiveObserver, fn: () => T): T {
  const outer = activeObserver;
  activeObserver = observer;
  try {
    return fn();
  } finally {
    activeObserver = outer;
  }
}

export function isGradEnabled(): boolean {
  return gradDepthDisabled === 0;
}

/** Runs `fn` without recording anything for autograd (evaluation, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  gradDepthDisabled++;
  try {
    return fn();
  } finally {
    gradDepthDisabled--;
  }
}

/**
 * When on, every float primitive's output is scanned for NaN/Inf and the
 * first offending primitive is named in the error. Costs one pass per op,
 * so it is off by default; the Trainer turns it on to explain a bad loss.
 */
export function setCheckNumerics(on: boolean): void {
  checkNumerics = on;
}

export class NumericsError extends Error {
  constructor(
    readonly prim: Primitive,
    readonly index: number,
    readonly value: number,
  ) {
    super(`${prim}: produced ${value} at element ${index}; check its inputs, the learning rate and the data for NaN/Inf`);
    this.name = 'NumericsError';
  }
}

/**
 * Runs one primitive. This is the engine's hot path (every op of every
 * forward and backward pass): it allocates only the output tensor and its
 * storage record, the shape rule's result and nothing per input. Tensors are
 * handed to the shape rule as TensorSpecs and to the backend as
 * KernelTensors (they are both), and the profile, trace and autograd hooks
 * cost one test each when off.
 */
export function runPrimitive<P extends Primitive>(prim: P, inputs: readonly Tensor[], params: ParamsOf<P>): Tensor {
  if (inputs.length === 0) throw new TypeError(`${prim}: expected at least one input`);
  const first = inputs[0]!;
  if (!(first instanceof Tensor)) throw new TypeError(`${prim}: input 0 is not a Tensor (got ${typeof first})`);
  const backend = first.backend;
  let anyRequiresGrad = false;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i]!;
    if (!(t instanceof Tensor)) throw new TypeError(`${prim}: input ${i} is not a Tensor (got ${typeof t})`);
    if (t.disposed) throw new Error(`${prim}: input ${i}${t.label()} was disposed`);
    if (t.backend !== backend) {
      throw new Error(`${prim}: input ${i} lives on backend "${t.backend.name}" but input 0 on "${backend.name}"; move one with .to()`);
    }
    if (t.requiresGrad) anyRequiresGrad = true;
  }
  const info = shapeRules[prim](inputs, params);
  let out: Tensor;
  const view = viewOffset(prim, first, params);
  if (view !== undefined) {
    // Views go through here like every other primitive, so tracers and autograd see them.
    out = first.viewAs(Object.freeze(info.shape), view);
  } else {
    out = outputTensor(info.shape, info.dtype, backend);
    if (out.size > 0) {
      if (activeProfile === null) backend.run(prim, inputs, out, params);
      else runProfiled(activeProfile, backend, prim, inputs, out, params);
    }
  }
  if (checkNumerics && DTYPES[out.dtype].isFloat) scanNumerics(prim, out);
  if (activeObserver !== null) activeObserver(prim, inputs, params, out);
  if (anyRequiresGrad && gradDepthDisabled === 0 && !NON_DIFFERENTIABLE.has(prim)) {
    out.requiresGrad = true;
    out.node = { prim, inputs, params };
  }
  return out;
}

function runProfiled<P extends Primitive>(profile: PrimitiveProfile, backend: Backend, prim: P, inputs: readonly Tensor[], out: Tensor, params: ParamsOf<P>): void {
  const t0 = performance.now();
  backend.run(prim, inputs, out, params);
  const dt = (performance.now() - t0) / 1000;
  const e = profile.byPrimitive.get(prim) ?? { calls: 0, seconds: 0 };
  e.calls++;
  e.seconds += dt;
  profile.byPrimitive.set(prim, e);
  profile.totalSeconds += dt;
}

/**
 * Where the output starts in the input's storage when a primitive can be a
 * view (no copy): a reshape of a contiguous tensor, and a slice over the
 * leading axis that keeps every trailing axis whole (contiguous too) of a
 * tensor that needs no gradient. Undefined: run the kernel.
 */
function viewOffset<P extends Primitive>(prim: P, x: Tensor, params: ParamsOf<P>): number | undefined {
  if (prim === 'reshape') return x.offset;
  if (prim !== 'slice' || x.rank === 0 || x.requiresGrad) return undefined;
  const { starts, ends } = params as ParamsOf<'slice'>;
  let inner = 1;
  for (let i = 1; i < x.rank; i++) {
    if (starts[i] !== 0 || ends[i] !== x.shape[i]) return undefined;
    inner *= x.shape[i]!;
  }
  return x.offset + starts[0]! * inner;
}

function scanNumerics(prim: Primitive, t: Tensor): void {
  const v = t.view();
  const n = sizeOf(t.shape);
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (x - x !== 0) {
      t.dispose();
      throw new NumericsError(prim, i, x);
    }
  }
}
