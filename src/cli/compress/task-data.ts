/**
 * The data a compression run needs, found from the model it compresses: a
 * `cnn1d` checkpoint is a HAR model (STM32 accelerometer recordings, split by
 * file), a `resnet8` one an image classifier on the Tiny-ImageNet folder at
 * the checkpoint's input size. Training batches drive fine-tuning after
 * pruning and distillation; calibration batches are a fixed, seeded slice of
 * the training split (never validation); validation batches give every
 * rung's accuracy.
 */
import { resolve } from 'node:path';
import { Rng } from '../../engine/random.js';
import { compose, DataLoader, loadHarDataset, loadTinyImageNet, randomCropWithPadding, randomHorizontalFlip, type Dataset, type HarDataset } from '../../data/index.js';
import type { Batch, BatchSource } from '../../train/index.js';
import type { ZooModel } from '../../nn/index.js';
import type { SensorInput } from '../../compress/index.js';
import { IMAGENET_NORMALIZATION } from '../commands/train-tiny-imagenet.js';

export interface TaskData {
  /** 'har' or 'tiny-imagenet'. */
  task: string;
  /** How the manifest names the evaluation set. */
  datasetLabel: string;
  numClasses: number;
  /** Class names in label order. */
  classes: readonly string[];
  /** For sensor tasks: how a raw stream becomes an input, recorded in the ladder manifest. */
  sensorInput?: SensorInput;
  train: BatchSource;
  calibration: Batch[];
  val: BatchSource;
  trainSamples: number;
  valSamples: number;
}

export interface TaskDataOptions {
  /** The dataset folder (HAR recordings, or Tiny-ImageNet's train/ and val/). */
  dir: string;
  /** Samples for calibration (default 512), taken from the training split. */
  calibrationSamples: number;
  batchSize: number;
  seed: number;
  /** Decoded-image cache folder for Tiny-ImageNet. */
  cacheDir: string;
}

/** Which task a zoo model belongs to; other models cannot be compressed from the CLI yet. */
export function taskOf(model: ZooModel): 'har' | 'tiny-imagenet' {
  if (model.spec.name === 'cnn1d') return 'har';
  if (model.spec.name === 'resnet8') return 'tiny-imagenet';
  throw new Error(`compress: the CLI knows data for cnn1d (HAR) and resnet8 (Tiny-ImageNet) checkpoints, not "${model.spec.name}"; use the edgewatt/compress API with your own batches`);
}

/** The first `n` samples of a seeded permutation of the dataset, in batches. */
function calibrationBatches(ds: Dataset, n: number, batchSize: number, seed: number): Batch[] {
  const loader = new DataLoader(ds, { batchSize, shuffle: true, rng: new Rng(seed ^ 0x5eed) });
  const out: Batch[] = [];
  let taken = 0;
  for (const b of loader) {
    if (taken >= n) break;
    // The loader reuses its buffers: copy what we keep.
    out.push({ x: b.x.slice(), shape: [...b.shape], y: b.y.slice(), size: b.size });
    taken += b.size;
  }
  return out;
}

/**
 * The HAR windows as a device must make them: the recordings' x, y, z in
 * milli-g (the files' `_mg` suffix), ×0.001 to g, standardised with the
 * training files' statistics (har-dataset.ts).
 */
function harSensorInput(har: HarDataset): SensorInput {
  return {
    layout: 'channels-first',
    sampleRateHz: har.sampleRateHz,
    strideSamples: har.stride,
    channels: (['x', 'y', 'z'] as const).map((name, i) => ({ name, unit: 'mg', scale: 1e-3, mean: har.stats.meanG[i]!, std: har.stats.stdG[i]! })),
  };
}

export async function loadTaskData(model: ZooModel, o: TaskDataOptions): Promise<TaskData> {
  const task = taskOf(model);
  const rng = new Rng(o.seed);
  if (task === 'har') {
    // The split must be the one the model was trained with, or validation windows leak into
    // training: `edgewatt train har` splits with the seed it stores in the model config.
    const har = loadHarDataset(resolve(o.dir), { seed: model.spec.config['seed'] ?? 0, windowLength: model.inputShape[1]! });
    return {
      task,
      datasetLabel: `HAR validation windows (${har.valFiles.length} recordings held out by file)`,
      numClasses: har.classes.length,
      classes: har.classes,
      sensorInput: harSensorInput(har),
      train: new DataLoader(har.train, { batchSize: o.batchSize, shuffle: true, rng }),
      calibration: calibrationBatches(har.train, o.calibrationSamples, o.batchSize, o.seed),
      val: new DataLoader(har.val, { batchSize: 256, shuffle: false }),
      trainSamples: har.train.length,
      valSamples: har.val.length,
    };
  }
  const size = model.inputShape[1]!;
  const common = { size, cacheDir: resolve(o.cacheDir), normalize: IMAGENET_NORMALIZATION };
  const train = await loadTinyImageNet(resolve(o.dir), { ...common, split: 'train' });
  const val = await loadTinyImageNet(resolve(o.dir), { ...common, split: 'val' });
  const augment = compose(randomCropWithPadding(Math.max(1, Math.round(size / 8))), randomHorizontalFlip());
  return {
    task,
    datasetLabel: `Tiny-ImageNet val (${val.dataset.length} images, ${size}×${size})`,
    numClasses: train.wnids.length,
    classes: train.wnids,
    train: new DataLoader(train.dataset, { batchSize: o.batchSize, shuffle: true, rng, transform: augment }),
    calibration: calibrationBatches(train.dataset, o.calibrationSamples, o.batchSize, o.seed),
    val: new DataLoader(val.dataset, { batchSize: 256, shuffle: false }),
    trainSamples: train.dataset.length,
    valSamples: val.dataset.length,
  };
}
