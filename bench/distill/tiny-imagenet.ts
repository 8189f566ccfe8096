/**
 * The Tiny-ImageNet part of `npm run bench:distill -- --tiny-imagenet`:
 * tinyImageNetDistillRecipe at 32×32 (ResNet-8 with 32 filters → the MLPerf
 * Tiny ResNet-8 with 16, soft targets plus a FitNets hint at stack2).
 *
 * The protocol is `edgewatt train tiny-imagenet`'s, which trained the fp32
 * model bench:compress caches (bench/compress/run.ts: 15 epochs, batch 64,
 * peak rate 0.002, seed 0; cli/commands/train-resnet8-images.ts: AdamW with
 * weight decay 5e-4, 200 warm-up steps from a tenth of the rate into cosine
 * annealing, pad-and-crop by 1/8 of the side and horizontal flips), so that
 * cached model (.cache/edgewatt/models/ti-resnet8-f16) is the cross-entropy
 * student when its model.json matches; the 32-filter teacher is cached
 * beside it (ti-resnet8-f32, about 4× the student's two minutes an epoch on
 * one core) and the distilled student too (ti-resnet8-f16-kd).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/engine/index.js';
import { compose, DataLoader, loadTinyImageNet, randomCropWithPadding, randomHorizontalFlip } from '../../src/data/index.js';
import { tinyImageNetDistillRecipe, type DistillRecipe } from '../../src/compress/distill/recipes.js';
import { IMAGENET_NORMALIZATION } from '../../src/cli/commands/train-tiny-imagenet.js';
import { pickCheckpoint } from './cached-checkpoint.js';
import { compareDistillation, warmupCosineProtocol, type Comparison, type TrainProtocol } from './compare.js';

/** bench/compress/run.ts's fp32 training and train-resnet8-images.ts's optimizer and schedule. */
export const TI_EPOCHS = 15;
const TI_BATCH = 64;
const TI_LR = 0.002;
const TI_WEIGHT_DECAY = 5e-4;
const TI_WARMUP_STEPS = 200;
const TI_WARMUP_START = 0.1;
/** The side every cached Tiny-ImageNet model was trained at (train-tiny-imagenet.ts's default). */
export const TI_SIZE = 32;
const VAL_BATCH = 256;

export function tinyImageNetProtocol(epochs: number): TrainProtocol {
  return warmupCosineProtocol(epochs, { batchSize: TI_BATCH, lr: TI_LR, weightDecay: TI_WEIGHT_DECAY, warmupSteps: TI_WARMUP_STEPS, warmupStart: TI_WARMUP_START, augmentation: 'pad-and-crop by 1/8 of the side, horizontal flip' });
}

export interface TinyImageNetComparisonOptions {
  /** The tiny-imagenet-200 folder. */
  root: string;
  /** Decoded-image cache (the one `edgewatt train tiny-imagenet` used, so the cache is shared). */
  cacheDir: string;
  /** Folder of the cached models (ti-resnet8-f32, ti-resnet8-f16, ...). */
  modelsDir: string;
  /** Default TI_EPOCHS; anything else does not match the cached student's training. */
  epochs?: number;
  /** Default TI_SIZE. */
  size?: number;
  progress?: boolean;
  log?: (message: string) => void;
}

export interface TinyImageNetComparison {
  recipe: DistillRecipe;
  protocol: TrainProtocol;
  dataset: string;
  trainImages: number;
  valImages: number;
  comparison: Comparison;
  seconds: number;
}

export async function compareTinyImageNetDistillation(o: TinyImageNetComparisonOptions): Promise<TinyImageNetComparison> {
  if (!existsSync(o.root)) {
    throw new Error(`bench:distill --tiny-imagenet: the Tiny-ImageNet folder ${o.root} does not exist; set EDGEWATT_DATA to the folder that holds tiny-imagenet-200, or run without --tiny-imagenet`);
  }
  const t0 = performance.now();
  const size = o.size ?? TI_SIZE;
  const common = { size, cacheDir: o.cacheDir, normalize: IMAGENET_NORMALIZATION };
  const train = await loadTinyImageNet(o.root, { ...common, split: 'train' });
  const val = await loadTinyImageNet(o.root, { ...common, split: 'val' });
  const recipe = tinyImageNetDistillRecipe({ inputSize: size, numClasses: train.wnids.length, seed: 0 });
  const protocol = tinyImageNetProtocol(o.epochs ?? TI_EPOCHS);
  const stepsPerEpoch = Math.ceil(train.dataset.length / TI_BATCH);
  const teacher = await pickCheckpoint([join(o.modelsDir, `ti-resnet8-f${recipe.teacher.config['numFilters']}`)], recipe.teacher, stepsPerEpoch);
  const ce = await pickCheckpoint(
    [join(o.modelsDir, `ti-resnet8-f${recipe.student.config['numFilters']}`), join(o.modelsDir, `ti-resnet8-f${recipe.student.config['numFilters']}-ce`)],
    recipe.student,
    stepsPerEpoch,
  );
  const augment = compose(randomCropWithPadding(Math.max(1, Math.round(size / 8))), randomHorizontalFlip());
  const comparison = await compareDistillation({
    recipe,
    protocol,
    trainLoader: (seed) => new DataLoader(train.dataset, { batchSize: TI_BATCH, shuffle: true, rng: new Rng(seed), transform: augment }),
    probe: new DataLoader(train.dataset, { batchSize: TI_BATCH }),
    val: new DataLoader(val.dataset, { batchSize: VAL_BATCH }),
    studentSeed: 0,
    checkpoints: { teacher: teacher.dir, 'ce-student': ce.dir, 'kd-student': join(o.modelsDir, `ti-resnet8-f${recipe.student.config['numFilters']}-kd`) },
    reuse: { teacher: teacher.reuse, 'ce-student': ce.reuse },
    ...(o.progress !== undefined ? { progress: o.progress } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  return {
    recipe,
    protocol,
    dataset: `Tiny-ImageNet val (${val.dataset.length} images, ${train.wnids.length} classes, ${size}×${size})`,
    trainImages: train.dataset.length,
    valImages: val.dataset.length,
    comparison,
    seconds: (performance.now() - t0) / 1000,
  };
}
