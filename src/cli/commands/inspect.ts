/**
 * `edgewatt inspect <model.onnx | checkpoint | zoo name>`: layers, shapes,
 * parameters, MACs and memory. The table goes to stdout, or with --json one
 * JSON object (the Inspection) — the convention of every Edgewatt command.
 */
import type { Command } from 'commander';
import { summarize } from '../../nn/index.js';
import { createModel } from '../../nn/index.js';
import { loadModelCheckpoint } from '../../train/index.js';
import { resolveModelSource } from '../model-source.js';
import { inspectionFromSummary, type Inspection } from '../inspect/inspection.js';
import { formatInspection } from '../inspect/format-inspection.js';
import { inspectOnnxFile } from '../inspect/inspect-onnx.js';

export async function inspectModel(arg: string): Promise<Inspection> {
  const source = resolveModelSource(arg);
  switch (source.kind) {
    case 'onnx':
      return inspectOnnxFile(source.path);
    case 'checkpoint': {
      const { model, checkpoint } = await loadModelCheckpoint(source.dir);
      const details: Record<string, string | number> = { createdAt: checkpoint.createdAt };
      const epoch = checkpoint.training?.['epoch'];
      if (typeof epoch === 'number') details['epoch'] = epoch;
      return inspectionFromSummary(source.dir, 'checkpoint', summarize(model, model.inputShape), details);
    }
    case 'zoo': {
      const model = createModel(source.name);
      try {
        return inspectionFromSummary(source.name, 'zoo', summarize(model, model.inputShape), { config: JSON.stringify(model.spec.config) });
      } finally {
        model.dispose();
      }
    }
    default:
      return source satisfies never;
  }
}

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .description('print a model\'s layers, shapes, parameters, MACs and memory')
    .argument('<model>', 'an .onnx file, a checkpoint folder (model.json + model.safetensors) or a zoo model name')
    .option('--json', 'print the report as one JSON object on stdout')
    .action(async (arg: string, opts: { json?: boolean }) => {
      const report = await inspectModel(arg);
      process.stdout.write((opts.json ? JSON.stringify(report) : formatInspection(report)) + '\n');
    });
}
