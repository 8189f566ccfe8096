/**
 * Scopes give tensors a deterministic lifetime (JavaScript has no
 * destructors). `tidy(fn)` releases every tensor created inside `fn` except
 * what it returns and what was `keep()`-ed, as in tfjs `tidy`. Tensors made
 * outside any scope (model parameters) live until `dispose()` or until the
 * garbage collector finalises them.
 */
import type { Tensor } from './tensor.js';

const stack: Set<Tensor>[] = [];

export function trackTensor(t: Tensor): void {
  const top = stack[stack.length - 1];
  if (top) top.add(t);
}

/** Removes `t` from every open scope so it outlives them; returns it. */
export function keep<T extends Tensor>(t: T): T {
  for (const s of stack) s.delete(t);
  return t;
}

export function untrack(t: Tensor): void {
  for (const s of stack) s.delete(t);
}

function collectTensors(value: unknown, out: Set<Tensor>, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 4) return;
  if (isTensorLike(value)) {
    out.add(value as Tensor);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, out, depth + 1);
    return;
  }
  if (value instanceof Map) {
    for (const v of value.values()) collectTensors(v, out, depth + 1);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, out, depth + 1);
  }
}

function isTensorLike(v: object): boolean {
  return (v as { __edgewattTensor?: true }).__edgewattTensor === true;
}

/**
 * Runs `fn` in a new scope and disposes the tensors it created, except those
 * reachable from its result (tensors, arrays, plain objects, maps), which
 * move to the enclosing scope.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  stack.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    stack.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  stack.pop();
  if (result instanceof Promise) {
    throw new TypeError('tidy: the function returned a Promise; tidy only supports synchronous functions');
  }
  const survivors = new Set<Tensor>();
  collectTensors(result, survivors);
  const parent = stack[stack.length - 1];
  for (const t of scope) {
    if (survivors.has(t)) {
      if (parent) parent.add(t);
    } else {
      t.dispose();
    }
  }
  return result;
}

export function scopeDepth(): number {
  return stack.length;
}
