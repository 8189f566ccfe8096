/**
 * Inference backends by name and priority (after onnxruntime-js
 * `backend-impl.ts`): higher priority is tried first; each backend is
 * initialised at most once, and a failed init is remembered with its reason
 * so the next session does not pay for (or log differently about) the same
 * failure. A negative priority registers a backend that is used only when
 * asked for by name, as onnxruntime-js does for its "beta" backends.
 */
import type { InferenceBackend } from './types.js';

interface Entry {
  readonly backend: InferenceBackend;
  readonly priority: number;
  init?: Promise<void>;
  /** Set once init has rejected: the reason, reported on every later attempt. */
  failure?: string;
}

const entries = new Map<string, Entry>();

/** Registers (or replaces) a backend. Replacing drops the old one's init state. */
export function registerInferenceBackend(name: string, backend: InferenceBackend, priority: number): void {
  if (typeof name !== 'string' || name === '') throw new TypeError('registerInferenceBackend: name must be a non-empty string');
  if (typeof backend?.init !== 'function' || typeof backend.createHandler !== 'function') {
    throw new TypeError(`registerInferenceBackend("${name}"): backend must have init() and createHandler()`);
  }
  if (!Number.isFinite(priority)) throw new TypeError(`registerInferenceBackend("${name}"): priority must be a finite number, got ${priority}`);
  entries.set(name, { backend, priority });
}

export function unregisterInferenceBackend(name: string): boolean {
  return entries.delete(name);
}

export interface RegisteredInferenceBackend {
  readonly name: string;
  readonly priority: number;
  /** Why init failed, once it has. */
  readonly failure?: string;
}

/** All registered backends, highest priority first. */
export function registeredInferenceBackends(): RegisteredInferenceBackend[] {
  return [...entries]
    .sort(([, a], [, b]) => b.priority - a.priority)
    .map(([name, e]) => (e.failure === undefined ? { name, priority: e.priority } : { name, priority: e.priority, failure: e.failure }));
}

/** The names tried when the user names none: non-negative priorities, highest first. */
export function defaultBackendOrder(): string[] {
  return registeredInferenceBackends().filter((b) => b.priority >= 0).map((b) => b.name);
}

export function isRegistered(name: string): boolean {
  return entries.has(name);
}

/**
 * The backend, initialised; or the reason it cannot be (a string, as in
 * onnxruntime-js `tryResolveAndInitializeBackend`). Concurrent callers share
 * one init.
 */
export async function initializedBackend(name: string): Promise<InferenceBackend | string> {
  const e = entries.get(name);
  if (!e) return 'not registered';
  if (e.failure !== undefined) return e.failure;
  e.init ??= e.backend.init();
  try {
    await e.init;
    return e.backend;
  } catch (err) {
    // Only the first failure is stored; a replaced entry is a fresh object and starts clean.
    e.failure ??= reasonOf(err);
    return e.failure;
  }
}

export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
