/**
 * One unit of work the scheduler must place: when it arrives, when its
 * answer is due and how much it matters. Times are seconds of simulation
 * time from the workload's origin (time 0 is midnight of day 0 for the
 * diurnal generators), absolute like the runtime's InferenceRequest
 * (src/runtime/request.ts), so a task maps one-to-one onto a request.
 * Generators take the deadline relative to arrival in their options
 * (`relativeDeadlineS`) and stamp `deadlineS = arrivalS + relativeDeadlineS`.
 */
import { CRITICALITIES, type Criticality } from '../../runtime/request.js';
import { checkOptionsObject } from '../option-checks.js';

export interface Task {
  /** Unique within a workload: `<idPrefix>-<k>`, k counting from 0 in arrival order. */
  readonly id: string;
  /** Arrival time, s. */
  readonly arrivalS: number;
  /** Absolute due time, s: arrivalS + the generator's relative deadline (Infinity: no deadline). */
  readonly deadlineS: number;
  readonly criticality: Criticality;
  /** What produced it, e.g. `mitbih-100:A` (an APC beat) or `poisson:burst`. */
  readonly source?: string;
}

/** What every generator needs to stamp a task; each generator documents its own defaults. */
export interface TaskTemplate {
  /** Seconds from arrival to the deadline, >= 0; Infinity for "no deadline". Required: a deadline is a design decision. */
  relativeDeadlineS: number;
  /** Default: the generator's (critical for the real-data events, normal otherwise). */
  criticality?: Criticality;
  /** Prefix of the ids; give each stream of a merged workload its own. Default: the generator's name. */
  idPrefix?: string;
}

/** The template with its defaults filled in, checked. */
export interface ResolvedTemplate {
  relativeDeadlineS: number;
  criticality: Criticality;
  idPrefix: string;
}

/** Checks the template fields of `options` (RangeError / TypeError naming the option). */
export function resolveTemplate(who: string, options: TaskTemplate, defaults: { criticality: Criticality; idPrefix: string }): ResolvedTemplate {
  checkOptionsObject(who, options);
  const d = options.relativeDeadlineS;
  if (typeof d !== 'number' || Number.isNaN(d) || d < 0) {
    throw new RangeError(`${who}: options.relativeDeadlineS must be a number of seconds >= 0 (Infinity for no deadline), got ${String(d)}`);
  }
  const criticality = options.criticality ?? defaults.criticality;
  if (!CRITICALITIES.includes(criticality)) throw new RangeError(`${who}: options.criticality must be one of ${CRITICALITIES.join(', ')}, got ${JSON.stringify(criticality)}`);
  const idPrefix = options.idPrefix ?? defaults.idPrefix;
  if (typeof idPrefix !== 'string' || idPrefix === '') throw new TypeError(`${who}: options.idPrefix must be a non-empty string, got ${JSON.stringify(idPrefix)}`);
  return { relativeDeadlineS: d, criticality, idPrefix };
}

/** Stamps arrival times (sorted ascending) into tasks `<idPrefix>-0`, `<idPrefix>-1`, ... */
export function stampTasks(template: ResolvedTemplate, arrivalsS: readonly number[], sourceOf: (k: number) => string | undefined): Task[] {
  return arrivalsS.map((arrivalS, k) => {
    const source = sourceOf(k);
    const task: Task = { id: `${template.idPrefix}-${k}`, arrivalS, deadlineS: arrivalS + template.relativeDeadlineS, criticality: template.criticality };
    return source === undefined ? task : { ...task, source };
  });
}

/** Order of a workload: by arrival, ties by id (so a merge is deterministic). */
export function compareTasks(a: Task, b: Task): number {
  if (a.arrivalS !== b.arrivalS) return a.arrivalS - b.arrivalS;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Checks one task's fields (RangeError / TypeError naming `who` and the field). */
export function checkTask(task: Task, who: string): void {
  if (typeof task !== 'object' || task === null) throw new TypeError(`${who}: expected a task { id, arrivalS, deadlineS, criticality }, got ${task === null ? 'null' : typeof task}`);
  if (typeof task.id !== 'string' || task.id === '') throw new TypeError(`${who}: id must be a non-empty string, got ${JSON.stringify(task.id)}`);
  if (typeof task.arrivalS !== 'number' || !Number.isFinite(task.arrivalS)) throw new RangeError(`${who} ("${task.id}"): arrivalS must be a finite time in s, got ${String(task.arrivalS)}`);
  if (typeof task.deadlineS !== 'number' || !(task.deadlineS >= task.arrivalS)) throw new RangeError(`${who} ("${task.id}"): deadlineS must be >= arrivalS (${task.arrivalS} s), got ${String(task.deadlineS)}`);
  if (!CRITICALITIES.includes(task.criticality)) throw new RangeError(`${who} ("${task.id}"): criticality must be one of ${CRITICALITIES.join(', ')}, got ${JSON.stringify(task.criticality)}`);
}
