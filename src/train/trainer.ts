/**
 * The training loop: the thin policy around pure parts (losses, optimizer
 * update rules, schedules, metrics, early stopping, checkpoint files). One
 * step runs inside `tidy`, so every intermediate tensor goes back to the
 * buffer pool and a step allocates nothing new once the pool is warm.
 */
import { noGrad, setCheckNumerics, tensor, tidy, NumericsError, type Tensor } from '../engine/index.js';
import { saveCheckpoint, type ModelDescription } from './checkpoint.js';
import { EarlyStopping } from './early-stopping.js';
import { crossEntropy } from './losses.js';
import { MetricAccumulator } from './metrics.js';
import type { Optimizer } from './optimizer.js';
import { createProgress } from './progress.js';
import type { LrSchedule } from './schedules.js';
import { moduleArrays, type TrainableModel } from './model-arrays.js';

/** A batch as the data layer yields it (structural, so train/ does not depend on data/). */
export interface Batch {
  readonly x: Float32Array;
  readonly shape: readonly number[];
  readonly y: Int32Array;
  readonly size: number;
}

export type BatchSource = Iterable<Batch> & { readonly length?: number };

export interface TrainerOptions {
  model: TrainableModel;
  optimizer: Optimizer;
  epochs: number;
  numClasses: number;
  /** Output and batch -> scalar loss. Default: cross-entropy with `labelSmoothing`. */
  loss?: (output: Tensor, batch: Batch) => Tensor;
  labelSmoothing?: number;
  /** Learning rate per optimizer step (global step count). */
  schedule?: LrSchedule;
  earlyStopping?: { patience: number; minDelta?: number; monitor?: 'accuracy' | 'loss' };
  /** Where the best model (by the monitored validation metric) is saved. */
  checkpoint?: { dir: string; model: ModelDescription };
  progress?: boolean;
  label?: string;
  /** Stop an epoch's training loop after this many seconds (the test budget). */
  timeBudgetS?: number;
  /** Seconds since an arbitrary origin; injected for tests. */
  clock?: () => number;
  onEpoch?: (record: EpochRecord) => void;
}

export interface EvalResult {
  loss: number;
  accuracy: number;
  samples: number;
  confusion: number[][];
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  val?: EvalResult;
  lr: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface TrainHistory {
  epochs: EpochRecord[];
  best?: { epoch: number; value: number; monitor: 'accuracy' | 'loss' };
  stoppedEarly: boolean;
  stoppedByBudget: boolean;
  steps: number;
}

export class Trainer {
  private readonly o: TrainerOptions;
  private readonly clock: () => number;
  private globalStep = 0;

  constructor(opts: TrainerOptions) {
    if (!Number.isInteger(opts.epochs) || opts.epochs < 1) throw new RangeError(`Trainer: epochs must be a positive integer, got ${opts.epochs}`);
    if (!Number.isInteger(opts.numClasses) || opts.numClasses < 1) throw new RangeError(`Trainer: numClasses must be a positive integer, got ${opts.numClasses}`);
    this.o = opts;
    this.clock = opts.clock ?? (() => performance.now() / 1000);
  }

  private lossOf(out: Tensor, batch: Batch): Tensor {
    return this.o.loss ? this.o.loss(out, batch) : crossEntropy(out, batch.y, { labelSmoothing: this.o.labelSmoothing ?? 0 });
  }

  /** One optimisation step on a batch; returns the loss and fills `acc` with the batch's logits. */
  trainStep(batch: Batch, acc?: MetricAccumulator): number {
    const { model, optimizer, schedule } = this.o;
    if (schedule) optimizer.lr = schedule(this.globalStep);
    const loss = tidy(() => {
      const x = tensor(batch.x, batch.shape);
      const out = model.call(x);
      const l = this.lossOf(out, batch);
      const value = l.item();
      if (!Number.isFinite(value)) return value;
      if (acc) acc.add(out.view() as Float32Array, batch.y.subarray(0, batch.size));
      optimizer.zeroGrad();
      l.backward();
      optimizer.step();
      return value;
    });
    if (!Number.isFinite(loss)) this.explainBadLoss(batch, loss);
    this.globalStep++;
    return loss;
  }

