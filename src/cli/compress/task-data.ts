/**
 * The data a compression run needs, found from the model it compresses: a
 * `cnn1d` checkpoint is a HAR model (STM32 accelerometer recordings, split by
 * file), a `resnet8` one an image classifier: on CIFAR-10 (real or generated
 * CIFAR-format batches, test batch as validation) when its checkpoint says so
 * or it has CIFAR-10's shape (10 classes, 32×32), else on the Tiny-ImageNet
 * folder at the checkpoint's input size. Training batches drive fine-tuning after
 * pruning and distillation; calibration batches are a fixed, seeded slice of
 * the training split (never validation); validation batches give every
 * rung's accuracy.
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Rng } from '../../engine/random.js';
import { cifar10ImageSize, cifar10NumClasses, compose, SYNTHETIC_CIFAR10_VERSION, DataLoader, loadCifar10, loadHarDataset, loadTinyImageNet, randomCropWithPadding, randomHorizontalFlip, type Dataset, type HarDataset } from '../../data/index.js';
import type { Batch, BatchSource } from '../../train/index.js';
import type { ZooModel } from '../../nn/index.js';
import type { SensorInput } from '../../compress/index.js';
import { IMAGENET_NORMALIZATION } from '../commands/train-tiny-imagenet.js';
import { CIFAR10_NORMALIZATION, generateCifar10, resolveCifar10Data, type CheckpointDataset } from '../commands/train-cifar10.js';

/** The tasks whose data the CLI knows how to find. */
export type Task = 'har' | 'tiny-imagenet' | 'cifar10';

export interface TaskData {
  task: Task;
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
  /** The dataset folder (HAR recordings, Tiny-ImageNet's train/ and val/, or CIFAR-10 binary batches). */
  dir: string;
  /** The checkpoint's model.json `dataset` field: picks the task, and for CIFAR-10 the image counts trained with. */
  dataset?: CheckpointDataset;
  /** Samples for calibration (default 512), taken from the training split. */
  calibrationSamples: number;
  batchSize: number;
  seed: number;
  /** Decoded-image cache folder for Tiny-ImageNet. */
  cacheDir: string;
}

/**
 * Which task a zoo model belongs to; other models cannot be compressed from the CLI yet.
 * A ResNet-8 is CIFAR-10's when its checkpoint's `dataset` says so, or, for checkpoints
 * without one, when it has CIFAR-10's shape (10 classes, 32×32); else Tiny-ImageNet's.
 */
export function taskOf(model: ZooModel, dataset?: CheckpointDataset): Task {
  if (model.spec.name === 'cnn1d') return 'har';
  if (model.spec.name === 'resnet8') {
    if (dataset !== undefined) return dataset.name === 'cifar10' ? 'cifar10' : 'tiny-imagenet';
    const cifarShaped = model.spec.config['numClasses'] === cifar10NumClasses && model.inputShape[1] === cifar10ImageSize;
    return cifarShaped ? 'cifar10' : 'tiny-imagenet';
  }
  throw new Error(`compress: the CLI knows data for cnn1d (HAR) and resnet8 (CIFAR-10 or Tiny-ImageNet) checkpoints, not "${model.spec.name}"; use the edgewatt/compress API with your own batches`);
}

/**
 * The CIFAR-10 folder to compress with: --calib; else the folder the checkpoint
 * was trained on; else, when that generated folder is gone, the same data
 * generated again (generation is seeded, so the files are identical) —
 * refused when the folder came from an older generator, whose images the
 * current one cannot reproduce; else the shared copy or generated data, as
 * `edgewatt train cifar10` picks.
 */
export function cifar10DataDir(calib: string | undefined, dataset: CheckpointDataset | undefined, cacheDir: string): string {
  if (calib !== undefined) return resolveCifar10Data({ data: calib, trainImages: 0, valImages: 0, cacheDir }).dir;
  if (dataset?.dir && existsSync(dataset.dir)) return dataset.dir;
  if (dataset?.synthetic && dataset.trainImages > 0 && dataset.valImages > 0) {
    if (!basename(dataset.dir).includes(`-v${SYNTHETIC_CIFAR10_VERSION}-`)) {
      throw new Error(`compress: the checkpoint was trained on generated CIFAR-format data in ${dataset.dir}, which is gone, from an older generator than this one (version ${SYNTHETIC_CIFAR10_VERSION}), so it cannot be made again; retrain with \`edgewatt train cifar10\` or pass --calib <CIFAR-10 folder>`);
    }
    return generateCifar10(cacheDir, dataset.trainImages, dataset.valImages).dir;
  }
  return resolveCifar10Data({ trainImages: dataset?.trainImages || 5000, valImages: dataset?.valImages || 1000, cacheDir }).dir;
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
  const task = taskOf(model, o.dataset);
  const rng = new Rng(o.seed);
  if (task === 'cifar10') return loadCifar10TaskData(o, rng);
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
    task: 'tiny-imagenet',
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

/**
 * CIFAR-10 batches as the model was trained on them: the first N training
 * records and the first M of test_batch.bin (the validation set), N and M
 * from the checkpoint's `dataset` field (all records when it has none).
 */
async function loadCifar10TaskData(o: TaskDataOptions, rng: Rng): Promise<TaskData> {
  const dir = resolve(o.dir);
  const limit = (n: number | undefined) => (n ? { limit: n } : {});
  const train = await loadCifar10(dir, { split: 'train', normalize: CIFAR10_NORMALIZATION, ...limit(o.dataset?.trainImages) });
  const val = await loadCifar10(dir, { split: 'test', normalize: CIFAR10_NORMALIZATION, ...limit(o.dataset?.valImages) });
  // As in `edgewatt train cifar10`: pad 4 px and crop, plus horizontal flips (He et al. 2016, sec. 4.2).
  const augment = compose(randomCropWithPadding(4), randomHorizontalFlip());
  const kind = o.dataset?.synthetic ? 'GENERATED CIFAR-format data, not real CIFAR-10' : 'CIFAR-10 test batch';
  return {
    task: 'cifar10',
    datasetLabel: `${kind} (${val.dataset.length} validation images, 32×32)`,
    numClasses: train.classNames.length,
    classes: train.classNames,
    train: new DataLoader(train.dataset, { batchSize: o.batchSize, shuffle: true, rng, transform: augment }),
    calibration: calibrationBatches(train.dataset, o.calibrationSamples, o.batchSize, o.seed),
    val: new DataLoader(val.dataset, { batchSize: 256, shuffle: false }),
    trainSamples: train.dataset.length,
    valSamples: val.dataset.length,
  };
}
