/**
 * Activation calibration: run a model over representative batches and
 * record, for the model input and every leaf module's output, a histogram
 * of the values (HistogramObserver); then pick each clipping range with a
 * calibration method. Keys are module paths as `namedModules()` gives them
 * ('stack1.main.relu1'), plus 'input' for the model input.
 *
 * The model runs in eval mode (batch norms use their running statistics,
 * dropout is off) under noGrad, observed by post-call hooks; the training
 * flags and hooks are restored even when a batch fails, and nothing in the
 * model is written, so a failed calibration leaves it as it was.
 */
import { formatShape, noGrad, shapesEqual, tensor, tidy, Tensor } from '../../../engine/index.js';
import { Module } from '../../../nn/index.js';
import { calibrateRange, checkCalibrationMethod, type CalibrationMethod } from './calibrate-range.js';
import { DEFAULT_HISTOGRAM_BINS, HistogramObserver, type Histogram } from './histogram.js';
import type { ClipRange } from './histogram-density.js';

/** A batch as the Trainer and DataLoader give it: row-major features and their shape [N, ...sample]. */
export interface ArrayBatch {
  readonly x: Float32Array;
  readonly shape: readonly number[];
}

export type CalibrationBatch = Tensor | ArrayBatch;

export interface ObserveOptions {
  /** Histogram bins per observed tensor. Default 2048. */
  bins?: number;
}

export type CalibrateActivationsOptions = CalibrationMethod & ObserveOptions;

export const INPUT_KEY = 'input';

/** Clipping ranges of the model input ('input') and every leaf module's output, by path. */
export function calibrateActivations(model: Module, batches: Iterable<CalibrationBatch>, options: CalibrateActivationsOptions = { method: 'minmax' }): Map<string, ClipRange> {
  checkCalibrationMethod(options, 'calibrateActivations');
  const histograms = observeActivations(model, batches, options.bins === undefined ? {} : { bins: options.bins }, 'calibrateActivations');
  const out = new Map<string, ClipRange>();
  for (const [path, h] of histograms) out.set(path, calibrateRange(h, options));
  return out;
}

/**
 * The histograms behind calibrateActivations, so several methods can be
 * compared on one pass. A leaf that never ran has no entry.
 */
export function observeActivations(model: Module, batches: Iterable<CalibrationBatch>, options: ObserveOptions = {}, who = 'observeActivations'): Map<string, Histogram> {
  if (!(model instanceof Module)) throw new TypeError(`${who}: model must be a Module`);
  if (batches === null || typeof (batches as Partial<Iterable<unknown>>)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`${who}: batches must be an iterable of tensors or { x, shape } batches`);
  }
  const bins = options.bins ?? DEFAULT_HISTOGRAM_BINS;
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`${who}: bins must be an integer >= 2, got ${bins}`);
  const observers = new Map<string, HistogramObserver>([[INPUT_KEY, new HistogramObserver(bins)]]);
  const removers: (() => void)[] = [];
  const flags = model.namedModules().map(([, m]) => [m, m.training] as const);
  try {
    for (const [path, m] of model.namedModules()) {
      if (!m.isLeaf || path === '') continue;
      const obs = new HistogramObserver(bins);
      observers.set(path, obs);
      removers.push(m.addHooks({ post: (_m, _x, y) => observeOutput(obs, y, path, who) }));
    }
    model.eval();
    runBatches(model, batches, observers.get(INPUT_KEY)!, who);
  } finally {
    for (const remove of removers) remove();
    for (const [m, training] of flags) m.training = training;
  }
  const out = new Map<string, Histogram>();
  for (const [path, obs] of observers) if (obs.total > 0) out.set(path, obs.histogram());
  return out;
}

function observeOutput(obs: HistogramObserver, y: Tensor, path: string, who: string): void {
  try {
    obs.observe(y.view());
  } catch (e) {
    throw new RangeError(`${who}: output of "${path}": ${(e as Error).message}`);
  }
}

function runBatches(model: Module, batches: Iterable<CalibrationBatch>, input: HistogramObserver, who: string): void {
  const declared = (model as { inputShape?: unknown }).inputShape;
  let sample: readonly number[] | null = Array.isArray(declared) ? declared : null;
  const source = Array.isArray(declared) ? `model.inputShape = ${formatShape(declared)}` : 'the first batch';
  let count = 0;
  for (const batch of batches) {
    noGrad(() =>
      tidy(() => {
        const x = batchTensor(batch, count, who);
        sample ??= x.shape.slice(1);
        if (x.rank < 1 || !shapesEqual(x.shape.slice(1), sample)) {
          throw new RangeError(`${who}: batch ${count} has shape ${formatShape(x.shape)}; expected [N, ${sample.join(', ')}] (per-sample shape ${formatShape(sample)} from ${source})`);
        }
        try {
          input.observe(x.view());
        } catch (e) {
          throw new RangeError(`${who}: batch ${count}: ${(e as Error).message}`);
        }
        model.call(x);
      }),
    );
    count++;
  }
  if (count === 0) throw new RangeError(`${who}: the calibration data held no batches; pass at least one batch of representative inputs`);
}

function batchTensor(batch: CalibrationBatch, index: number, who: string): Tensor {
  if (batch instanceof Tensor) return batch;
  const b = batch as Partial<ArrayBatch> | null;
  if (!b || !(b.x instanceof Float32Array) || !Array.isArray(b.shape)) {
    throw new TypeError(`${who}: batch ${index} is neither a Tensor nor a { x: Float32Array, shape } batch`);
  }
  const n = b.shape.reduce((p, d) => p * d, 1);
  if (n !== b.x.length) throw new RangeError(`${who}: batch ${index} has ${b.x.length} values but shape ${formatShape(b.shape)} holds ${n}`);
  return tensor(b.x, b.shape);
}
