/**
 * `edgewatt export <checkpoint | zoo name> --onnx out.onnx`: the model as an
 * ONNX file (opset >= 17) that onnxruntime runs. The file is written
 * atomically; the report (file, bytes, nodes, input shape, opset) goes to
 * stdout, as one JSON object with --json.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { createModel, type ZooModel } from '../../nn/index.js';
import { loadModelCheckpoint } from '../../train/index.js';
import { writeOnnxFile } from '../../interop/onnx/export/index.js';
import { parseNumberOption } from '../errors.js';
import { resolveModelSource } from '../model-source.js';

export interface ExportCommandOptions {
  onnx: string;
  opset: number;
  batch?: string;
  json?: boolean;
}

export interface ExportReport {
  source: string;
  file: string;
  bytes: number;
  nodes: number;
  initializers: number;
  inputShape: (number | string)[];
  opset: number;
}

function parseBatch(value: string | undefined): number | 'dynamic' {
  if (value === undefined || value === 'dynamic') return 'dynamic';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`option --batch: expected a positive integer or "dynamic", got "${value}"`);
  return n;
}

export async function exportModelCommand(arg: string, opts: ExportCommandOptions): Promise<ExportReport> {
  const source = resolveModelSource(arg);
  if (source.kind === 'onnx') throw new Error(`${arg} is already an ONNX file; export takes a checkpoint folder or a zoo model name`);
  const batch = parseBatch(opts.batch);
  let model: ZooModel;
  if (source.kind === 'checkpoint') model = (await loadModelCheckpoint(source.dir)).model;
  else model = createModel(source.name);
  try {
    const r = await writeOnnxFile(model, resolve(opts.onnx), { batch, opset: opts.opset, modelName: model.spec.name });
    return { ...r, source: arg, inputShape: [batch === 'dynamic' ? 'N' : batch, ...r.inputShape], opset: opts.opset };
  } finally {
    model.dispose();
  }
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('export a checkpoint (or a zoo model with its initial weights) to ONNX')
    .argument('<model>', 'a checkpoint folder (model.json + model.safetensors) or a zoo model name')
    .requiredOption('--onnx <file>', 'where to write the .onnx file')
    .option('--opset <n>', 'ONNX opset (>= 17)', parseNumberOption('--opset', { integer: true, min: 17 }), 17)
    .option('--batch <n>', 'fixed batch size, or "dynamic" for a symbolic batch axis', 'dynamic')
    .option('--json', 'print the report as one JSON object on stdout')
    .action(async (arg: string, opts: ExportCommandOptions) => {
      const r = await exportModelCommand(arg, opts);
      process.stdout.write(
        (opts.json
          ? JSON.stringify(r)
          : `wrote ${r.file}: ${r.bytes} bytes, ${r.nodes} nodes, ${r.initializers} initializers, input [${r.inputShape.join(', ')}], opset ${r.opset}`) + '\n',
      );
    });
}
