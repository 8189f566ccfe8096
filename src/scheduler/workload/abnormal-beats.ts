/**
 * Event-driven critical work from a real ECG: every beat annotation of an
 * MIT-BIH record whose type is not normal becomes a critical task at the
 * annotated beat time — the moment a monitor that classifies each beat
 * would have to confirm an arrhythmic one. Which annotations are beats and
 * what their symbols mean is the WFDB code table in
 * src/data/wfdb/annotation-codes.ts (ecgcodes.h; PhysioBank's "Beat
 * annotations" list): beats are the `isqrs` codes (N L R B A a J S V r F e
 * j n E / f Q ?), and non-beat annotations (rhythm changes '+', noise '~',
 * artifacts '|', ...) never make a task. Normal is 'N' alone by default,
 * as in MIT-BIH's own tables; pass `aamiNormalSymbols` (src/data/wfdb/beats.ts)
 * to treat bundle-branch-block and escape beats as normal too.
 *
 * Record 100 has 2,239 N, 33 A and 1 V beats (MIT-BIH Arrhythmia Database
 * Directory, record 100), so it gives 34 critical tasks.
 */
import type { WfdbAnnotation } from '../../data/wfdb/annotations.js';
import { checkFinite, checkPositive } from '../option-checks.js';
import { resolveTemplate, stampTasks, type Task, type TaskTemplate } from './task.js';

export interface AbnormalBeatOptions extends TaskTemplate {
  /** Sampling frequency of the record the annotations index, Hz (MIT-BIH: 360, from the header). */
  samplingFrequencyHz: number;
  /** Beat symbols that are normal (no task). Default ['N']. */
  normalSymbols?: readonly string[];
  /** Names the record in each task's source, `<recordName>:<symbol>`. Default 'mitbih'. */
  recordName?: string;
  /** Workload time of the record's first sample, s. Default 0. */
  offsetS?: number;
}

const WHO = 'abnormalBeatTasks';

/** One critical task per non-normal beat (default criticality 'critical', ids `beat-<k>`), ascending. */
export function abnormalBeatTasks(annotations: readonly Pick<WfdbAnnotation, 'sample' | 'code' | 'symbol' | 'isBeat'>[], options: AbnormalBeatOptions): Task[] {
  const template = resolveTemplate(WHO, options, { criticality: 'critical', idPrefix: 'beat' });
  if (!Array.isArray(annotations as unknown) || annotations.length === 0) throw new RangeError(`${WHO}: annotations must be a non-empty list (an empty annotation file is no ECG trace), got ${Array.isArray(annotations) ? 'an empty list' : typeof annotations}`);
  const fs = checkPositive(WHO, 'options.samplingFrequencyHz', options.samplingFrequencyHz, 'Hz');
  const offsetS = checkFinite(WHO, 'options.offsetS', options.offsetS ?? 0, 's');
  const normal = new Set(options.normalSymbols ?? ['N']);
  const recordName = options.recordName ?? 'mitbih';
  const beats = annotations.filter((a) => a.isBeat && !normal.has(a.symbol ?? ''));
  for (let k = 1; k < beats.length; k++) {
    if (beats[k]!.sample < beats[k - 1]!.sample) throw new RangeError(`${WHO}: annotations must be in sample order (as a WFDB file stores them); sample ${beats[k]!.sample} follows ${beats[k - 1]!.sample}`);
  }
  return stampTasks(
    template,
    beats.map((a) => offsetS + a.sample / fs),
    (k) => `${recordName}:${beats[k]!.symbol ?? `code ${beats[k]!.code}`}`,
  );
}
