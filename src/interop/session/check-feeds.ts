/**
 * Argument checks at the session's entry point, so the backends behind it
 * can trust their inputs and every mistake names what was expected and what
 * was given. Written to allocate nothing on the happy path: they run on
 * every call, and the session's overhead over bare onnxruntime is budgeted.
 */
import type { Feeds, InputInfo } from './types.js';

function formatDims(dims: readonly (number | null)[]): string {
  return `[${dims.map((d) => (d === null ? 'N' : String(d))).join(', ')}]`;
}

/** How messages name a value that is not what was expected. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** How errors name an input; built only when one is thrown. */
function where(info: InputInfo, who: string): string {
  return `${who}: input "${info.name}"`;
}

function checkDims(info: InputInfo, dims: unknown, who: string): asserts dims is readonly number[] {
  if (!Array.isArray(dims)) throw new TypeError(`${where(info, who)}: dims must be an array of non-negative integers, got ${describeValue(dims)}`);
  for (let i = 0; i < dims.length; i++) {
    const d: unknown = dims[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new TypeError(`${where(info, who)}: dims[${i}] must be a non-negative integer, got ${JSON.stringify(d)}`);
    }
  }
}

/** Checks one feed against its declaration: a Float32Array, integer dims of the declared rank and sizes, and a matching length. `who` names the entry point in errors. */
export function checkFeed(info: InputInfo, feed: unknown, who = 'session.run'): void {
  if (typeof feed !== 'object' || feed === null) throw new TypeError(`${where(info, who)}: expected { data: Float32Array, dims: number[] }, got ${describeValue(feed)}`);
  const { data, dims } = feed as { data?: unknown; dims?: unknown };
  if (!(data instanceof Float32Array)) {
    throw new TypeError(`${where(info, who)}: data must be a Float32Array, got ${describeValue(data)}${ArrayBuffer.isView(data) ? ' (convert it with Float32Array.from)' : ''}`);
  }
  checkDims(info, dims, who);
  let count = 1;
  for (let i = 0; i < dims.length; i++) count *= dims[i]!;
  if (info.dims !== null) {
    let fits = dims.length === info.dims.length;
    for (let i = 0; fits && i < dims.length; i++) fits = info.dims[i] === null || info.dims[i] === dims[i];
    if (!fits) throw new RangeError(`${where(info, who)}: expected dims ${formatDims(info.dims)} (N = any batch), got ${formatDims(dims)}`);
  }
  if (data.length !== count) {
    throw new RangeError(`${where(info, who)}: dims ${formatDims(dims)} need ${count} values, got a Float32Array of ${data.length}`);
  }
}

function declaredNames(inputs: readonly InputInfo[]): string {
  return inputs.map((i) => `"${i.name}"`).join(', ');
}

function isDeclared(inputs: readonly InputInfo[], name: string): boolean {
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!.name === name) return true;
  return false;
}

/** Checks a whole feeds object: every declared input present, nothing else, each one well formed. */
export function checkFeeds(inputs: readonly InputInfo[], feeds: unknown): asserts feeds is Feeds {
  if (typeof feeds !== 'object' || feeds === null || Array.isArray(feeds) || ArrayBuffer.isView(feeds)) {
    throw new TypeError(`session.run: feeds must be an object keyed by input name (${declaredNames(inputs)}), got ${describeValue(feeds)}`);
  }
  const given = feeds as Record<string, unknown>;
  for (let i = 0; i < inputs.length; i++) {
    const info = inputs[i]!;
    if (!(info.name in given)) throw new RangeError(`session.run: missing input "${info.name}"; the model's inputs are ${declaredNames(inputs)}`);
    checkFeed(info, given[info.name]);
  }
  for (const name in given) {
    if (!isDeclared(inputs, name)) throw new RangeError(`session.run: unknown input "${name}"; the model's inputs are ${declaredNames(inputs)}`);
  }
}
