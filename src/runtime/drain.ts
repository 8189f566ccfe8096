/**
 * One call of EdgeRuntime's serving loop (`drain`, `serveNext`) while it
 * runs: its counts, and the request it is serving while that request's
 * inference is in flight, which the loop's continuation reads when the
 * output arrives.
 *
 * Why an object whose continuations are made once, rather than an async
 * function or a closure per request: the runtime's overhead budget is
 * ~0.6 µs a request next to a 12.4 µs cnn1d inference
 * (bench/runtime/overhead.ts), and short-lived objects cost about 0.25 µs
 * per kB a request there, allocation and the scavenges it brings together
 * (bare onnxruntime calls with 25 or 50 small objects made per call: +0.30
 * and +0.57 µs, interleaved, paired medians). On that benchmark's cnn1d
 * path an async loop allocated 136 B a request more than continuations
 * closed over each request's fields, and those 265 B more than this
 * (new-space growth per request; the whole path now allocates ~2.6 kB a
 * request, bare onnxruntime 2.36 kB). The runtime keeps a Drain no call is
 * using and reuses it for its next call (edge-runtime.ts `serveUpTo`), so
 * serving a request makes none of it.
 */
import type { ControllerAction, ControllerState } from './controller.js';
import type { InferenceRequest } from './request.js';
import type { RuntimeEvent } from './request-event.js';

export interface DrainResult {
  readonly served: number;
  readonly dropped: number;
  readonly deferred: number;
  /** Requests still queued: deferred, not yet arrived, or left by depletion. */
  readonly pending: number;
  /** When the earliest of them is ready, or null when none is queued. */
  readonly nextReadyS: number | null;
  readonly depleted: boolean;
  /** The last event of the call (served, dropped or deferred), or null when nothing was ready. */
  readonly last: RuntimeEvent | null;
}

/** A switch or an inference failed: the time it took is booked as idle by the next tick; the request is not retried. */
export function requestFailed(request: InferenceRequest, action: ControllerAction, e: unknown): never {
  throw new Error(`EdgeRuntime: request "${request.id}" failed on variant "${action.variantId}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

export class Drain {
  /** Most requests to take from the queue (Infinity for a whole drain). */
  limit = 0;
  /** Requests taken from the queue so far: served, dropped or deferred. */
  handled = 0;
  served = 0;
  dropped = 0;
  deferred = 0;
  last: RuntimeEvent | null = null;
  /** The request in flight, and the state and action it is served under. */
  request: InferenceRequest | null = null;
  state: ControllerState | null = null;
  action: ControllerAction | null = null;
  /** Device time its serving started, it was awake, and its switch (if any) ended, s. */
  startS = 0;
  awakeS = 0;
  switchedS = 0;
  /** The in-flight inference's continuations, made once per Drain. */
  readonly onOutput: (output: Float32Array) => DrainResult | Promise<DrainResult>;
  readonly onError: (error: unknown) => never;

  constructor(served: (drain: Drain, output: Float32Array) => DrainResult | Promise<DrainResult>) {
    this.onOutput = (output) => served(this, output);
    this.onError = (error) => requestFailed(this.request!, this.action!, error);
  }

  /** Starts a call that takes at most `limit` requests. */
  begin(limit: number): this {
    this.limit = limit;
    this.handled = 0;
    this.served = 0;
    this.dropped = 0;
    this.deferred = 0;
    this.last = null;
    return this;
  }

  /** Records the request about to be served and when its serving started. */
  serving(request: InferenceRequest, state: ControllerState, action: ControllerAction, startS: number, awakeS: number): void {
    this.request = request;
    this.state = state;
    this.action = action;
    this.startS = startS;
    this.awakeS = awakeS;
    this.switchedS = awakeS;
  }

  /** The call's result; lets go of the last request so a spare Drain holds nothing. */
  end(pending: number, nextReadyS: number | null, depleted: boolean): DrainResult {
    const result: DrainResult = { served: this.served, dropped: this.dropped, deferred: this.deferred, pending, nextReadyS, depleted, last: this.last };
    this.request = null;
    this.state = null;
    this.action = null;
    this.last = null;
    return result;
  }
}
