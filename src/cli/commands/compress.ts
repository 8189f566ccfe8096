/**
 * `edgewatt compress <checkpoint> [--prune 0.5] [--distill-from self|<teacher>]
 *   [--quantize int8,int4,mixed] [--budget-bytes <n> | --budget-uj <µJ> --device <name>
 *   [--engine <id>] [--op-point <id>]] [--calib <data>] [--out <dir>] [--json]`
 *
 * Builds the checkpoint's precision ladder (src/compress/ladder): each rung
 * made, measured on the held-out data and saved as an ONNX file beside a
 * ladder.json the runtime loads. Prints the ladder's table, or with --json
 * the manifest as one JSON object. Every argument is checked before any
 * data is read or any model trained.
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { setBackend } from '../../engine/index.js';
import { buildLadder, type QuantizeMode } from '../../compress/ladder/build-ladder.js';
import { mixedEnergyCosts, type MixedEnergyBudget } from '../../compress/ladder/quantized-rungs.js';
import { checkEnergyBudget, engineIdOf, opPointIdOf } from '../../compress/mixed/energy-costs.js';
import { builtinDeviceIds, loadDeviceProfile, type DeviceProfile } from '../../energy/index.js';
import type { LadderManifest } from '../../compress/ladder/manifest.js';
import { formatLadderTable } from '../../compress/ladder/format-ladder.js';
import { CALIBRATION_METHODS, type CalibrationMethodName } from '../../compress/quantize/index.js';
import type { Module } from '../../nn/index.js';
import { loadModelCheckpoint } from '../../train/index.js';
import { parseNumberOption } from '../errors.js';
import { requireDir, sharedDataDir } from '../data-paths.js';
import { resolveModelSource } from '../model-source.js';
import { cifar10DataDir, loadTaskData, taskOf } from '../compress/task-data.js';
import { readCheckpointDataset } from './train-cifar10.js';

export interface CompressCommandOptions {
  prune?: number;
  importance: string;
  distillFrom?: string;
  temperature: number;
  alpha: number;
  quantize: string;
  calibration: string;
  calib?: string;
  calibSamples: number;
  budgetBytes?: number;
  /** The mixed rung's energy budget, µJ per inference, modelled on --device. */
  budgetUj?: number;
  device?: string;
  engine?: string;
  opPoint?: string;
  fineTuneEpochs?: number;
  lr?: number;
  batchSize: number;
  latencyRuns: number;
  cacheDir: string;
  backend?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

const QUANTIZE_MODES: readonly QuantizeMode[] = ['int8', 'int4', 'mixed', 'nested'];

/**
 * Fine-tuning defaults per task: HAR trains in seconds; a Tiny-ImageNet epoch is minutes on one core;
 * CIFAR-10 as `edgewatt train cifar10` reads it (5,000 images) takes Tiny-ImageNet's settings.
 */
const FINE_TUNE = { har: { epochs: 20, lr: 3e-3 }, 'tiny-imagenet': { epochs: 3, lr: 1e-3 }, cifar10: { epochs: 3, lr: 1e-3 } } as const;

function parseModes(v: string): QuantizeMode[] {
  const modes = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = modes.filter((m) => !QUANTIZE_MODES.includes(m as QuantizeMode));
  if (modes.length === 0 || bad.length) throw new Error(`option --quantize: expected one or more of ${QUANTIZE_MODES.join(', ')} (comma-separated), got "${v}"`);
  return modes as QuantizeMode[];
}

