/**
 * Values that survive a JSON round trip unchanged. Model configs and training
 * state are stored as JSON, and JSON.stringify is lossy in silence: NaN and
 * Infinity become null, undefined and functions vanish, a Map or a Date turns
 * into something else. Checking before writing turns those silent changes
 * into an error that names the offending field.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Throws a TypeError naming `path` (e.g. `model.config.layers[2]`) at the first
 * value that would not come back from JSON as it went in.
 */
export function assertJsonValue(value: unknown, path: string): asserts value is JsonValue {
  check(value, path, new Set());
}

/** `ancestors` holds the containers on the current path, to report a cycle instead of overflowing the stack. */
function check(value: unknown, path: string, ancestors: Set<object>): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} cannot be stored in JSON (finite numbers only)`);
    return;
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    if (ancestors.has(value)) throw new TypeError(`${path}: refers back to one of its own containers (a cycle JSON cannot store)`);
    ancestors.add(value);
    if (Array.isArray(value)) value.forEach((v, i) => check(v, `${path}[${i}]`, ancestors));
    else for (const [k, v] of Object.entries(value)) check(v, `${path}.${k}`, ancestors);
    ancestors.delete(value);
    return;
  }
  const kind =
    typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'}` : typeof value === 'function' ? 'a function' : typeof value;
  throw new TypeError(`${path}: ${kind} cannot be stored in JSON (expected null, boolean, number, string, array or plain object)`);
}

/** Like {@link assertJsonValue}, and the top level must be a plain object. */
export function assertJsonObject(value: unknown, path: string): asserts value is JsonObject {
  if (!isPlainObject(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new TypeError(`${path}: expected a plain object, got ${kind}`);
  }
  assertJsonValue(value, path);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}
