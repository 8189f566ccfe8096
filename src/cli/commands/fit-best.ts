/**
 * The end of every `edgewatt train` command: fit with best-epoch
 * checkpointing, then reload the best checkpoint from disk and evaluate it —
 * the model a user deploys, not the last epoch's.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import type { Module } from '../../nn/index.js';
import { parseNumberOption } from '../errors.js';
import { loadCheckpoint, loadModuleArrays, type BatchSource, type EvalResult, type Trainer, type TrainHistory } from '../../train/index.js';

export interface FitBestResult {
  history: TrainHistory;
  /** The reloaded best checkpoint on the validation data. */
  final: EvalResult;
  seconds: number;
  /** Training samples per second over the epochs run. */
  samplesPerSecond: number;
}

export async function fitAndReloadBest(trainer: Trainer, model: Module, train: BatchSource, val: BatchSource, checkpointDir: string): Promise<FitBestResult> {
  const t0 = performance.now();
  const history = await trainer.fit(train, val);
  const seconds = (performance.now() - t0) / 1000;
  const best = await loadCheckpoint(checkpointDir);
  loadModuleArrays(model, best.arrays, join(checkpointDir, 'model.safetensors'));
  const final = trainer.evaluate(val);
  const trained = history.epochs.reduce((a, e) => a + e.samplesPerSecond * e.seconds, 0);
  return { history, final, seconds, samplesPerSecond: trained / seconds };
}

/** The fields every train command reports about its fit, in its JSON and its summary. */
export function fitSummary(fit: FitBestResult) {
  return {
    epochs: fit.history.epochs.length,
    stoppedByBudget: fit.history.stoppedByBudget,
    bestEpoch: fit.history.best?.epoch ?? null,
    valAccuracy: fit.final.accuracy,
    valLoss: fit.final.loss,
    seconds: fit.seconds,
    samplesPerSecond: fit.samplesPerSecond,
  };
}

/** The options addTrainingOptions gives every train command, as commander parses them. */
export interface TrainingCliOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  backend?: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
  /** Stop training after this many seconds (the best checkpoint so far is reported). */
  timeBudget?: number;
}

export interface TrainingOptionDefaults {
  epochs: number;
  batchSize: number;
  /** Smallest batch the model accepts in training (BatchNorm needs 2). */
  minBatchSize: number;
  lr: number;
  /** What the seed drives, for the help text. */
  seedDrives: string;
  out: string;
}

/** The options every `edgewatt train <task>` command shares, with that task's defaults. */
export function addTrainingOptions(cmd: Command, d: TrainingOptionDefaults): Command {
  return cmd
    .option('--epochs <n>', 'epochs', parseNumberOption('--epochs', { integer: true, min: 1 }), d.epochs)
    .option('--batch-size <n>', 'batch size', parseNumberOption('--batch-size', { integer: true, min: d.minBatchSize }), d.batchSize)
    .option('--lr <x>', 'peak learning rate (AdamW, cosine schedule)', parseNumberOption('--lr', { min: 0 }), d.lr)
    .option('--seed <n>', `seed for ${d.seedDrives}`, parseNumberOption('--seed', { integer: true }), 0)
    .option('--backend <name>', 'engine backend: wasm or reference (default: best available)')
    .option('--out <dir>', 'checkpoint folder for the best model', d.out)
    .option('--time-budget <s>', 'stop training after this many seconds', parseNumberOption('--time-budget', { min: 1 }))
    .option('--json', 'print the result as one JSON object on stdout')
    .option('--quiet', 'no progress bar');
}
