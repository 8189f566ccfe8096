/** Shape arithmetic. Tensors are always row-major contiguous; strides are implied. */
export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Product of the dims in [start, end): the element count of those axes (no slice of the frozen shape). */
export function sizeOfAxes(shape: Shape, start: number, end: number = shape.length): number {
  let n = 1;
  for (let i = start; i < end; i++) n *= shape[i]!;
  return n;
}

/** [0, 1, ..., rank - 1]. */
export function allAxes(rank: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rank; i++) out.push(i);
  return out;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(s: Shape): string {
  return `[${s.join(', ')}]`;
}

/** NumPy broadcasting; `null` when the shapes are incompatible. */
export function broadcastShapes(a: Shape, b: Shape): number[] | null {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // Leading axes missing from the shorter shape count as 1 (indexing below 0 would be a slow named-property miss).
  const offA = n - a.length;
  const offB = n - b.length;
  for (let i = 0; i < n; i++) {
    const da = i < offA ? 1 : a[i - offA]!;
    const db = i < offB ? 1 : b[i - offB]!;
    if (da !== db && da !== 1 && db !== 1) return null;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Normalises possibly-negative axes against `rank`; throws naming `what` when out of range. */
export function normalizeAxes(axes: readonly number[], rank: number, what: string): number[] {
  const out: number[] = [];
  let increasing = true;
  for (let i = 0; i < axes.length; i++) {
    const a = axes[i]!;
    const r = a < 0 ? a + rank : a;
    if (!Number.isInteger(r) || r < 0 || r >= rank) {
      throw new RangeError(`${what}: axis ${a} is out of range for a tensor of rank ${rank}`);
    }
    if (i > 0 && r <= out[i - 1]!) increasing = false;
    out.push(r);
  }
  // Ops almost always pass sorted axes (reductions, gradients): skip the Set and the sort then.
  return increasing ? out : [...new Set(out)].sort((x, y) => x - y);
}

export function assertValidShape(shape: Shape, what: string): void {
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isInteger(d) || d < 0) {
      throw new TypeError(`${what}: shape ${formatShape(shape)} must hold non-negative integers`);
    }
  }
}
