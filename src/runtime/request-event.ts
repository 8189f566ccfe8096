/**
 * What the runtime reports: one event per served request, plus the few
 * things that happen between requests (a request dropped or deferred, the
 * meter lost, the store empty). Every event is a flat JSON-able record with
 * a `type`, so a stream of them is JSON lines a notebook or `jq` can read,
 * and the CLI's live summary (runtime-summary.ts) is a fold over them.
 */
import type { Criticality } from './request.js';

/** One served request. Times are device time, s; energies J. */
export interface RequestEvent {
  readonly type: 'request';
  /** Device time the answer was ready. */
  readonly t: number;
  readonly requestId: string;
  readonly variantId: string;
  readonly criticality: Criticality;
  /** From arrival to the start of serving (the controller's decision included in the service, not here). */
  readonly queueWaitS: number;
  /** The inference itself: from the end of the switch (or the start of serving) to the answer. */
  readonly latencyS: number;
  /** Everything this request cost: the switch, if any, and the inference. */
  readonly energyJ: number;
  /** Of energyJ, the switch's share (0 when it did not switch). */
  readonly switchJ: number;
  /** 'meter' when energyJ is a meter's delta, 'model' when the energy model's. */
  readonly energySource: 'meter' | 'model';
  /** True when energyJ is an estimate (always for 'model'; for 'meter', when the meter says so). */
  readonly estimate: boolean;
  readonly deadlineS: number;
  readonly deadlineMet: boolean;
  /** The variant's measured quality (e.g. ladder top-1), null when it was not measured. */
  readonly accuracyProxy: number | null;
  /** State of charge after this request was booked. */
  readonly soc: number;
  readonly switched: boolean;
  /** Device time the switch took (0 when it did not switch). */
  readonly switchS: number;
  /**
   * Device time the wake-up from sleep took before serving: the profile's
   * wakeUp.latencyS when the request found the device asleep on a modelled
   * clock, else 0 (awake; or a wall clock, where a real wake-up is already
   * in the time). With queueWaitS, switchS and latencyS it makes up
   * t − arrival.
   */
  readonly wakeS: number;
  /** Of energyJ, the wake-up's share: the profile's wakeUpJ when it woke (a meter's total is shared by time, as for the switch), else 0. */
  readonly wakeJ: number;
}

/** A request whose deadline had passed when it came up, dropped by `expiredPolicy: 'drop'`. */
export interface DroppedEvent {
  readonly type: 'dropped';
  readonly t: number;
  readonly requestId: string;
  readonly criticality: Criticality;
  readonly deadlineS: number;
}

/** The controller asked to serve a request later. */
export interface DeferredEvent {
  readonly type: 'deferred';
  readonly t: number;
  readonly requestId: string;
  readonly criticality: Criticality;
  /** Device time before which it will not be served. */
  readonly untilS: number;
}

/** The energy store ran dry: the runtime serves nothing more. */
export interface DepletedEvent {
  readonly type: 'depleted';
  readonly t: number;
  readonly soc: number;
  readonly remainingJ: number;
  /** Requests left unserved in the queue. */
  readonly pending: number;
}

/** The meter failed; from this event on, energies come from the model. */
export interface MeterFallbackEvent {
  readonly type: 'meter-fallback';
  readonly t: number;
  readonly meter: string;
  readonly reason: string;
}

export type RuntimeEvent = RequestEvent | DroppedEvent | DeferredEvent | DepletedEvent | MeterFallbackEvent;

/** Anything with a `write(string)`: a file or process.stdout, a test's collector. */
export interface TextSink {
  write(chunk: string): unknown;
}

/**
 * An `onEvent` that writes each event as one JSON object per line (JSON
 * Lines, jsonlines.org). Non-finite numbers (an Infinity deadline) are
 * written as null, as JSON.stringify does. Backpressure is not awaited:
 * events are a few hundred bytes and the runtime must not block on a slow
 * terminal, so a stalled stream buffers in memory.
 */
export function jsonLinesWriter(stream: TextSink): (event: RuntimeEvent) => void {
  if (typeof stream?.write !== 'function') throw new TypeError('jsonLinesWriter: stream must have a write(chunk: string) method (a file stream, process.stdout)');
  return (event) => {
    stream.write(JSON.stringify(event) + '\n');
  };
}
