/**
 * Replays time-stamped requests (a recorded sensor stream) through a
 * runtime on a VirtualClock, as a non-preemptive device would have seen
 * them: a request that becomes ready before the next arrival is served
 * first; otherwise the clock idles to the arrival, which is queued and
 * competes by priority and deadline with whatever is waiting. Serving
 * advances the clock only through the executor (wrap a real one in
 * VirtualTimeExecutor), so the whole replay runs as fast as the host
 * computes, with no sleeping. `edgewatt run <ladder> --stream <file>` is
 * meant to be this over the requests read from the stream file.
 */
import type { VirtualClock } from './clock.js';
import type { EdgeRuntime } from './edge-runtime.js';
import type { InferenceRequest } from './request.js';

export interface ReplayResult {
  readonly submitted: number;
  /** Requests not submitted because the store ran dry first. */
  readonly unsubmitted: number;
  readonly pending: number;
  readonly depleted: boolean;
  /** Device time at the end. */
  readonly endS: number;
}

/** Serves what is ready before `untilS` (the next arrival); with no limit, everything, deferred requests included. */
async function serveUntil(runtime: EdgeRuntime, clock: VirtualClock, untilS: number): Promise<void> {
  while (!runtime.depleted) {
    const ready = runtime.nextReadyS;
    if (ready === null) return;
    const startS = Math.max(clock.now(), ready);
    if (startS >= untilS) return;
    clock.advanceTo(startS);
    await runtime.serveNext();
  }
}

export async function replayRequests(runtime: EdgeRuntime, clock: VirtualClock, requests: Iterable<InferenceRequest> | AsyncIterable<InferenceRequest>): Promise<ReplayResult> {
  if (runtime.clock !== clock) throw new RangeError('replayRequests: the runtime must run on the VirtualClock being replayed (options.clock)');
  let submitted = 0;
  let unsubmitted = 0;
  for await (const r of requests) {
    if (runtime.depleted) {
      unsubmitted++;
      continue;
    }
    await serveUntil(runtime, clock, r.arrivalS);
    if (runtime.depleted) {
      unsubmitted++;
      continue;
    }
    if (r.arrivalS > clock.now()) clock.advanceTo(r.arrivalS);
    // Book the idle gap now, so a store that ran dry while idle stops the replay before this request.
    runtime.tick();
    if (runtime.depleted) {
      unsubmitted++;
      continue;
    }
    runtime.submit(r);
    submitted++;
  }
  await serveUntil(runtime, clock, Infinity);
  runtime.tick();
  return { submitted, unsubmitted, pending: runtime.pending, depleted: runtime.depleted, endS: clock.now() };
}
