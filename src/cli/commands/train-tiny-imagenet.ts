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
import { setBackend } from '../../engine/index.js';
import { loadTinyImageNet } from '../../data/index.js';
import { parseNumberOption } from '../errors.js';
import { addTrainingOptions, fitSummary, type TrainingCliOptions } from './fit-best.js';
import { trainResnet8OnImages } from './train-resnet8-images.js';
import { requireDir, sharedDataDir } from '../data-paths.js';

/**
 * Per-channel mean and std of ImageNet's training images, the values
 * torchvision's reference scripts normalise with (references/classification/presets.py);
 * Tiny-ImageNet is an ImageNet subset, so they fit it closely.
 */
export const IMAGENET_NORMALIZATION = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;

export interface TrainTinyImageNetOptions extends TrainingCliOptions {
  data?: string;
  size: number;
  filters: number;
  classes?: number;
  limitPerClass?: number;
  cacheDir: string;
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
  const out = resolve(opts.out);
  const fit = await trainResnet8OnImages({
    train: train.dataset, val: val.dataset, size: opts.size, numClasses, filters: opts.filters, seed: opts.seed,
    epochs: opts.epochs, batchSize: opts.batchSize, lr: opts.lr, warmupSteps: (steps) => Math.min(200, steps), out,
    label: `tiny-imagenet resnet8-${opts.filters}`,
    ...(opts.quiet !== undefined ? { quiet: opts.quiet } : {}),
    ...(opts.timeBudget !== undefined ? { timeBudget: opts.timeBudget } : {}),
  });
  return {
    task: 'tiny-imagenet',
    model: 'resnet8',
    filters: opts.filters,
    size: opts.size,
    backend: fit.backend,
    params: fit.params,
    macs: fit.macs,
    classes: numClasses,
    trainImages: train.dataset.length,
    valImages: val.dataset.length,
    ...fitSummary(fit),
    checkpoint: out,
  };
}
