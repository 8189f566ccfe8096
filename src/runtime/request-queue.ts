/**
 * The pending requests, in serving order: critical first, then earliest
 * deadline first (EDF: Liu & Layland 1973 — on one server it meets every
 * deadline any order could meet), ties by criticality (normal before
 * background), then arrival order. A request is not served before it is
 * ready: its arrival time, or the time a controller deferred it to.
 *
 * A sorted array with binary insertion: an IoT device's queue holds a
 * handful of requests, for which a splice beats a heap's pointer chasing,
 * and serving order is then a plain scan.
 */
import type { Criticality, InferenceRequest } from './request.js';

/**
 * Smoothing constant of the inter-arrival EWMA. An EWMA with α = 2/(N+1)
 * has the centre of mass of an N-sample moving average (Hunter 1986, "The
 * exponentially weighted moving average", J. Quality Technology 18(4)); α =
 * 0.2 is N = 9: a sensor that changes its rate is tracked within about ten
 * arrivals, while one jittery gap moves the estimate by only a fifth.
 */
export const ARRIVAL_EWMA_ALPHA = 0.2;

const RANK: Readonly<Record<Criticality, number>> = { critical: 0, normal: 1, background: 2 };

interface Entry {
  readonly request: InferenceRequest;
  readonly seq: number;
  /** Earliest device time it may be served. */
  readyS: number;
}

/** True when `a` is served before `b`. */
function before(a: Entry, b: Entry): boolean {
  const ca = a.request.criticality === 'critical';
  const cb = b.request.criticality === 'critical';
  if (ca !== cb) return ca;
  if (a.request.deadlineS !== b.request.deadlineS) return a.request.deadlineS < b.request.deadlineS;
  const ra = RANK[a.request.criticality];
  const rb = RANK[b.request.criticality];
  if (ra !== rb) return ra < rb;
  return a.seq < b.seq;
}

export class RequestQueue {
  private readonly entries: Entry[] = [];
  private seq = 0;
  private lastArrivalS: number | null = null;
  /** EWMA of inter-arrival gaps, s; null until two arrivals were seen. */
  private gapEwmaS: number | null = null;

  get length(): number {
    return this.entries.length;
  }

  /** Adds a newly arrived request and updates the arrival-rate estimate from its arrivalS. */
  push(request: InferenceRequest): void {
    const last = this.lastArrivalS;
    if (last !== null && request.arrivalS >= last) {
      const gap = request.arrivalS - last;
      this.gapEwmaS = this.gapEwmaS === null ? gap : ARRIVAL_EWMA_ALPHA * gap + (1 - ARRIVAL_EWMA_ALPHA) * this.gapEwmaS;
    }
    // An out-of-order stamp (clock skew between producers) is queued but not taken as a negative gap.
    if (last === null || request.arrivalS > last) this.lastArrivalS = request.arrivalS;
    this.insert({ request, seq: this.seq++, readyS: request.arrivalS });
  }

  /**
   * Puts back a request taken by `popReady`, not ready before `readyS`: a
   * controller's deferral, or a request returned after a failed decision.
   * It keeps its place among equals and is not counted as a new arrival.
   */
  requeue(request: InferenceRequest, readyS: number): void {
    this.insert({ request, seq: this.seq++, readyS: Math.max(readyS, request.arrivalS) });
  }

  /** Takes the first request in serving order that is ready at `nowS`. */
  popReady(nowS: number): InferenceRequest | undefined {
    const e = this.entries;
    for (let i = 0; i < e.length; i++) {
      if (e[i]!.readyS <= nowS) return (i === 0 ? e.shift()! : e.splice(i, 1)[0]!).request;
    }
    return undefined;
  }

  /** The first request in serving order, ready or not. */
  peek(): InferenceRequest | undefined {
    return this.entries[0]?.request;
  }

  /** The earliest device time at which some request is ready, or null when empty. */
  nextReadyS(): number | null {
    let t = Infinity;
    for (const e of this.entries) if (e.readyS < t) t = e.readyS;
    return this.entries.length === 0 ? null : t;
  }

  /** Pending requests whose deadline has passed at `nowS`, in serving order (left in the queue). */
  expired(nowS: number): InferenceRequest[] {
    return this.entries.filter((e) => e.request.deadlineS < nowS).map((e) => e.request);
  }

  /** Removes and returns the pending requests whose deadline has passed at `nowS`. */
  removeExpired(nowS: number): InferenceRequest[] {
    const gone = this.expired(nowS);
    if (gone.length > 0) {
      const keep = this.entries.filter((e) => !(e.request.deadlineS < nowS));
      this.entries.length = 0;
      this.entries.push(...keep);
    }
    return gone;
  }

  /**
   * Arrivals per second: 1 / the EWMA inter-arrival gap, but never more than
   * 1 / (time since the last arrival) — a sensor that stopped is not still
   * arriving at its old rate. 0 until two arrivals have been seen.
   */
  arrivalRateHz(nowS: number): number {
    if (this.gapEwmaS === null || this.lastArrivalS === null) return 0;
    const gap = Math.max(this.gapEwmaS, nowS - this.lastArrivalS);
    return gap > 0 ? 1 / gap : Infinity;
  }

  private insert(entry: Entry): void {
    const e = this.entries;
    // The common case on a device keeping up: the queue is empty or the newcomer goes last.
    if (e.length === 0 || before(e[e.length - 1]!, entry)) {
      e.push(entry);
      return;
    }
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(e[mid]!, entry)) lo = mid + 1;
      else hi = mid;
    }
    e.splice(lo, 0, entry);
  }
}
