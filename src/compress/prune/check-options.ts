/**
 * Argument checks shared by the pruning entry points, so every one of them
 * rejects bad input the same way, naming the option and the accepted range,
 * before any weight is read or written.
 */

/** Throws unless `v` is a finite number in [0, 1): sparsity 1 would remove every weight. */
export function checkSparsity(who: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) {
    throw new RangeError(`${who}: ${what} must be a number in [0, 1) (the fraction of weights pruned), got ${String(v)}`);
  }
  return v;
}

/** Throws unless `v` is a finite number in (0, 1]. */
export function checkUnitFraction(who: string, what: string, v: unknown, meaning: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1) {
    throw new RangeError(`${who}: ${what} must be a number in (0, 1] (${meaning}), got ${String(v)}`);
  }
  return v;
}

/** Throws unless `v` is an integer >= min. */
export function checkInteger(who: string, what: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new RangeError(`${who}: ${what} must be an integer >= ${min}, got ${String(v)}`);
  }
  return v;
}

/** Throws unless `v` is one of `allowed`. */
export function checkOneOf<T extends string>(who: string, what: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) {
    throw new RangeError(`${who}: ${what} must be ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** Throws unless `options` is an object. */
export function checkObject(who: string, what: string, options: unknown): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${who}: ${what} must be an object, got ${String(options)}`);
}
