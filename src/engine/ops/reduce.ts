/** Reductions and their inverse, `sumTo`, which gradients of broadcasting ops need. */
import { runPrimitive } from '../run.js';
import { allAxes, normalizeAxes, type Shape, formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { div } from './elementwise.js';

function axesOf(x: Tensor, axes: number | readonly number[] | undefined, what: string): number[] {
  if (axes === undefined) return allAxes(x.rank);
  return normalizeAxes(typeof axes === 'number' ? [axes] : axes, x.rank, what);
}

export function sum(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  return runPrimitive('sum', [x], { axes: axesOf(x, axes, 'sum'), keepDims });
}

export function max(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  return runPrimitive('max', [x], { axes: axesOf(x, axes, 'max'), keepDims });
}

export function mean(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = axesOf(x, axes, 'mean');
  let count = 1;
  for (const a of ax) count *= x.shape[a]!;
  return div(sum(x, ax, keepDims), count);
}

/** Population variance (divides by N), as batch norm uses it. */
export function variance(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = axesOf(x, axes, 'variance');
  const m = mean(x, ax, true);
  const d = x.sub(m);
  return mean(d.mul(d), ax, keepDims);
}

export function argmax(x: Tensor, axis = -1): Tensor {
  const [a] = normalizeAxes([axis], x.rank, 'argmax');
  return runPrimitive('argmax', [x], { axis: a! });
}

/**
 * Sums `x` down to `shape` (the inverse of broadcasting `shape` up to x's
 * shape): extra leading axes are summed away, axes of size 1 in `shape` are
 * summed with keepDims.
 */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const lead = x.rank - shape.length;
  if (lead < 0) throw new RangeError(`sumTo: cannot reduce ${formatShape(x.shape)} to the larger rank of ${formatShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < x.rank; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && x.shape[i] !== 1) axes.push(i);
  }
  const s = axes.length ? runPrimitive('sum', [x], { axes, keepDims: true }) : x;
  return runPrimitive('reshape', [s], { shape: [...shape] });
}
