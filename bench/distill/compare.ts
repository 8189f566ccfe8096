/**
 * The three-way comparison behind `npm run bench:distill`: a recipe's
 * teacher trained with cross-entropy, the recipe's student trained from
 * scratch with cross-entropy (the baseline), and a second student of the
 * same architecture, seed and initial weights distilled from that teacher
 * with the recipe's temperature, α and hints (src/compress/distill/recipes.ts).
 *
 * Every model is trained under one protocol — epochs, AdamW with the same
 * rate and weight decay, a linear warm-up into cosine annealing (Loshchilov
 * & Hutter 2017), one loader seed for both students — and every model keeps the epoch
 * with the best validation accuracy, reloaded from its checkpoint, the
 * protocol `edgewatt train` uses (cli/commands/fit-best.ts). So the only
 * difference between the two students is the teacher's soft targets.
 *
 * The recipe is run through `distill` rather than `runDistillRecipe`, which
 * neither keeps the best epoch nor takes an optimizer other than plain AdamW.
 */
import { trimPools, type Tensor } from '../../src/engine/index.js';
import { createModel, summarize, type ModelSpec, type ZooModel } from '../../src/nn/index.js';
import { AdamW, Trainer, cosineLr, loadCheckpoint, loadModuleArrays, warmup, type BatchSource, type LrSchedule, type TrainHistory } from '../../src/train/index.js';
import { checkDistillSetup, distill } from '../../src/compress/distill/distill.js';
import type { DistillOptions } from '../../src/compress/distill/distill-options.js';
import type { DistillRecipe } from '../../src/compress/distill/recipes.js';
import { measureTeacherAgreement } from '../../src/compress/distill/teacher-agreement.js';

/** How every model of one comparison is trained. */
export interface TrainProtocol {
  epochs: number;
  batchSize: number;
  /** Peak AdamW learning rate, reached after the warm-up. */
  lr: number;
  weightDecay: number;
  /** Warm-up steps given the run's total optimizer steps. */
  warmupSteps: (totalSteps: number) => number;
  /** Learning rate at step 0 as a fraction of `lr`. */
  warmupStartFactor: number;
  /** The schedule in words, for the results file (which cannot hold `warmupSteps`). */
  schedule: string;
  /** What the training loader does to each sample, for the report ("none", "crop+flip"). */
  augmentation: string;
}

/** A protocol of AdamW with a linear warm-up over min(warmupSteps, total) steps from warmupStart×lr, then cosine to 0 (both tasks' `edgewatt train` schedule). */
export function warmupCosineProtocol(epochs: number, c: { batchSize: number; lr: number; weightDecay: number; warmupSteps: number; warmupStart: number; augmentation: string }): TrainProtocol {
  return {
    epochs,
    batchSize: c.batchSize,
    lr: c.lr,
    weightDecay: c.weightDecay,
    warmupSteps: (total) => Math.min(c.warmupSteps, total),
    warmupStartFactor: c.warmupStart,
    schedule: `linear warm-up over min(${c.warmupSteps}, total) steps from ${c.warmupStart}×lr, then cosine to 0`,
    augmentation: c.augmentation,
  };
}

export type Role = 'teacher' | 'ce-student' | 'kd-student';

export interface ComparisonSetup {
  recipe: DistillRecipe;
  protocol: TrainProtocol;
  /**
   * A fresh training loader (batch size `protocol.batchSize`) whose shuffle
   * order and augmentation are drawn from `seed` alone, so two calls with one
   * seed yield the same batches.
   */
  trainLoader: (seed: number) => BatchSource;
  /** An unshuffled, unaugmented source of training batches for distill's shape probe. */
  probe: BatchSource;
  val: BatchSource;
  /** Seed of the students' initial weights and of their loaders. The teacher keeps the recipe's seed. */
  studentSeed: number;
  /** Where each model's best epoch is saved (or, for a reused model, read from). */
  checkpoints: Record<Role, string>;
  /** Load these models from their checkpoint folders instead of training them (the caller has checked the folder holds the recipe's model). */
  reuse?: Partial<Record<'teacher' | 'ce-student', boolean>>;
  progress?: boolean;
  log?: (message: string) => void;
}

