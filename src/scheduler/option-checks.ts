/**
 * Entry checks for the scheduler's option objects (STYLE.md 11; the
 * onnxruntime-JS rule "arguments are checked at the public entry point with
 * specific errors; the code behind it trusts its inputs"). Every message
 * names the function, the option and what was expected, e.g.
 * `periodicTasks: options.periodS must be a finite number > 0 (s), got -1`.
 */

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  return typeof value;
}

function fail(who: string, name: string, expected: string, value: unknown): never {
  const error = typeof value === 'number' || value === undefined ? RangeError : TypeError;
  throw new error(`${who}: ${name} must be ${expected}, got ${describe(value)}`);
}

/** A finite number > 0. */
export function checkPositive(who: string, name: string, value: unknown, unit = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) fail(who, name, `a finite number > 0${unit && ` (${unit})`}`, value);
  return value;
}

/** A finite number >= 0. */
export function checkNonNegative(who: string, name: string, value: unknown, unit = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value >= 0)) fail(who, name, `a finite number >= 0${unit && ` (${unit})`}`, value);
  return value;
}

/** Any finite number. */
export function checkFinite(who: string, name: string, value: unknown, unit = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(who, name, `a finite number${unit && ` (${unit})`}`, value);
  return value;
}

/** A number in [min, max] (both ends included). */
export function checkInRange(who: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !(value >= min && value <= max)) fail(who, name, `a number in [${min}, ${max}]`, value);
  return value;
}

/** An integer >= min. */
export function checkIntegerAtLeast(who: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) fail(who, name, `an integer >= ${min}`, value);
  return value;
}

/** An object (the options argument itself). */
export function checkOptionsObject(who: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${who}: expected an options object, got ${Array.isArray(value) ? 'an array' : describe(value)}`);
}