/** Prefixes an error with the option it is about, keeping one line a user can act on. */
function about<T>(option: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new Error(`option ${option}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The mixed rung's energy budget from --budget-uj, --device, --engine and
 * --op-point, checked without the model: the device, engine and operating
 * point must exist (an unknown device lists the known ones).
 */
function energyBudgetOf(opts: CompressCommandOptions, modes: readonly QuantizeMode[]): MixedEnergyBudget | undefined {
  const targetOptions = ([['--device', opts.device], ['--engine', opts.engine], ['--op-point', opts.opPoint]] as const).filter(([, v]) => v !== undefined);
  if (opts.budgetUj === undefined) {
    if (targetOptions.length > 0) throw new Error(`option ${targetOptions[0]![0]} applies to --budget-uj (the mixed rung's energy budget)`);
    return undefined;
  }
  if (!(opts.budgetUj > 0)) throw new Error(`option --budget-uj: must be > 0 µJ per inference, got ${opts.budgetUj}`);
  if (!modes.includes('mixed')) throw new Error('option --budget-uj applies to --quantize mixed');
  if (opts.budgetBytes !== undefined) throw new Error('options --budget-uj and --budget-bytes: the mixed rung has one budget, in µJ per inference or in weight bytes; give one of them');
  if (opts.device === undefined) throw new Error(`option --budget-uj needs --device <name>, the device profile the energy is modelled on: one of ${builtinDeviceIds().join(', ')}, or a profile .json`);
  const profile: DeviceProfile = about('--device', () => loadDeviceProfile(opts.device!));
  const engine = about('--engine', () => engineIdOf(profile, opts.engine));
  const opPoint = about('--op-point', () => opPointIdOf(profile, opts.opPoint));
  return { budgetJ: opts.budgetUj * 1e-6, target: { profile, engine, opPoint } };
}

export async function compressCommand(arg: string, opts: CompressCommandOptions) {
  const modes = parseModes(opts.quantize);
  if (!CALIBRATION_METHODS.includes(opts.calibration as CalibrationMethodName)) {
    throw new Error(`option --calibration: expected one of ${CALIBRATION_METHODS.join(', ')}, got "${opts.calibration}"`);
  }
  if (opts.prune !== undefined && !(opts.prune > 0 && opts.prune < 1)) throw new Error(`option --prune: the fraction of MACs to remove must be in (0, 1), got ${opts.prune}`);
  if (opts.importance !== 'l1' && opts.importance !== 'taylor') throw new Error(`option --importance: expected l1 or taylor, got "${opts.importance}"`);
  if (opts.distillFrom === 'self' && opts.prune === undefined) throw new Error('option --distill-from self: the fp32 model can only teach a pruned copy of itself; add --prune or name a teacher checkpoint');
  if (opts.budgetBytes !== undefined && !modes.includes('mixed')) throw new Error('option --budget-bytes applies to --quantize mixed');
  const energyBudget = energyBudgetOf(opts, modes);
  const source = resolveModelSource(arg);
  if (source.kind !== 'checkpoint') throw new Error(`${arg}: compress needs a trained checkpoint folder (model.json + model.safetensors, as \`edgewatt train\` writes), not ${source.kind === 'onnx' ? 'an ONNX file' : 'a zoo name with untrained weights'}`);
  if (opts.backend) setBackend(opts.backend);

  const loaded = await loadModelCheckpoint(source.dir);
  const model = loaded.model;
  // The float model alone prices every bit assignment: an impossible budget stops here, before data is read or a model trained.
  if (energyBudget) {
    const costs = about('--device', () => mixedEnergyCosts(model, model.inputShape, energyBudget.target));
    about('--budget-uj', () => checkEnergyBudget(costs, energyBudget.budgetJ));
  }
  const dataset = await readCheckpointDataset(source.dir);
  const task = taskOf(model, dataset);
  let teacher: Module | 'self' | undefined = opts.prune !== undefined ? 'self' : undefined;
  if (opts.distillFrom !== undefined && opts.distillFrom !== 'self') {
    const t = resolveModelSource(opts.distillFrom);
    if (t.kind !== 'checkpoint') throw new Error(`option --distill-from: "${opts.distillFrom}" must be "self" or a trained checkpoint folder`);
    const t2 = (await loadModelCheckpoint(t.dir)).model;
    if (t2.inputShape.join(',') !== model.inputShape.join(',')) {
      throw new Error(`option --distill-from: the teacher takes samples of shape [${t2.inputShape.join(', ')}], the student [${model.inputShape.join(', ')}]; both must read the same data`);
    }
    teacher = t2;
  }
  const dataDir = task === 'cifar10'
    ? cifar10DataDir(opts.calib, dataset, opts.cacheDir)
    : requireDir(resolve(opts.calib ?? join(sharedDataDir(), task === 'har' ? 'har-stm32' : 'tiny-imagenet-200')), `${task} data folder`, 'pass --calib <dir> or set EDGEWATT_DATA');
  const data = await loadTaskData(model, { dir: dataDir, ...(dataset ? { dataset } : {}), calibrationSamples: opts.calibSamples, batchSize: opts.batchSize, seed: 0, cacheDir: opts.cacheDir });
  const ft = FINE_TUNE[task];
  const out = resolve(opts.out ?? join('runs', `${model.spec.name}-ladder`));
  const log = opts.quiet ? () => {} : (m: string) => process.stderr.write(`[compress] ${m}\n`);
  const result = await buildLadder({
    name: model.spec.name,
    task,
    inputShape: model.inputShape,
    numClasses: data.numClasses,
    classes: data.classes,
    ...(data.sensorInput !== undefined ? { sensorInput: data.sensorInput } : {}),
    loadModel: async () => (await loadModelCheckpoint(source.dir)).model,
    train: data.train,
    calibration: data.calibration,
    val: data.val,
    datasetLabel: data.datasetLabel,
    outDir: out,
    ...(opts.prune !== undefined ? { prune: { targetMacsRatio: 1 - opts.prune, importance: opts.importance as 'l1' | 'taylor' } } : {}),
    ...(teacher !== undefined ? { distill: { teacher, temperature: opts.temperature, alpha: opts.alpha } } : {}),
    fineTune: { epochs: opts.fineTuneEpochs ?? ft.epochs, lr: opts.lr ?? ft.lr },
    quantize: modes,
    calibrationMethod: opts.calibration as CalibrationMethodName,
    ...(opts.budgetBytes !== undefined ? { mixedBudgetBytes: opts.budgetBytes } : {}),
    ...(energyBudget !== undefined ? { mixedEnergyBudget: energyBudget } : {}),
    latency: { runs: opts.latencyRuns, warmup: Math.min(10, opts.latencyRuns) },
    progress: !opts.quiet,
    log,
  });
  return result;
}

/** Under the table, the energy budget of each mixed rung made under one (recipe.energyBudget, written by quantized-rungs.ts). */
function energyBudgetLines(m: LadderManifest): string[] {
  return m.variants.flatMap((v) => {
    const b = v.recipe['energyBudget'] as { budgetUj: number; modelledUj: number; device: string; engine: string; opPoint: string } | undefined;
    return b === undefined ? [] : [`${v.id}: modelled ${b.modelledUj.toPrecision(6)} µJ of budget ${b.budgetUj} µJ per inference on ${b.device} (engine ${b.engine}, op point ${b.opPoint})`];
  });
}

export function registerCompressCommand(program: Command): void {
  program
    .command('compress')
    .description('prune, distil and quantize a trained checkpoint into a measured precision ladder (ladder.json + ONNX files)')
    .argument('<checkpoint>', 'a checkpoint folder from `edgewatt train` (cnn1d: HAR; resnet8: CIFAR-10 or Tiny-ImageNet)')
    .option('--prune <fraction>', 'structured channel pruning: the fraction of MACs to remove, e.g. 0.5', parseNumberOption('--prune', { min: 0, max: 1 }))
    .option('--importance <kind>', 'channel importance for pruning: l1 or taylor', 'l1')
    .option('--distill-from <teacher>', 'fine-tune with knowledge distillation from a checkpoint, or "self" (the unpruned model; the default with --prune)')
    .option('--temperature <T>', 'distillation temperature', parseNumberOption('--temperature', { min: 0 }), 4)
    .option('--alpha <a>', 'weight of the soft targets in the distillation loss', parseNumberOption('--alpha', { min: 0, max: 1 }), 0.9)
    .option('--quantize <modes>', 'quantized rungs: int8, int4, mixed, nested (one int8 master switchable to int4/int2, saved as nested.safetensors) (comma-separated)', 'int8')
    .option('--calibration <method>', `activation range calibration: ${CALIBRATION_METHODS.join(', ')}`, 'minmax')
    .option('--calib <dir>', 'data folder: its training split calibrates and fine-tunes, its validation split measures (default: the shared HAR or Tiny-ImageNet folder; for CIFAR-10 the folder it was trained on)')
    .option('--calib-samples <n>', 'calibration samples from the training split', parseNumberOption('--calib-samples', { integer: true, min: 1 }), 512)
    .option('--budget-bytes <n>', 'weight-byte budget of the mixed rung (default: the int4 rung\'s size)', parseNumberOption('--budget-bytes', { integer: true, min: 1 }))
    .option('--budget-uj <µJ>', 'energy budget of the mixed rung: modelled µJ per inference on --device (instead of --budget-bytes)', parseNumberOption('--budget-uj', { min: 0 }))
    .option('--device <name>', 'device profile the --budget-uj energy is modelled on (a name from devices/ or a profile .json)')
    .option('--engine <id>', 'engine of --device for --budget-uj (default: the profile\'s default engine)')
    .option('--op-point <id>', 'DVFS operating point of --device for --budget-uj (default: the nominal one)')
    .option('--fine-tune-epochs <n>', 'epochs of fine-tuning after pruning or for distillation', parseNumberOption('--fine-tune-epochs', { integer: true, min: 1 }))
    .option('--lr <x>', 'fine-tuning learning rate', parseNumberOption('--lr', { min: 0 }))
    .option('--batch-size <n>', 'batch size for fine-tuning and calibration', parseNumberOption('--batch-size', { integer: true, min: 2 }), 64)
    .option('--latency-runs <n>', 'timed single-sample inferences per rung and runtime', parseNumberOption('--latency-runs', { integer: true, min: 1 }), 50)
    .option('--cache-dir <dir>', 'decoded-image cache folder (Tiny-ImageNet) and generated CIFAR-format data', '.cache/edgewatt')
    .option('--backend <name>', 'engine backend: wasm or reference (default: best available)')
    .option('--out <dir>', 'ladder folder (default runs/<model>-ladder)')
    .option('--json', 'print the ladder manifest as one JSON object on stdout')
    .option('--quiet', 'no progress output')
    .action(async (arg: string, opts: CompressCommandOptions) => {
      const r = await compressCommand(arg, opts);
      process.stdout.write(opts.json ? JSON.stringify({ ladder: r.manifestPath, ...r.manifest }) + '\n' : `${[formatLadderTable(r.manifest), ...energyBudgetLines(r.manifest)].join('\n')}\nwrote ${r.manifestPath}\n`);
    });
}