export interface ComparedModel {
  role: Role;
  spec: ModelSpec;
  params: number;
  /** Multiply-accumulates per sample (nn/summary.ts). */
  macs: number;
  /** Top-1 on the validation split, of the best epoch's weights. */
  top1: number;
  samples: number;
  /** Fraction of validation samples on which the model's top class is the teacher's; null for the teacher. */
  teacherAgreement: number | null;
  /** The epoch kept (best validation accuracy), as recorded in its checkpoint. */
  bestEpoch: number | null;
  /** Epochs trained in this run; 0 for a reused checkpoint. */
  epochsRun: number;
  /** Training time in this run; null for a reused checkpoint. */
  trainSeconds: number | null;
  /** The checkpoint folder a reused model came from; null when trained here. */
  reusedFrom: string | null;
}

export interface Comparison {
  teacher: ComparedModel;
  ceStudent: ComparedModel;
  kdStudent: ComparedModel;
}

/**
 * The schedule every model follows: linear warm-up into cosine annealing to 0
 * over the run, as `edgewatt train` (commands/train.ts, train-resnet8-images.ts).
 */
export function protocolSchedule(p: TrainProtocol, batchesPerEpoch: number): LrSchedule {
  const totalSteps = Math.max(1, p.epochs * batchesPerEpoch);
  return warmup(cosineLr({ base: p.lr, totalSteps }), { steps: p.warmupSteps(totalSteps), startFactor: p.warmupStartFactor });
}

/**
 * `distill` probes the set-up with the first batch of its training source
 * (distill-probe.ts, firstBatch), which starts one pass over it: a shuffling
 * loader would draw one permutation (and, with augmentation, the first
 * batch's random crops) before training, so the distilled student would see
 * other batches than the cross-entropy student. The first pass is therefore
 * served from the unshuffled probe source and every later one from `train`.
 */
export function withProbePass(probe: BatchSource, train: BatchSource): BatchSource {
  let probed = false;
  return {
    get length() {
      return train.length;
    },
    [Symbol.iterator]() {
      if (probed) return train[Symbol.iterator]();
      probed = true;
      return probe[Symbol.iterator]();
    },
  };
}

function batchesPerEpoch(source: BatchSource, who: string): number {
  if (source.length === undefined) throw new TypeError(`${who}: the training loader must report its length (batches per epoch) for the cosine schedule`);
  return source.length;
}

function optimizerFor(p: TrainProtocol): (params: Tensor[]) => AdamW {
  return (params) => new AdamW(params, { lr: p.lr, weightDecay: p.weightDecay });
}

/** Reloads the best epoch saved in `dir` into `model`; returns the epoch it records. */
async function reloadBest(model: ZooModel, dir: string): Promise<number | null> {
  const saved = await loadCheckpoint(dir);
  loadModuleArrays(model, saved.arrays, dir);
  const epoch = saved.training?.['epoch'];
  return typeof epoch === 'number' ? epoch : null;
}

interface Trained {
  bestEpoch: number | null;
  epochsRun: number;
  trainSeconds: number | null;
  reusedFrom: string | null;
}

function requireBest(history: TrainHistory, label: string): void {
  if (!history.best) throw new Error(`bench:distill: ${label} never produced a validation accuracy, so no epoch was saved (is the validation source empty?)`);
}

async function trainWithCrossEntropy(model: ZooModel, s: ComparisonSetup, seed: number, dir: string, label: string): Promise<Trained> {
  const train = s.trainLoader(seed);
  const t0 = performance.now();
  const history = await new Trainer({
    model,
    optimizer: optimizerFor(s.protocol)(model.parameters()),
    epochs: s.protocol.epochs,
    numClasses: s.recipe.numClasses,
    schedule: protocolSchedule(s.protocol, batchesPerEpoch(train, label)),
    checkpoint: { dir, model: { name: model.spec.name, config: model.spec.config } },
    progress: s.progress ?? false,
    label,
  }).fit(train, s.val);
  requireBest(history, label);
  return { bestEpoch: await reloadBest(model, dir), epochsRun: history.epochs.length, trainSeconds: (performance.now() - t0) / 1000, reusedFrom: null };
}

