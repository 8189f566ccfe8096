/**
 * `edgewatt train har`: trains the 1-D CNN on the STM32 HAR accelerometer
 * recordings (split by recording file, never by window) and reports the
 * validation accuracy. The README's main job.
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { activeBackend, setBackend } from '../../engine/index.js';
import { DataLoader, loadHarDataset } from '../../data/index.js';
import { createModel, summarize } from '../../nn/index.js';
import { AdamW, Trainer, cosineLr, formatConfusionMatrix, warmup } from '../../train/index.js';
import { Rng } from '../../engine/random.js';
import { addTrainingOptions, fitAndReloadBest, type TrainingCliOptions } from './fit-best.js';
import { requireDir, sharedDataDir } from '../data-paths.js';
import { registerTrainTinyImageNet } from './train-tiny-imagenet.js';
import { registerTrainCifar10 } from './train-cifar10.js';

export interface TrainHarOptions extends TrainingCliOptions {
  data?: string;
}

export function registerTrainCommand(program: Command): void {
  const train = program.command('train').description('train a model');
  registerTrainTinyImageNet(train);
  registerTrainCifar10(train);
  addTrainingOptions(
    train
      .command('har')
      .description('train the 1-D CNN on the STM32 HAR accelerometer data and print its validation accuracy')
      .option('--data <dir>', 'HAR dataset folder (default: ../shared/data/har-stm32 or $EDGEWATT_DATA/har-stm32)'),
    { epochs: 12, batchSize: 32, minBatchSize: 1, lr: 0.01, seedDrives: 'the split, init and shuffling', out: 'runs/har-cnn1d' },
  )
    .action(async (opts: TrainHarOptions) => {
      const result = await trainHar(opts);
      if (opts.json) {
        process.stdout.write(JSON.stringify(result) + '\n');
      } else {
        process.stdout.write(
          [
            `model        cnn1d: ${result.params} params, ${result.macs} MACs per window`,
            `data         ${result.trainWindows} training windows from ${result.trainFiles} files, ${result.valWindows} validation windows from ${result.valFiles} other files`,
            `backend      ${result.backend}`,
            `time         ${result.seconds.toFixed(1)} s, ${Math.round(result.samplesPerSecond)} windows/s`,
            `checkpoint   ${result.checkpoint} (epoch ${result.bestEpoch})`,
            '',
            result.confusion,
            '',
            `validation accuracy: ${(result.valAccuracy * 100).toFixed(2)}%`,
            '',
          ].join('\n'),
        );
      }
    });
}

export async function trainHar(opts: TrainHarOptions) {
  if (opts.backend) setBackend(opts.backend);
  const dir = requireDir(resolve(opts.data ?? join(sharedDataDir(), 'har-stm32')), 'HAR data folder', 'pass --data <dir> or set EDGEWATT_DATA');
  const har = loadHarDataset(dir, { seed: opts.seed });
  const rng = new Rng(opts.seed);
  const config = { inputChannels: 3, inputLength: har.windowLength, numClasses: har.classes.length, seed: opts.seed };
  const model = createModel('cnn1d', config);
  const summary = summarize(model, [3, har.windowLength]);
  const trainLoader = new DataLoader(har.train, { batchSize: opts.batchSize, shuffle: true, rng });
  const valLoader = new DataLoader(har.val, { batchSize: 256, shuffle: false });
  const steps = opts.epochs * trainLoader.length;
  const optimizer = new AdamW(model.parameters(), { lr: opts.lr, weightDecay: 1e-4 });
  const out = resolve(opts.out);
  const trainer = new Trainer({
    model,
    optimizer,
    epochs: opts.epochs,
    numClasses: har.classes.length,
    schedule: warmup(cosineLr({ base: opts.lr, totalSteps: steps }), { steps: Math.min(50, steps), startFactor: 0.1 }),
    checkpoint: { dir: out, model: { name: 'cnn1d', config } },
    progress: !opts.quiet,
    label: 'har cnn1d',
    ...(opts.timeBudget !== undefined ? { timeBudgetS: opts.timeBudget } : {}),
  });
  const { history, final, seconds, samplesPerSecond } = await fitAndReloadBest(trainer, model, trainLoader, valLoader, out);
  return {
    task: 'har',
    model: 'cnn1d',
    backend: activeBackend().name,
    params: summary.totalParams,
    macs: summary.totalMacs,
    classes: har.classes,
    trainFiles: har.trainFiles.length,
    valFiles: har.valFiles.length,
    trainWindows: har.train.length,
    valWindows: har.val.length,
    epochs: history.epochs.length,
    stoppedByBudget: history.stoppedByBudget,
    bestEpoch: history.best?.epoch ?? null,
    valAccuracy: final.accuracy,
    valLoss: final.loss,
    seconds,
    samplesPerSecond,
    checkpoint: out,
    confusionMatrix: final.confusion,
    confusion: formatConfusionMatrix(final.confusion, har.classes),
  };
}
