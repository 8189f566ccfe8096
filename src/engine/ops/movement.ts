/** Movement ops. Reshape is a view; the rest produce contiguous copies. */
import type { DType } from '../dtype.js';
import { runPrimitive } from '../run.js';
import { allAxes, formatShape, normalizeAxes, sizeOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** Reshape with at most one -1 (inferred). A view: no data moves. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const out = [...shape];
  const neg = out.indexOf(-1);
  if (neg >= 0) {
    if (out.indexOf(-1, neg + 1) >= 0) throw new RangeError(`reshape: at most one -1 allowed in ${formatShape(shape)}`);
    const known = sizeOf(out.filter((d) => d !== -1));
    if (known === 0 || x.size % known !== 0) {
      throw new RangeError(`reshape: cannot infer -1 in ${formatShape(shape)} for a tensor of ${x.size} elements ${formatShape(x.shape)}`);
    }
    out[neg] = x.size / known;
  }
  return runPrimitive('reshape', [x], { shape: out });
}

export function flatten(x: Tensor, startAxis = 1): Tensor {
  const [s] = normalizeAxes([startAxis], Math.max(x.rank, 1), 'flatten');
  const shape: number[] = [];
  for (let i = 0; i < s!; i++) shape.push(x.shape[i]!);
  shape.push(-1);
  return reshape(x, shape);
}

export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = axis < 0 ? axis + x.rank + 1 : axis;
  if (a < 0 || a > x.rank) throw new RangeError(`unsqueeze: axis ${axis} out of range for rank ${x.rank}`);
  const s = [...x.shape];
  s.splice(a, 0, 1);
  return reshape(x, s);
}

export function squeeze(x: Tensor, axis: number): Tensor {
  const [a] = normalizeAxes([axis], x.rank, 'squeeze');
  if (x.shape[a!] !== 1) throw new RangeError(`squeeze: axis ${axis} has size ${x.shape[a!]}, expected 1`);
  const shape: number[] = [];
  for (let i = 0; i < x.rank; i++) if (i !== a) shape.push(x.shape[i]!);
  return reshape(x, shape);
}

export function permute(x: Tensor, perm: readonly number[]): Tensor {
  return runPrimitive('permute', [x], { perm: [...perm] });
}

/** Swaps the last two axes. */
export function transpose(x: Tensor): Tensor {
  if (x.rank < 2) throw new RangeError(`transpose: needs rank >= 2, got ${formatShape(x.shape)}`);
  const perm = allAxes(x.rank);
  perm[x.rank - 1] = x.rank - 2;
  perm[x.rank - 2] = x.rank - 1;
  return permute(x, perm);
}

export function expand(x: Tensor, shape: Shape): Tensor {
  return runPrimitive('expand', [x], { shape: [...shape] });
}

/** Slice with per-axis [start, end); missing axes are taken whole; negative indices count from the end. */
export function slice(x: Tensor, starts: readonly number[], ends?: readonly (number | undefined)[]): Tensor {
  if (starts.length > x.rank) throw new RangeError(`slice: ${starts.length} starts for a tensor of rank ${x.rank}`);
  const s: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < x.rank; i++) {
    const d = x.shape[i]!;
    let a = starts[i] ?? 0;
    let b = ends?.[i] ?? d;
    if (a < 0) a += d;
    if (b < 0) b += d;
    s.push(Math.min(Math.max(a, 0), d));
    e.push(Math.min(Math.max(b, s[i]!), d));
  }
  // runPrimitive makes a leading-axis range with whole trailing axes a view (no copy).
  return runPrimitive('slice', [x], { starts: s, ends: e });
}

export function pad(x: Tensor, pads: readonly (readonly [number, number])[], value = 0): Tensor {
  const full: [number, number][] = [];
  for (let i = 0; i < x.rank; i++) {
    const p = pads[i - (x.rank - pads.length)];
    full.push(p ? [p[0], p[1]] : [0, 0]);
  }
  return runPrimitive('pad', [x], { pads: full, value });
}

export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new RangeError('concat: needs at least one tensor');
  if (xs.length === 1) return xs[0]!;
  const [a] = normalizeAxes([axis], xs[0]!.rank, 'concat');
  return runPrimitive('concat', xs, { axis: a! });
}

export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return runPrimitive('cast', [x], { dtype });
}
