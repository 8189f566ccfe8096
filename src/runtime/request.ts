/**
 * One inference request: one sample to classify, when it arrived, when the
 * answer is due and how much it matters. Times are absolute device time
 * (the runtime's clock, clock.ts), so a request recorded in a stream replays
 * with the same slack it had on the device.
 */

/**
 * How much a request matters, which decides both queue order and precision:
 * - 'critical': served before anything else, always at the ladder's best
 *   quality (a fall detected, an alarm to confirm);
 * - 'normal': the ordinary sensing loop;
 * - 'background': work that may wait or degrade (logging, periodic summaries).
 */
export type Criticality = 'critical' | 'normal' | 'background';

export const CRITICALITIES: readonly Criticality[] = ['critical', 'normal', 'background'];

/** Every criticality, as keys: the compiler fails here when one is added to the type and not to this table. */
const IS_CRITICALITY: Readonly<Record<Criticality, true>> = { critical: true, normal: true, background: true };

/** True for one of CRITICALITIES: a lookup, as the check runs on every request (`includes` scans and compares strings). */
function isCriticality(c: unknown): c is Criticality {
  return typeof c === 'string' && IS_CRITICALITY[c as Criticality] === true;
}

export interface InferenceRequest {
  /** Unique among the requests a runtime serves; events and errors name the request by it. */
  readonly id: string;
  /** One sample, no batch axis, laid out as the model's input shape. */
  readonly input: Float32Array;
  /** Device time it arrived, s. */
  readonly arrivalS: number;
  /** Device time the answer is due, s (>= arrivalS; Infinity for "whenever"). */
  readonly deadlineS: number;
  readonly criticality: Criticality;
}

export interface RequestInit {
  id: string;
  input: Float32Array;
  arrivalS: number;
  /** Absolute device time; give this or `relativeDeadlineS`. Default: Infinity (no deadline). */
  deadlineS?: number;
  /** Deadline as seconds after arrival. */
  relativeDeadlineS?: number;
  /** Default 'normal'. */
  criticality?: Criticality;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  return typeof v === 'number' ? String(v) : typeof v;
}

/** How messages name a request; built only when one is thrown, since the checks run on every request. */
function named(who: string, r: InferenceRequest): string {
  return `${who} "${r.id}"`;
}

/**
 * Checks a request's fields (the runtime calls it on submit, so requests
 * built by hand are held to the same rules as `createRequest`'s). Throws a
 * TypeError for a wrong type and a RangeError for a value out of range,
 * naming the request and the field.
 */
export function checkRequest(r: InferenceRequest, who = 'request'): void {
  if (typeof r !== 'object' || r === null) throw new TypeError(`${who}: expected an object { id, input, arrivalS, deadlineS, criticality }, got ${describe(r)}`);
  if (typeof r.id !== 'string' || r.id === '') throw new TypeError(`${who}: id must be a non-empty string, got ${describe(r.id)}`);
  if (!(r.input instanceof Float32Array)) throw new TypeError(`${named(who, r)}: input must be a Float32Array (one sample), got ${describe(r.input)}`);
  if (r.input.length === 0) throw new RangeError(`${named(who, r)}: input is empty; it must hold one sample`);
  if (typeof r.arrivalS !== 'number' || !Number.isFinite(r.arrivalS)) throw new RangeError(`${named(who, r)}: arrivalS must be a finite device time in seconds, got ${describe(r.arrivalS)}`);
  if (typeof r.deadlineS !== 'number' || Number.isNaN(r.deadlineS)) throw new RangeError(`${named(who, r)}: deadlineS must be a device time in seconds (Infinity for none), got ${describe(r.deadlineS)}`);
  if (r.deadlineS < r.arrivalS) throw new RangeError(`${named(who, r)}: deadlineS ${r.deadlineS} s is before arrivalS ${r.arrivalS} s; a deadline is absolute device time, not a duration (use relativeDeadlineS)`);
  if (!isCriticality(r.criticality)) throw new RangeError(`${named(who, r)}: criticality must be one of ${CRITICALITIES.join(', ')}, got ${JSON.stringify(r.criticality)}`);
}

/** What createRequest returns: its class marks it as checked, so the runtime need not check it again on submit. */
class CheckedRequest implements InferenceRequest {
  constructor(
    readonly id: string,
    readonly input: Float32Array,
    readonly arrivalS: number,
    readonly deadlineS: number,
    readonly criticality: Criticality,
  ) {}
}

/** True for a request made by createRequest (its fields were checked then; they are read-only). */
export function isCheckedRequest(r: InferenceRequest): boolean {
  return r instanceof CheckedRequest;
}

/** A checked request from its fields; the deadline may be given relative to arrival. */
export function createRequest(init: RequestInit): InferenceRequest {
  if (typeof init !== 'object' || init === null) throw new TypeError(`createRequest: expected { id, input, arrivalS, ... }, got ${describe(init)}`);
  if (init.deadlineS !== undefined && init.relativeDeadlineS !== undefined) {
    throw new RangeError(`createRequest "${init.id}": give deadlineS (absolute) or relativeDeadlineS (after arrival), not both`);
  }
  if (init.relativeDeadlineS !== undefined && !(init.relativeDeadlineS >= 0)) {
    throw new RangeError(`createRequest "${init.id}": relativeDeadlineS must be >= 0 seconds, got ${describe(init.relativeDeadlineS)}`);
  }
  const deadlineS = init.deadlineS ?? (init.relativeDeadlineS !== undefined ? init.arrivalS + init.relativeDeadlineS : Infinity);
  const r = new CheckedRequest(init.id, init.input, init.arrivalS, deadlineS, init.criticality ?? 'normal');
  checkRequest(r, 'createRequest');
  return r;
}