function distillOptions(s: ComparisonSetup, teacher: ZooModel, student: ZooModel, train: BatchSource, dir: string): DistillOptions {
  const { recipe, protocol } = s;
  return {
    teacher,
    student,
    train,
    val: s.val,
    epochs: protocol.epochs,
    numClasses: recipe.numClasses,
    temperature: recipe.temperature,
    alpha: recipe.alpha,
    hints: recipe.hints,
    optimizer: optimizerFor(protocol),
    seed: s.studentSeed,
    schedule: protocolSchedule(protocol, batchesPerEpoch(train, `${recipe.name} kd-student`)),
    checkpoint: { dir, model: { name: student.spec.name, config: student.spec.config } },
    progress: s.progress ?? false,
    label: `${recipe.name} kd-student`,
  };
}

async function trainDistilled(teacher: ZooModel, student: ZooModel, s: ComparisonSetup, dir: string): Promise<Trained> {
  const train = withProbePass(s.probe, s.trainLoader(s.studentSeed));
  const t0 = performance.now();
  const { history } = await distill(distillOptions(s, teacher, student, train, dir));
  requireBest(history, `${s.recipe.name} kd-student`);
  return { bestEpoch: await reloadBest(student, dir), epochsRun: history.epochs.length, trainSeconds: (performance.now() - t0) / 1000, reusedFrom: null };
}

async function obtain(role: 'teacher' | 'ce-student', model: ZooModel, s: ComparisonSetup, seed: number): Promise<Trained> {
  const dir = s.checkpoints[role];
  if (s.reuse?.[role]) {
    s.log?.(`${role}: reusing ${dir}`);
    return { bestEpoch: await reloadBest(model, dir), epochsRun: 0, trainSeconds: null, reusedFrom: dir };
  }
  s.log?.(`${role}: training ${model.spec.name} ${JSON.stringify(model.spec.config)} for ${s.protocol.epochs} epochs (cross-entropy)`);
  return trainWithCrossEntropy(model, s, seed, dir, `${s.recipe.name} ${role}`);
}

function describeModel(role: Role, model: ZooModel, trained: Trained, s: ComparisonSetup, teacher: ZooModel | null): ComparedModel {
  const summary = summarize(model, [...model.inputShape]);
  // The teacher is measured against itself only for its accuracy; its agreement is not reported.
  const m = measureTeacherAgreement(teacher ?? model, model, s.val, s.recipe.numClasses);
  return {
    role,
    spec: model.spec,
    params: summary.totalParams,
    macs: summary.totalMacs,
    top1: m.studentAccuracy,
    samples: m.samples,
    teacherAgreement: teacher ? m.agreement : null,
    ...trained,
  };
}

export async function compareDistillation(s: ComparisonSetup): Promise<Comparison> {
  const { recipe } = s;
  const studentConfig = { ...recipe.student.config, seed: s.studentSeed };
  const teacher = createModel(recipe.teacher.name, recipe.teacher.config);
  const ceStudent = createModel(recipe.student.name, studentConfig);
  const kdStudent = createModel(recipe.student.name, studentConfig);
  try {
    // Set-up errors (class counts, hint layers) surface before any model trains.
    checkDistillSetup({ ...distillOptions(s, teacher, kdStudent, s.probe, s.checkpoints['kd-student']), train: s.probe });
    // Each phase trains another model at other sizes: its pooled blocks go back to the allocator before the next (engine/storage.ts trimPools).
    const teacherRun = await obtain('teacher', teacher, s, recipe.teacher.config['seed'] ?? 0);
    trimPools();
    const ceRun = await obtain('ce-student', ceStudent, s, s.studentSeed);
    trimPools();
    s.log?.(`kd-student: distilling for ${s.protocol.epochs} epochs (T = ${recipe.temperature}, α = ${recipe.alpha}, ${recipe.hints.length} hint(s))`);
    const kdRun = await trainDistilled(teacher, kdStudent, s, s.checkpoints['kd-student']);
    return {
      teacher: describeModel('teacher', teacher, teacherRun, s, null),
      ceStudent: describeModel('ce-student', ceStudent, ceRun, s, teacher),
      kdStudent: describeModel('kd-student', kdStudent, kdRun, s, teacher),
    };
  } finally {
    for (const m of [teacher, ceStudent, kdStudent]) m.dispose();
  }
}
