/**
 * Event-driven critical work from a real machine stream: the labelled
 * anomaly windows of a Numenta Anomaly Benchmark file (src/data/nab.ts).
 * Two readings of "an anomaly arrives", chosen by `mode`:
 *
 * - 'window-start' (default): one critical task at the first sample of each
 *   window. NAB's scoring rewards the earliest detection inside a window
 *   and counts later ones in the same window for nothing (Lavin & Ahmad,
 *   "Evaluating real-time anomaly detection algorithms — the Numenta
 *   Anomaly Benchmark", IEEE ICMLA 2015, the scoring function), so the
 *   window start is when the critical work appears and its deadline is how
 *   early the alarm must come.
 * - 'samples': one critical task per `sampleStride`-th sample inside each
 *   window (the first sample of the window included): a monitor that
 *   re-runs its model on every reading while the machine is anomalous. The
 *   rate is the stream's sample rate over the stride (one sample per 5 min
 *   in machine_temperature_system_failure.csv, per hour in
 *   ambient_temperature_system_failure.csv).
 *
 * Times are seconds after `originS` (default the stream's first sample), so
 * the workload starts at 0 like the generated ones. A window that no sample
 * falls in (`firstIndex` -1) is something the device never saw and makes no
 * task.
 */
import type { NabStream } from '../../data/nab.js';
import { checkFinite, checkIntegerAtLeast } from '../option-checks.js';
import { resolveTemplate, stampTasks, type Task, type TaskTemplate } from './task.js';

export type NabTaskMode = 'window-start' | 'samples';

export interface NabAnomalyOptions extends TaskTemplate {
  /** Default 'window-start' (see the file comment). */
  mode?: NabTaskMode;
  /** In 'samples' mode, a task every this many samples inside a window (integer >= 1). Default 1. */
  sampleStride?: number;
  /** Stream time that is workload time 0, s since the epoch. Default: the first sample's time. */
  originS?: number;
}

const WHO = 'nabAnomalyTasks';

/** Critical tasks from the stream's windows (default criticality 'critical', ids `nab-<k>`), ascending. */
export function nabAnomalyTasks(stream: Pick<NabStream, 'key' | 'series' | 'windows'>, options: NabAnomalyOptions): Task[] {
  const template = resolveTemplate(WHO, options, { criticality: 'critical', idPrefix: 'nab' });
  const t = stream?.series?.timeS;
  if (t === undefined || t.length === 0) throw new RangeError(`${WHO}: stream.series must hold at least one sample (an empty trace has no anomalies to see), got ${t === undefined ? 'no series' : '0 samples'}`);
  const mode = options.mode ?? 'window-start';
  if (mode !== 'window-start' && mode !== 'samples') throw new RangeError(`${WHO}: options.mode must be 'window-start' or 'samples', got ${JSON.stringify(mode)}`);
  const stride = checkIntegerAtLeast(WHO, 'options.sampleStride', options.sampleStride ?? 1, 1);
  if (options.sampleStride !== undefined && mode !== 'samples') throw new RangeError(`${WHO}: options.sampleStride applies to mode 'samples' only; mode is '${mode}'`);
  const originS = checkFinite(WHO, 'options.originS', options.originS ?? t[0]!, 's');
  const indices: number[] = [];
  const windowOf: number[] = [];
  const windows = stream.windows.map((w, k) => ({ w, k })).filter(({ w }) => w.firstIndex >= 0);
  windows.sort((a, b) => a.w.firstIndex - b.w.firstIndex);
  for (const { w, k } of windows) {
    const last = mode === 'window-start' ? w.firstIndex : w.lastIndex;
    for (let i = w.firstIndex; i <= last; i += stride) {
      indices.push(i);
      windowOf.push(k);
    }
  }
  for (let k = 1; k < indices.length; k++) {
    if (indices[k]! <= indices[k - 1]!) throw new RangeError(`${WHO}: the windows of ${stream.key} overlap (sample ${indices[k]} is in two windows)`);
  }
  return stampTasks(
    template,
    indices.map((i) => t[i]! - originS),
    (k) => `nab:${stream.key}#window${windowOf[k]}`,
  );
}
