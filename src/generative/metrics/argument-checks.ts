/**
 * Argument checks shared by the generative metrics. Every public metric
 * checks its inputs here, at the entry point, and the maths behind it
 * trusts them (the onnxruntime-JS convention in STYLE.md). Each message
 * names the function, the argument and what was expected, so a caller can
 * fix the call without reading the source.
 */

/** Numbers as the metrics read them: plain arrays or typed arrays. */
export type NumericArray = ArrayLike<number>;

/** Throws unless `values` is non-empty and every entry is finite; returns its length. */
export function requireFiniteValues(who: string, name: string, values: NumericArray): number {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new TypeError(`${who}: ${name} must be an array of numbers, got ${describe(values)}`);
  }
  if (values.length === 0) throw new RangeError(`${who}: ${name} is empty; expected at least one value`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${who}: ${name}[${i}] must be a finite number, got ${v}`);
  }
  return values.length;
}

/** Throws unless the two arrays pair one to one. */
export function requireSameLength(who: string, nameA: string, a: NumericArray, nameB: string, b: NumericArray): void {
  if (a.length !== b.length) {
    throw new RangeError(`${who}: ${nameA} has ${a.length} values but ${nameB} has ${b.length}; they must pair one to one`);
  }
}

/** Throws unless `value` is a finite number. */
export function requireFinite(who: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${who}: ${name} must be a finite number, got ${describe(value)}`);
}

/** Throws unless `value` is a finite number > 0. */
export function requirePositive(who: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${who}: ${name} must be a finite number > 0, got ${describe(value)}`);
  }
}

/** Throws unless `value` is a safe integer >= `min`. */
export function requireInteger(who: string, name: string, value: number, min: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${who}: ${name} must be an integer >= ${min}, got ${describe(value)}`);
  }
}

/** Throws unless every entry of `flags` is 0 or 1; returns how many are 1. */
export function requireBinary(who: string, name: string, flags: NumericArray): number {
  let ones = 0;
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i];
    if (f === 1) ones++;
    else if (f !== 0) throw new RangeError(`${who}: ${name}[${i}] must be 0 or 1, got ${f}`);
  }
  return ones;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `a ${(value as object).constructor?.name ?? 'object'}` : `${typeof value} ${String(value)}`;
}
