/**
 * The HAR part of `npm run bench:distill`: harDistillRecipe (cnn1d width 64
 * → width 8, soft targets only) on the STM32 recordings, split by recording
 * file with split seed 0 as `edgewatt train har` and bench:compress do, so
 * every model is judged on the same held-out files.
 *
 * The protocol is `edgewatt train har`'s (commands/train.ts): batch 32,
 * AdamW at 0.01 with weight decay 1e-4, 50 warm-up steps from a tenth of the
 * rate into cosine annealing, no augmentation, best validation epoch kept.
 * The teacher is trained once (seed 0); the two students are trained in
 * pairs for each student seed (initial weights and shuffle order), because
 * one figure is noisy next to the effect looked for: on 1,350 validation
 * windows at ~99% top-1 the binomial standard error is about 0.27 pt
 * (√(p(1−p)/n)), and the windows are not independent — they come from 18
 * recordings of 75 windows, and a model that gets one recording wrong loses
 * 5.6 pt at once (seen in the 2026-11-22 run, docs/BENCHMARKS.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/engine/index.js';
import { DataLoader, loadHarDataset } from '../../src/data/index.js';
import { harDistillRecipe, type DistillRecipe } from '../../src/compress/distill/recipes.js';
import { compareDistillation, warmupCosineProtocol, type Comparison, type TrainProtocol } from './compare.js';

/** `edgewatt train har`'s defaults (commands/train.ts), apart from the epochs. */
const HAR_BATCH = 32;
const HAR_LR = 0.01;
const HAR_WEIGHT_DECAY = 1e-4;
const HAR_WARMUP_STEPS = 50;
const HAR_WARMUP_START = 0.1;
/** Evaluation batch of `edgewatt train har`; any size gives the same figures. */
const VAL_BATCH = 256;

export function harProtocol(epochs: number): TrainProtocol {
  return warmupCosineProtocol(epochs, { batchSize: HAR_BATCH, lr: HAR_LR, weightDecay: HAR_WEIGHT_DECAY, warmupSteps: HAR_WARMUP_STEPS, warmupStart: HAR_WARMUP_START, augmentation: 'none' });
}

export interface HarComparison {
  recipe: DistillRecipe;
  protocol: TrainProtocol;
  dataset: string;
  trainWindows: number;
  valWindows: number;
  /** One comparison per student seed; the teacher is the same model in each. */
  runs: { studentSeed: number; comparison: Comparison }[];
  seconds: number;
}

export interface HarComparisonOptions {
  dir: string;
  epochs: number;
  studentSeeds: readonly number[];
  progress?: boolean;
  log?: (message: string) => void;
}

export async function compareHarDistillation(o: HarComparisonOptions): Promise<HarComparison> {
  const t0 = performance.now();
  const har = loadHarDataset(o.dir, { seed: 0 });
  const recipe = harDistillRecipe({ inputChannels: 3, inputLength: har.windowLength, numClasses: har.classes.length, seed: 0 });
  const protocol = harProtocol(o.epochs);
  const work = mkdtempSync(join(tmpdir(), 'edgewatt-bench-distill-har-'));
  const runs: HarComparison['runs'] = [];
  try {
    for (const [i, studentSeed] of o.studentSeeds.entries()) {
      o.log?.(`HAR student seed ${studentSeed}`);
      const comparison = await compareDistillation({
        recipe,
        protocol,
        trainLoader: (seed) => new DataLoader(har.train, { batchSize: HAR_BATCH, shuffle: true, rng: new Rng(seed) }),
        probe: new DataLoader(har.train, { batchSize: HAR_BATCH }),
        val: new DataLoader(har.val, { batchSize: VAL_BATCH }),
        studentSeed,
        checkpoints: { teacher: join(work, 'teacher'), 'ce-student': join(work, `ce-${studentSeed}`), 'kd-student': join(work, `kd-${studentSeed}`) },
        reuse: { teacher: i > 0 },
        ...(o.progress !== undefined ? { progress: o.progress } : {}),
        ...(o.log ? { log: o.log } : {}),
      });
      runs.push({ studentSeed, comparison });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return {
    recipe,
    protocol,
    dataset: `HAR validation windows (${har.valFiles.length} recordings held out by file, split seed 0)`,
    trainWindows: har.train.length,
    valWindows: har.val.length,
    runs,
    seconds: (performance.now() - t0) / 1000,
  };
}
