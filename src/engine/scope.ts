/**
 * Scopes give tensors a deterministic lifetime (JavaScript has no
 * destructors). `tidy(fn)` releases every tensor created inside `fn` except
 * what it returns and what was `keep()`-ed, as in tfjs `tidy`. Tensors made
 * outside any scope (model parameters) live until `dispose()` or until the
 * garbage collector finalises them.
 *
 * A tensor belongs to at most one open scope at a time: the innermost when it
 * is made, then the enclosing one if it survives a `tidy`. The tensor records
 * that scope (`owningScope`); the scope only appends the tensor to a list.
 * Leaving a scope (dispose, keep) clears the tensor's field and leaves a stale
 * entry that closing the scope skips, so making and disposing a tensor costs
 * no hashing (a Set would hash every tensor on the way in and out). A scope
 * that outlives many disposed tensors compacts its list now and then.
 * A tensor in a scope is not registered with the finalizer (the scope decides
 * its fate); it is registered when it leaves its last scope.
 */
import type { Tensor } from './tensor.js';

/** The tensors of one open `tidy`: entries whose `owningScope` is no longer this scope are stale. */
export class Scope {
  readonly tensors: Tensor[] = [];
  /** Entries still owned by this scope. */
  live = 0;
}

/** A list may hold this many stale entries (and at least as many as live ones) before it is compacted. */
const MIN_STALE_BEFORE_COMPACT = 256;

const stack: Scope[] = [];

/** Puts `t` in the innermost open scope; false when none is open. */
export function trackTensor(t: Tensor): boolean {
  if (stack.length === 0) return false;
  adopt(stack[stack.length - 1]!, t);
  return true;
}

function adopt(scope: Scope, t: Tensor): void {
  const list = scope.tensors;
  if (list.length - scope.live > Math.max(MIN_STALE_BEFORE_COMPACT, scope.live)) compact(scope);
  list.push(t);
  scope.live++;
  t.owningScope = scope;
}

/** Drops stale entries, keeping order (amortised O(1): at least half the list goes). */
function compact(scope: Scope): void {
  const list = scope.tensors;
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    if (t.owningScope === scope) list[n++] = t;
  }
  list.length = n;
}

/** Removes `t` from every open scope so it outlives them; returns it. */
export function keep<T extends Tensor>(t: T): T {
  untrack(t);
  t.releaseWhenCollected();
  return t;
}

/** Takes `t` out of its scope (on dispose). */
export function untrack(t: Tensor): void {
  const s = t.owningScope;
  if (s === null) return;
  s.live--;
  t.owningScope = null;
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

/** Hands `t` to `parent`, or out of every scope when there is none. */
function handOn(t: Tensor, parent: Scope | null): void {
  if (parent === null) {
    t.owningScope = null;
    t.releaseWhenCollected();
  } else {
    adopt(parent, t);
  }
}

/** Disposes what `scope` still holds, except `survivors`, which move to `parent`. */
function closeScope(scope: Scope, parent: Scope | null, survivors: ReadonlySet<Tensor> | Tensor | null): void {
  const list = scope.tensors;
  // By index: disposing one tensor may dispose others of this list (a grad), which then read as stale.
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    if (t.owningScope !== scope) continue;
    if (t === survivors || (survivors instanceof Set && survivors.has(t))) {
      handOn(t, parent);
    } else {
      // Out of the scope first, so dispose() has nothing left to untrack.
      t.owningScope = null;
      t.dispose();
    }
  }
}

/**
 * Runs `fn` in a new scope and disposes the tensors it created, except those
 * reachable from its result (tensors, arrays, plain objects, maps), which
 * move to the enclosing scope.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Scope();
  stack.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    stack.pop();
    closeScope(scope, null, null);
    throw e;
  }
  stack.pop();
  if (result instanceof Promise) {
    // Its tensors are left to the garbage collector, as before any scope existed.
    for (const t of scope.tensors) if (t.owningScope === scope) handOn(t, null);
    throw new TypeError('tidy: the function returned a Promise; tidy only supports synchronous functions');
  }
  const parent = stack.length === 0 ? null : stack[stack.length - 1]!;
  let survivors: ReadonlySet<Tensor> | Tensor | null = null;
  if (result !== null && typeof result === 'object') {
    // A single tensor (the usual result) needs no survivor set.
    if (isTensorLike(result)) {
      survivors = result as unknown as Tensor;
    } else {
      const found = new Set<Tensor>();
      collectTensors(result, found);
      survivors = found;
    }
  }
  closeScope(scope, parent, survivors);
  return result;
}

export function scopeDepth(): number {
  return stack.length;
}
