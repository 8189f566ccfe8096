/**
 * The synthesis tasks `edgewatt generate [task]` can run, one entry each:
 * the runner (a generative/tasks function returning the one SynthesisResult
 * shape every synthesis task shares), the folder of ../shared/data it reads
 * when --data is not given, and a line for --help and the "unknown task"
 * error. Adding a task is adding an entry here; the command, the table, the
 * charts and the report read only SynthesisResult.
 */
import type { SynthesisResult } from '../../generative/synthesis/synthesis-result.js';
import type { SynthesisTaskOptions as TaskOptions } from '../../generative/synthesis/synthesis-task-options.js';
import { runEcgSynthesis } from '../../generative/tasks/ecg-synthesis.js';
import { runHarSynthesis } from '../../generative/tasks/har-synthesis.js';
import { runMachineTempSynthesis } from '../../generative/tasks/machine-temp-synthesis.js';

/** What the command passes every runner; undefined numbers mean the task's own default. */
export type SynthesisTaskOptions = Required<Pick<TaskOptions, 'precisions' | 'progress' | 'log'>> & Pick<TaskOptions, 'epochs' | 'seed' | 'latent' | 'samplesPerClass'>;

export interface SynthesisTask {
  /** One line: the data and the model. */
  description: string;
  /** The folder under the shared data folder (cli/data-paths.ts) read when --data is not given. */
  dataFolder: string;
  run: (dataDir: string, o: SynthesisTaskOptions) => Promise<SynthesisResult>;
}

export const SYNTHESIS_TASKS = {
  har: {
    description: 'STM32 HAR accelerometer windows (running, stationary, walking), conditional VAE',
    dataFolder: 'har-stm32',
    run: (dataDir, o) => runHarSynthesis(dataDir, o),
  },
  ecg: {
    description: 'normal heart beats of MIT-BIH record 100 (lead MLII, 90 Hz), VAE',
    dataFolder: 'ecg-mitbih',
    run: (dataDir, o) => runEcgSynthesis(dataDir, o),
  },
  'machine-temperature': {
    description: 'NAB machine-temperature days in three operating regimes (1-D k-means on window means), conditional VAE',
    dataFolder: 'nab',
    run: (dataDir, o) => runMachineTempSynthesis(dataDir, o),
  },
} satisfies Record<string, SynthesisTask>;

export type SynthesisTaskName = keyof typeof SYNTHESIS_TASKS;

export const DEFAULT_SYNTHESIS_TASK: SynthesisTaskName = 'har';

export function isSynthesisTaskName(name: string): name is SynthesisTaskName {
  return Object.hasOwn(SYNTHESIS_TASKS, name);
}
