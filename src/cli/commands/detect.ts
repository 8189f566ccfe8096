/**
 * `edgewatt detect <stream>`: train a VAE anomaly detector on a recorded
 * stream's normal data and score the stream at each precision of the codec
 * ladder (fp32, int8, int4, mixed) — a NAB-style CSV against its labelled
 * windows (generative/tasks/nab-anomaly.ts), or a WFDB record beat by beat
 * against its annotations (generative/tasks/ecg-anomaly.ts). Prints one row
 * per precision (one JSON object with --json) and writes a score timeline
 * per precision and result.json to the report folder. Every argument is
 * checked before the stream is read; a CSV's gaps and repeated timestamps
 * are refused, or with --repair repaired and listed.
 */
import { basename, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CODEC_PRECISIONS, type CodecPrecision } from '../../generative/precision/codec-variants.js';
import { detectEcg } from '../detect/detect-ecg.js';
import { resolveDetectInputs } from '../detect/detect-inputs.js';
import { detectNab } from '../detect/detect-nab.js';
import type { DetectRunOptions } from '../detect/detect-summary.js';
import { formatDetect } from '../detect/format-detect.js';
import { parsePrecisionOption } from '../detect/precision-option.js';
import { writeDetectReport } from '../detect/write-detect-report.js';
import { parseNumberOption } from '../errors.js';

interface DetectCliOptions {
  labels?: string;
  precision?: CodecPrecision[];
  epochs?: number;
  seed?: number;
  latent?: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  repair?: boolean;
  ladder?: string | boolean;
}

export async function detectCommand(streamArg: string, opts: DetectCliOptions): Promise<void> {
  const inputs = resolveDetectInputs(streamArg, { ...(opts.labels !== undefined ? { labels: opts.labels } : {}), repair: opts.repair === true, ladder: opts.ladder !== undefined });
  const source = inputs.kind === 'ecg' ? inputs.header : inputs.csv;
  const out = resolve(opts.out ?? `reports/detect/${basename(source, extname(source))}`);
  const say = (m: string): void => {
    process.stderr.write(`[detect] ${m}\n`);
  };
  const run: DetectRunOptions = {
    precisions: opts.precision ?? CODEC_PRECISIONS,
    ...(opts.epochs !== undefined ? { epochs: opts.epochs } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.latent !== undefined ? { latent: opts.latent } : {}),
    repair: opts.repair === true,
    ...(opts.ladder !== undefined ? { ladderDir: resolve(typeof opts.ladder === 'string' ? opts.ladder : join(out, 'ladder')) } : {}),
    progress: !opts.quiet,
    log: opts.quiet ? () => undefined : say,
    // A repair is part of the result, not progress: listed even with --quiet.
    onStreamCheck: (lines) => {
      if (opts.repair || !opts.quiet) for (const l of lines) say(`stream check: ${l}`);
    },
  };
  const outcome = inputs.kind === 'ecg' ? await detectEcg(inputs.header, inputs.annotations, run) : await detectNab(inputs.csv, inputs.labels, run);
  const written = await writeDetectReport(outcome, out);
  process.stdout.write(opts.json ? JSON.stringify({ ...outcome.summary, report: written.dir }) + '\n' : formatDetect(outcome.summary));
  process.stderr.write(`report: ${written.dir}\n`);
}

export function registerDetectCommand(program: Command): void {
  program
    .command('detect')
    .description('train a VAE anomaly detector on a recorded stream and score it at each precision: a NAB-style CSV against labelled windows, or a WFDB record (.hea) beat by beat against its annotations')
    .argument('<stream>', 'a CSV with a timestamp column (NAB) or a WFDB header (.hea, with its .atr beside it)')
    .option('--labels <file>', 'NAB label file for a CSV stream (default: combined_windows.json beside it)')
    .option('--precision <list>', `precisions to score, comma-separated, of ${CODEC_PRECISIONS.join(', ')} (default: all)`, parsePrecisionOption)
    .option('--epochs <n>', 'training epochs (default: the task\'s, 30)', parseNumberOption('--epochs', { integer: true, min: 1 }))
    .option('--seed <n>', 'random seed (default 1)', parseNumberOption('--seed', { integer: true, min: 0 }))
    .option('--latent <n>', 'latent dimensions of the VAE (default: 2 for NAB, 8 for ECG)', parseNumberOption('--latent', { integer: true, min: 1 }))
    .option('--out <dir>', 'report folder (default reports/detect/<stream name>)')
    .option('--json', 'print the metrics as one JSON object on stdout')
    .option('--quiet', 'no progress on stderr')
    .option('--ladder [dir]', "also save a detector as a precision ladder (fp32, int8, int4, mixed ONNX + ladder.json, each rung's ROC-AUC measured) for `edgewatt run` and scenario files (default <out>/ladder): an ECG record's trained detector, or for a CSV stream one more detector trained on its first half and scored on the rest")
    .option('--repair', "repair a CSV stream's gaps and repeated timestamps (each listed) instead of refusing it")
    .action((stream: string, opts: DetectCliOptions) => detectCommand(stream, opts));
}