  /** Re-runs the forward pass with numerics checks on to name the first primitive that produced NaN/Inf. */
  private explainBadLoss(batch: Batch, loss: number): never {
    let where = 'the loss itself (inputs and outputs of every op were finite)';
    setCheckNumerics(true);
    try {
      noGrad(() => tidy(() => this.lossOf(this.o.model.call(tensor(batch.x, batch.shape)), batch)));
    } catch (e) {
      if (e instanceof NumericsError) where = `primitive "${e.prim}" (${e.message})`;
      else throw e;
    } finally {
      setCheckNumerics(false);
    }
    for (let i = 0; i < batch.x.length; i++) {
      if (!Number.isFinite(batch.x[i]!)) where = `the input batch (element ${i} is ${batch.x[i]})`;
    }
    throw new Error(`Trainer: loss became ${loss} at step ${this.globalStep}; first non-finite value in ${where}. Lower the learning rate or check the data.`);
  }

  evaluate(data: BatchSource): EvalResult {
    const { model, numClasses } = this.o;
    model.eval();
    const acc = new MetricAccumulator(numClasses);
    let lossSum = 0;
    let n = 0;
    for (const batch of data) {
      lossSum += noGrad(() =>
        tidy(() => {
          const out = model.call(tensor(batch.x, batch.shape));
          acc.add(out.view() as Float32Array, batch.y.subarray(0, batch.size));
          return this.lossOf(out, batch).item() * batch.size;
        }),
      );
      n += batch.size;
    }
    model.train();
    return { loss: n ? lossSum / n : NaN, accuracy: acc.accuracy(), samples: n, confusion: acc.confusionMatrix() };
  }

  async fit(train: BatchSource, val?: BatchSource): Promise<TrainHistory> {
    const o = this.o;
    const monitor = o.earlyStopping?.monitor ?? 'accuracy';
    const stopper = new EarlyStopping({ patience: o.earlyStopping?.patience ?? Number.MAX_SAFE_INTEGER, minDelta: o.earlyStopping?.minDelta ?? 0, mode: monitor === 'accuracy' ? 'max' : 'min' });
    const history: TrainHistory = { epochs: [], stoppedEarly: false, stoppedByBudget: false, steps: 0 };
    const started = this.clock();
    o.model.train();
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const t0 = this.clock();
      const progress = createProgress({ total: train.length ?? 0, label: `${o.label ?? 'train'} epoch ${epoch}/${o.epochs}`, enabled: o.progress ?? true, clock: this.clock });
      const acc = new MetricAccumulator(o.numClasses);
      let lossSum = 0;
      let samples = 0;
      try {
        for (const batch of train) {
          const loss = this.trainStep(batch, acc);
          lossSum += loss * batch.size;
          samples += batch.size;
          progress.increment({ loss, samples });
          if (o.timeBudgetS !== undefined && this.clock() - started > o.timeBudgetS) {
            history.stoppedByBudget = true;
            break;
          }
        }
      } finally {
        progress.stop();
      }
      const seconds = this.clock() - t0;
      const record: EpochRecord = {
        epoch,
        trainLoss: samples ? lossSum / samples : NaN,
        trainAccuracy: acc.accuracy(),
        lr: o.optimizer.lr,
        seconds,
        samplesPerSecond: seconds > 0 ? samples / seconds : 0,
      };
      if (val) record.val = this.evaluate(val);
      history.epochs.push(record);
      o.onEpoch?.(record);
      if (record.val) {
        const value = monitor === 'accuracy' ? record.val.accuracy : record.val.loss;
        const decision = stopper.update(value);
        if (decision.improved) {
          history.best = { epoch, value, monitor };
          if (o.checkpoint) {
            await saveCheckpoint(o.checkpoint.dir, { arrays: moduleArrays(o.model), model: o.checkpoint.model, training: { epoch, [`val_${monitor}`]: value, steps: this.globalStep } });
          }
        }
        if (decision.stop) {
          history.stoppedEarly = true;
          break;
        }
      }
      if (history.stoppedByBudget) break;
    }
    history.steps = this.globalStep;
    return history;
  }
}
