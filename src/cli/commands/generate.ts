/**
 * `edgewatt generate [task]`: train a (conditional) VAE on a sensor
 * dataset, draw synthetic windows at each precision of the codec ladder
 * (fp32, int8, int4, mixed) and judge them against held-out real windows
 * (MMD², PSD distance, discriminative score, TSTR against TRTR), with the
 * modelled energy of generating one window on two device profiles. Prints
 * one row per precision (one JSON object with --json) and writes a window
 * grid per precision, a quality-vs-energy chart, result.json and, with
 * --samples, the synthetic windows as CSV to the report folder. The task is
 * a name from generate/synthesis-tasks.ts; every argument is checked before
 * the data is read.
 */
import type { Command } from 'commander';
import { CODEC_PRECISIONS, type CodecPrecision } from '../../generative/precision/codec-variants.js';
import { parsePrecisionOption } from '../detect/precision-option.js';
import { parseNumberOption } from '../errors.js';
import { resolveGenerateInputs } from '../generate/generate-inputs.js';
import { generateOutcome } from '../generate/generate-outcome.js';
import { GENERATE_DEVICES } from '../generate/generate-summary.js';
import { formatGenerate } from '../generate/format-generate.js';
import { DEFAULT_SYNTHESIS_TASK, SYNTHESIS_TASKS } from '../generate/synthesis-tasks.js';
import { writeReportFolder } from '../report/write-report-folder.js';

interface GenerateCliOptions {
  data?: string;
  precision?: CodecPrecision[];
  epochs?: number;
  seed?: number;
  latent?: number;
  samples?: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

export async function generateCommand(taskArg: string, opts: GenerateCliOptions): Promise<void> {
  const inputs = resolveGenerateInputs(taskArg, { ...(opts.data !== undefined ? { data: opts.data } : {}), ...(opts.out !== undefined ? { out: opts.out } : {}) });
  const say = (m: string): void => {
    process.stderr.write(`[generate] ${m}\n`);
  };
  const log = opts.quiet ? () => undefined : say;
  log(`${inputs.name}: ${inputs.task.description}; data ${inputs.dataDir}`);
  const result = await inputs.task.run(inputs.dataDir, {
    precisions: opts.precision ?? CODEC_PRECISIONS,
    ...(opts.epochs !== undefined ? { epochs: opts.epochs } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.latent !== undefined ? { latent: opts.latent } : {}),
    ...(opts.samples !== undefined ? { samplesPerClass: opts.samples } : {}),
    progress: !opts.quiet,
    log,
  });
  const outcome = generateOutcome({ name: inputs.name, description: inputs.task.description, dataDir: inputs.dataDir }, result, {
    devices: GENERATE_DEVICES,
    ...(opts.samples !== undefined ? { samplesPerClass: opts.samples } : {}),
  });
  const written = await writeReportFolder(inputs.out, outcome.files, outcome.result);
  process.stdout.write(opts.json ? JSON.stringify({ ...outcome.summary, report: written.dir }) + '\n' : formatGenerate(outcome.summary));
  process.stderr.write(`report: ${written.dir}\n`);
}

export function registerGenerateCommand(program: Command): void {
  const tasks = Object.entries(SYNTHESIS_TASKS).map(([name, t]) => `${name} (${t.description}; data: <shared data>/${t.dataFolder})`).join('; ');
  program
    .command('generate')
    .description('train a (conditional) VAE on a sensor dataset, draw synthetic windows at each precision and score them against held-out real windows (MMD², PSD, discriminative, TSTR), with the modelled energy per generated window')
    .argument('[task]', `the synthesis task: ${tasks}`, DEFAULT_SYNTHESIS_TASK)
    .option('--data <dir>', "the task's dataset folder (default: its folder in $EDGEWATT_DATA, else ../shared/data)")
    .option('--precision <list>', `precisions to draw with, comma-separated, of ${CODEC_PRECISIONS.join(', ')} (default: all)`, parsePrecisionOption)
    .option('--epochs <n>', "training epochs (default: the task's: har 80, ecg 30, machine-temperature 40)", parseNumberOption('--epochs', { integer: true, min: 1 }))
    .option('--seed <n>', 'random seed (default 1)', parseNumberOption('--seed', { integer: true, min: 0 }))
    .option('--latent <n>', "latent dimensions of the VAE (default 8)", parseNumberOption('--latent', { integer: true, min: 1 }))
    .option('--samples <n>', 'also write n synthetic windows per class per precision to synthetic-<precision>.csv (from the draw the metrics scored, so at most as many per class as the training set has)', parseNumberOption('--samples', { integer: true, min: 1 }))
    .option('--out <dir>', 'report folder (default reports/generate/<task>)')
    .option('--json', 'print the metrics as one JSON object on stdout')
    .option('--quiet', 'no progress on stderr')
    .action((task: string, opts: GenerateCliOptions) => generateCommand(task, opts));
}
