/**
 * The end of every `edgewatt train` command: fit with best-epoch
 * checkpointing, then reload the best checkpoint from disk and evaluate it —
 * the model a user deploys, not the last epoch's.
 */
import { join } from 'node:path';
import type { Module } from '../../nn/index.js';
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
