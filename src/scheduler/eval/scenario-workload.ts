/**
 * A scenario device's workload spec → its tasks for one seed: each stream
 * generated on its own random stream (seeded from the run's seed and the
 * stream's index, so adding a stream does not reshuffle the others), the
 * real-data streams read from the data folder, all merged in arrival order.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readNabStream } from '../../data/nab.js';
import { parseWfdbHeader } from '../../data/wfdb/header.js';
import { readWfdbAnnotations } from '../../data/wfdb/record.js';
import { Rng } from '../../engine/random.js';
import type { Criticality } from '../../runtime/request.js';
import { abnormalBeatTasks } from '../workload/abnormal-beats.js';
import { mergeWorkloads } from '../workload/merge.js';
import { nabAnomalyTasks } from '../workload/nab-anomalies.js';
import { periodicTasks } from '../workload/periodic.js';
import { poissonBurstTasks } from '../workload/poisson-burst.js';
import type { Task } from '../workload/task.js';
import type { WorkloadSpec } from './scenario.js';

function template(w: WorkloadSpec, index: number): { relativeDeadlineS: number; criticality?: Criticality; idPrefix: string } {
  return { relativeDeadlineS: w.relativeDeadlineS, ...(w.criticality !== undefined ? { criticality: w.criticality as Criticality } : {}), idPrefix: w.idPrefix ?? `${w.kind}${index}` };
}

/** The tasks of one stream over [0, durationS). */
function streamTasks(w: WorkloadSpec, index: number, durationS: number, seed: number, dataDir: string): Task[] {
  const rng = new Rng((seed * 1_000_003 + index * 7919) >>> 0);
  switch (w.kind) {
    case 'periodic':
      return periodicTasks({ ...template(w, index), periodS: w.periodS, durationS, ...(w.jitterS !== undefined ? { jitterS: w.jitterS } : {}), ...(w.phaseS !== undefined ? { phaseS: w.phaseS } : {}) }, rng);
    case 'poisson':
      return poissonBurstTasks({ ...template(w, index), durationS, diurnal: w.diurnal, ...(w.burst !== undefined ? { burst: w.burst } : {}) }, rng);
    case 'mitbih-abnormal': {
      const hea = join(dataDir, w.record ?? join('ecg-mitbih', '100.hea'));
      const header = parseWfdbHeader(readFileSync(hea, 'latin1'), hea);
      const annotations = readWfdbAnnotations(hea);
      const recordS = (header.samplesPerSignal ?? annotations[annotations.length - 1]!.sample + 1) / header.samplingFrequencyHz;
      const out: Task[] = [];
      // Back to back, as a monitor would see a patient like record 100 for the whole scenario.
      for (let k = 0, offsetS = 0; offsetS < durationS && (k === 0 || w.repeat !== false); k++, offsetS += recordS) {
        const base = template(w, index);
        const tasks = abnormalBeatTasks(annotations, { ...base, idPrefix: `${base.idPrefix}r${k}`, samplingFrequencyHz: header.samplingFrequencyHz, recordName: header.record, offsetS });
        for (const t of tasks) if (t.arrivalS < durationS) out.push(t);
      }
      return out;
    }
    case 'nab-anomalies': {
      const file = join(dataDir, w.file ?? join('nab', 'machine_temperature_system_failure.csv'));
      const stream = readNabStream(dirname(file), basename(file));
      const originS = stream.series.timeS[0]! + (w.offsetH ?? 0) * 3600;
      const tasks = nabAnomalyTasks(stream, { ...template(w, index), originS, ...(w.mode !== undefined ? { mode: w.mode } : {}), ...(w.sampleStride !== undefined ? { sampleStride: w.sampleStride } : {}) });
      return tasks.filter((t) => t.arrivalS >= 0 && t.arrivalS < durationS);
    }
    default:
      return w satisfies never;
  }
}

export function scenarioTasks(workload: readonly WorkloadSpec[], durationS: number, seed: number, dataDir: string): Task[] {
  const tasks = mergeWorkloads(workload.map((w, i) => streamTasks(w, i, durationS, seed, dataDir)));
  if (tasks.length === 0) throw new RangeError(`the workload (${workload.map((w) => w.kind).join(', ')}) produced no task in ${durationS} s; raise a rate or the duration`);
  return tasks;
}
