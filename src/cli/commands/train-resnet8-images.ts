/**
 * The image-classification training both `edgewatt train tiny-imagenet` and
 * `edgewatt train cifar10` run: the MLPerf Tiny ResNet-8 at a square input,
 * pad-and-crop by 1/8 of the side plus horizontal flips (the CIFAR recipe of
 * He et al. 2016, sec. 4.2: 4 px at 32), AdamW with weight decay 5e-4, a
 * cosine schedule after a linear warm-up, best-epoch checkpointing, then the
 * best checkpoint reloaded and evaluated (fit-best.ts).
 */
import { activeBackend } from '../../engine/index.js';
import { Rng } from '../../engine/random.js';
import { compose, DataLoader, randomCropWithPadding, randomHorizontalFlip, type Dataset } from '../../data/index.js';
import { createModel, summarize } from '../../nn/index.js';
import { AdamW, Trainer, cosineLr, warmup } from '../../train/index.js';
import { fitAndReloadBest, type FitBestResult } from './fit-best.js';

export interface Resnet8ImageTraining {
  train: Dataset;
  val: Dataset;
  size: number;
  numClasses: number;
  filters: number;
  seed: number;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Warm-up steps from the total step count. */
  warmupSteps: (totalSteps: number) => number;
  out: string;
  quiet?: boolean;
  label: string;
  timeBudget?: number;
}

export interface Resnet8ImageResult extends FitBestResult {
  backend: string;
  params: number;
  macs: number;
}

export async function trainResnet8OnImages(o: Resnet8ImageTraining): Promise<Resnet8ImageResult> {
  const config = { inputChannels: 3, inputSize: o.size, numClasses: o.numClasses, numFilters: o.filters, seed: o.seed };
  const model = createModel('resnet8', config);
  const summary = summarize(model, [3, o.size, o.size]);
  const rng = new Rng(o.seed);
  const augment = compose(randomCropWithPadding(Math.max(1, Math.round(o.size / 8))), randomHorizontalFlip());
  const trainLoader = new DataLoader(o.train, { batchSize: o.batchSize, shuffle: true, rng, transform: augment });
  const valLoader = new DataLoader(o.val, { batchSize: 256, shuffle: false });
  const steps = o.epochs * trainLoader.length;
  const optimizer = new AdamW(model.parameters(), { lr: o.lr, weightDecay: 5e-4 });
  const trainer = new Trainer({
    model,
    optimizer,
    epochs: o.epochs,
    numClasses: o.numClasses,
    schedule: warmup(cosineLr({ base: o.lr, totalSteps: steps }), { steps: o.warmupSteps(steps), startFactor: 0.1 }),
    checkpoint: { dir: o.out, model: { name: 'resnet8', config } },
    progress: !o.quiet,
    label: o.label,
    ...(o.timeBudget !== undefined ? { timeBudgetS: o.timeBudget } : {}),
  });
  const fit = await fitAndReloadBest(trainer, model, trainLoader, valLoader, o.out);
  return { ...fit, backend: activeBackend().name, params: summary.totalParams, macs: summary.totalMacs };
}
