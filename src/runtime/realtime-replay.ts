/**
 * Replays time-stamped requests (a recorded sensor stream) through a
 * runtime on a real clock: each request is submitted when its recorded
 * arrival comes round on the runtime's clock (optionally `speed` times
 * faster), and whatever is queued is served while waiting for the next
 * arrival. This is the stream-replay.ts loop for a runtime that runs on
 * the device itself (the host's clock, measured latencies, a real meter):
 * the device's own time passes, so nothing is modelled but what the
 * meter cannot see. Arrival and deadline are re-stamped onto the runtime's
 * clock, both compressed by `speed`, so a window stays due before the next.
 */
import type { EdgeRuntime } from './edge-runtime.js';
import { createRequest, type InferenceRequest } from './request.js';
import type { ReplayResult } from './stream-replay.js';

export interface RealtimeReplayOptions {
  /** Recorded seconds per real second (> 0); default 1. */
  speed?: number;
  /** Waits this many seconds; default a timer. Tests pass one that moves a fake clock. */
  sleep?: (seconds: number) => Promise<void>;
}

const timerSleep = (seconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, seconds * 1e3));

export async function replayRealtime(runtime: EdgeRuntime, requests: readonly InferenceRequest[], options: RealtimeReplayOptions = {}): Promise<ReplayResult> {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`replayRealtime: speed must be a finite number > 0, got ${speed}`);
  const sleep = options.sleep ?? timerSleep;
  const clock = runtime.clock;
  let submitted = 0;
  let unsubmitted = 0;
  /** Serves what is ready before `untilS` (one at a time: non-preemptive), sleeping until a deferred request's ready time when it comes first. */
  const serveUntil = async (untilS: number): Promise<void> => {
    while (runtime.pending > 0 && !runtime.depleted) {
      const ready = runtime.nextReadyS;
      if (ready === null) return;
      const now = clock.now();
      if (now >= untilS || ready >= untilS) return;
      if (ready > now) await sleep(ready - now);
      else await runtime.serveNext();
    }
  };
  if (requests.length > 0) {
    const first = requests[0]!.arrivalS;
    const start = clock.now();
    for (const r of requests) {
      if (r.arrivalS < first) throw new RangeError(`replayRealtime: request "${r.id}" arrives at ${r.arrivalS} s, before the first request (${first} s); requests must come in arrival order`);
      if (runtime.depleted) {
        unsubmitted++;
        continue;
      }
      const arrivalS = start + (r.arrivalS - first) / speed;
      await serveUntil(arrivalS);
      const waitS = arrivalS - clock.now();
      if (waitS > 0) await sleep(waitS);
      runtime.tick();
      if (runtime.depleted) {
        unsubmitted++;
        continue;
      }
      runtime.submit(createRequest({
        id: r.id, input: r.input, criticality: r.criticality,
        arrivalS,
        deadlineS: r.deadlineS === Infinity ? Infinity : arrivalS + (r.deadlineS - r.arrivalS) / speed,
      }));
      submitted++;
    }
  }
  await serveUntil(Infinity);
  runtime.tick();
  return { submitted, unsubmitted, pending: runtime.pending, depleted: runtime.depleted, endS: clock.now() };
}
