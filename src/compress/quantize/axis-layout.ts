/**
 * Where one axis of a row-major array sits: the flat index i belongs to
 * channel ⌊i / inner⌋ mod channels. Per-channel scales, grouped scales and
 * least-squares refits all walk their arrays this way.
 */
import { formatShape, sizeOf, type Shape } from '../../engine/index.js';

export interface AxisLayout {
  /** The axis, made non-negative. */
  readonly axis: number;
  /** Product of the dimensions before the axis. */
  readonly outer: number;
  /** Size of the axis. */
  readonly channels: number;
  /** Product of the dimensions after the axis (the stride of the axis). */
  readonly inner: number;
}

/**
 * Checks that `shape` is a shape of `length` elements and `axis` one of its
 * axes (negative counts from the end); `who` names the caller in errors.
 */
export function axisLayout(shape: Shape, axis: number, length: number, who: string): AxisLayout {
  checkShape(shape, length, who);
  const rank = shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new RangeError(`${who}: axis ${axis} is out of range for shape ${formatShape(shape)} (rank ${rank})`);
  }
  const a = axis < 0 ? axis + rank : axis;
  return { axis: a, outer: sizeOf(shape.slice(0, a)), channels: shape[a]!, inner: sizeOf(shape.slice(a + 1)) };
}

/** Throws unless `shape` holds non-negative integers whose product is `length`. */
export function checkShape(shape: Shape, length: number, who: string): void {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(`${who}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (sizeOf(shape) !== length) {
    throw new RangeError(`${who}: shape ${formatShape(shape)} holds ${sizeOf(shape)} elements but the array has ${length}`);
  }
}
