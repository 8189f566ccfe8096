/**
 * What `edgewatt generate [task]` will run and read, decided before any
 * work: the task (a name from synthesis-tasks.ts), its data folder (--data,
 * else the task's folder in the shared data folder) and the report folder
 * (--out, else reports/generate/<task>). A name no task has, a data folder
 * that is not there, or a report path that is a file is refused here, so
 * no minute of training is spent on a run that could not finish.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sharedDataDir } from '../data-paths.js';
import { isSynthesisTaskName, SYNTHESIS_TASKS, type SynthesisTask, type SynthesisTaskName } from './synthesis-tasks.js';

export interface GenerateInputs {
  name: SynthesisTaskName;
  task: SynthesisTask;
  dataDir: string;
  out: string;
}

export function resolveGenerateInputs(taskArg: string, o: { data?: string; out?: string } = {}): GenerateInputs {
  if (!isSynthesisTaskName(taskArg)) {
    const known = Object.entries(SYNTHESIS_TASKS).map(([name, t]) => `${name} (${t.description})`).join('; ');
    throw new Error(`unknown synthesis task "${taskArg}"; tasks: ${known}`);
  }
  const task: SynthesisTask = SYNTHESIS_TASKS[taskArg];
  const dataDir = resolve(o.data ?? join(sharedDataDir(), task.dataFolder));
  if (!existsSync(dataDir)) {
    const how = o.data === undefined ? `pass --data <dir>, or set EDGEWATT_DATA to a folder holding ${task.dataFolder}/` : 'check the --data option';
    throw new Error(`${taskArg} data folder not found at ${dataDir}; ${how}`);
  }
  if (!statSync(dataDir).isDirectory()) throw new Error(`option --data: ${dataDir} is a file; expected the ${taskArg} dataset folder`);
  const out = resolve(o.out ?? join('reports', 'generate', taskArg));
  if (existsSync(out) && !statSync(out).isDirectory()) throw new Error(`option --out: ${out} is a file; expected a report folder (made if absent)`);
  return { name: taskArg, task, dataDir, out };
}
