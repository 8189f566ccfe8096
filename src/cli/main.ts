#!/usr/bin/env node
/**
 * `edgewatt` — the command line. Each command lives in commands/; results go
 * to stdout (one JSON object with --json), progress and logs to stderr.
 */
import { Command } from 'commander';
import { registerCompressCommand } from './commands/compress.js';
import { registerDetectCommand } from './commands/detect.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerExportCommand } from './commands/export.js';
import { registerGenerateCommand } from './commands/generate.js';
import { registerInspectCommand } from './commands/inspect.js';
import { registerMetersCommand } from './commands/meters.js';
import { registerProfileCommand } from './commands/profile.js';
import { registerRunCommand } from './commands/run.js';
import { registerTrainCommand } from './commands/train.js';
import { reportError } from './errors.js';

const program = new Command();
program
  .name('edgewatt')
  .description('Energy-aware AI for low-power IoT devices: train, inspect, export, compress, profile and serve models, and evaluate energy-aware scheduling.')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');

registerTrainCommand(program);
registerInspectCommand(program);
registerExportCommand(program);
registerCompressCommand(program);
registerProfileCommand(program);
registerMetersCommand(program);
registerRunCommand(program);
registerEvaluateCommand(program);
registerDetectCommand(program);
registerGenerateCommand(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.exitCode = reportError(e);
});
