/** Shape arithmetic. Tensors are always row-major contiguous; strides are implied. */
export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
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
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Normalises possibly-negative axes against `rank`; throws naming `what` when out of range. */
export function normalizeAxes(axes: readonly number[], rank: number, what: string): number[] {
  const out = axes.map((a) => {
    const r = a < 0 ? a + rank : a;
    if (!Number.isInteger(r) || r < 0 || r >= rank) {
      throw new RangeError(`${what}: axis ${a} is out of range for a tensor of rank ${rank}`);
    }
    return r;
  });
  return [...new Set(out)].sort((x, y) => x - y);
}

export function assertValidShape(shape: Shape, what: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new TypeError(`${what}: shape ${formatShape(shape)} must hold non-negative integers`);
    }
  }
}
