/**
 * `edgewatt train tiny-imagenet`: trains a ResNet-8-class model on the
 * Tiny-ImageNet folder (200 classes, or the first --classes of them) and
 * reports validation accuracy. Images are decoded once into a byte cache
 * (data/tiny-imagenet.ts) and resized to --size (32 by default: ResNet-8 is
 * the MLPerf Tiny CIFAR-sized model, and 32×32 keeps an epoch of 20,000
 * images near a minute on one core). It produces the fp32 models that
 * `edgewatt compress` and the compression benchmark start from.
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { activeBackend, setBackend } from '../../engine/index.js';
import { Rng } from '../../engine/random.js';
import { compose, DataLoader, loadTinyImageNet, randomCropWithPadding, randomHorizontalFlip } from '../../data/index.js';
import { createModel, summarize } from '../../nn/index.js';
import { AdamW, Trainer, cosineLr, warmup } from '../../train/index.js';
import { parseNumberOption } from '../errors.js';
import { addTrainingOptions, fitAndReloadBest } from './fit-best.js';
import { requireDir, sharedDataDir } from '../data-paths.js';

/**
 * Per-channel mean and std of ImageNet's training images, the values
 * torchvision's reference scripts normalise with (references/classification/presets.py);
 * Tiny-ImageNet is an ImageNet subset, so they fit it closely.
 */
export const IMAGENET_NORMALIZATION = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;

export interface TrainTinyImageNetOptions {
  data?: string;
  size: number;
  filters: number;
  classes?: number;
  limitPerClass?: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  cacheDir: string;
  backend?: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
  timeBudget?: number;
}

export function registerTrainTinyImageNet(train: Command): void {
  addTrainingOptions(train.command('tiny-imagenet'), { epochs: 15, batchSize: 64, minBatchSize: 2, lr: 0.002, seedDrives: 'init and shuffling', out: 'runs/tiny-imagenet-resnet8' })
    .description('train ResNet-8 on the Tiny-ImageNet folder and print its validation accuracy')
    .option('--data <dir>', 'Tiny-ImageNet folder (default: ../shared/data/tiny-imagenet-200 or $EDGEWATT_DATA/tiny-imagenet-200)')
    .option('--size <px>', 'image side after resizing', parseNumberOption('--size', { integer: true, min: 8 }), 32)
    .option('--filters <n>', 'ResNet-8 filters in the first stack (16 is MLPerf Tiny\'s; wider makes a teacher)', parseNumberOption('--filters', { integer: true, min: 1 }), 16)
    .option('--classes <n>', 'use only the first N classes', parseNumberOption('--classes', { integer: true, min: 2 }))
    .option('--limit-per-class <n>', 'at most N training images per class', parseNumberOption('--limit-per-class', { integer: true, min: 1 }))
    .option('--cache-dir <dir>', 'decoded-image cache folder', '.cache/edgewatt')
    .action(async (opts: TrainTinyImageNetOptions) => {
      const r = await trainTinyImageNet(opts);
      if (opts.json) {
        process.stdout.write(JSON.stringify(r) + '\n');
        return;
      }
      process.stdout.write(
        [
          `model        resnet8 (${r.filters} filters): ${r.params} params, ${(r.macs / 1e6).toFixed(2)} M MACs per ${r.size}×${r.size} image`,
          `data         ${r.trainImages} training and ${r.valImages} validation images, ${r.classes} classes`,
          `backend      ${r.backend}`,
          `time         ${r.seconds.toFixed(1)} s, ${Math.round(r.samplesPerSecond)} images/s`,
          `checkpoint   ${r.checkpoint} (epoch ${r.bestEpoch})`,
          '',
          `validation accuracy: ${(r.valAccuracy * 100).toFixed(2)}% (top-1)`,
          '',
        ].join('\n'),
      );
    });
}

export async function trainTinyImageNet(opts: TrainTinyImageNetOptions) {
  if (opts.backend) setBackend(opts.backend);
  const root = requireDir(resolve(opts.data ?? join(sharedDataDir(), 'tiny-imagenet-200')), 'Tiny-ImageNet folder', 'pass --data <dir> or set EDGEWATT_DATA');
  const selection = {
    size: opts.size,
    cacheDir: resolve(opts.cacheDir),
    normalize: IMAGENET_NORMALIZATION,
    ...(opts.classes !== undefined ? { classes: opts.classes } : {}),
  };
  const train = await loadTinyImageNet(root, { ...selection, split: 'train', ...(opts.limitPerClass !== undefined ? { limitPerClass: opts.limitPerClass } : {}) });
  const val = await loadTinyImageNet(root, { ...selection, split: 'val' });
  const numClasses = train.wnids.length;
  const config = { inputChannels: 3, inputSize: opts.size, numClasses, numFilters: opts.filters, seed: opts.seed };
  const model = createModel('resnet8', config);
  const summary = summarize(model, [3, opts.size, opts.size]);
  const rng = new Rng(opts.seed);
  // Pad-and-crop by 1/8 of the side plus horizontal flips: the CIFAR recipe of He et al. 2016 (sec. 4.2), 4 px at 32.
  const augment = compose(randomCropWithPadding(Math.max(1, Math.round(opts.size / 8))), randomHorizontalFlip());
  const trainLoader = new DataLoader(train.dataset, { batchSize: opts.batchSize, shuffle: true, rng, transform: augment });
  const valLoader = new DataLoader(val.dataset, { batchSize: 256, shuffle: false });
  const steps = opts.epochs * trainLoader.length;
  const optimizer = new AdamW(model.parameters(), { lr: opts.lr, weightDecay: 5e-4 });
  const out = resolve(opts.out);
  const trainer = new Trainer({
    model,
    optimizer,
    epochs: opts.epochs,
    numClasses,
    schedule: warmup(cosineLr({ base: opts.lr, totalSteps: steps }), { steps: Math.min(200, steps), startFactor: 0.1 }),
    checkpoint: { dir: out, model: { name: 'resnet8', config } },
    progress: !opts.quiet,
    label: `tiny-imagenet resnet8-${opts.filters}`,
    ...(opts.timeBudget !== undefined ? { timeBudgetS: opts.timeBudget } : {}),
  });
  const { history, final, seconds, samplesPerSecond } = await fitAndReloadBest(trainer, model, trainLoader, valLoader, out);
  return {
    task: 'tiny-imagenet',
    model: 'resnet8',
    filters: opts.filters,
    size: opts.size,
    backend: activeBackend().name,
    params: summary.totalParams,
    macs: summary.totalMacs,
    classes: numClasses,
    trainImages: train.dataset.length,
    valImages: val.dataset.length,
    epochs: history.epochs.length,
    stoppedByBudget: history.stoppedByBudget,
    bestEpoch: history.best?.epoch ?? null,
    valAccuracy: final.accuracy,
    valLoss: final.loss,
    seconds,
    samplesPerSecond,
    checkpoint: out,
  };
}
