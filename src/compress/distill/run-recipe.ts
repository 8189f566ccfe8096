/**
 * Runs a distillation recipe end to end on the caller's batch sources: build
 * the student (and the teacher, unless a trained one is given), check the
 * whole set-up with one probe batch, train the teacher with cross-entropy
 * if needed, distill, and measure both models on the validation data. The
 * CLI and the benchmark call this; the data loading stays with them.
 */
import { createModel, type Module, type ZooModel } from '../../nn/index.js';
import { AdamW, Trainer, type BatchSource, type LrSchedule, type TrainHistory } from '../../train/index.js';
import { checkDistillSetup, distill } from './distill.js';
import { DEFAULT_DISTILL_LR, type DistillOptions } from './distill-options.js';
import type { DistillRecipe } from './recipes.js';
import { measureTeacherAgreement, type TeacherAgreement } from './teacher-agreement.js';

export interface RunDistillRecipeOptions {
  train: BatchSource;
  /** Validation data: per-epoch validation in the histories and the final metrics. */
  val?: BatchSource;
  /** Distillation epochs. */
  epochs: number;
  /** A trained teacher of the recipe's teacher architecture; without one, it is built and trained first. */
  teacher?: Module;
  /** Epochs of teacher training when no teacher is given. Default `epochs`. */
  teacherEpochs?: number;
  /** AdamW learning rate of both runs. Default DEFAULT_DISTILL_LR. */
  lr?: number;
  /** Learning rate per step, applied to both runs (each counts its steps from 0). */
  schedule?: LrSchedule;
  progress?: boolean;
  /** Seconds since an arbitrary origin; injected for tests. */
  clock?: () => number;
}

export interface DistillRecipeMetrics {
  teacherParams: number;
  studentParams: number;
  /** On the validation data; absent without it. */
  val?: TeacherAgreement;
}

export interface DistillRecipeResult {
  recipe: DistillRecipe;
  teacher: Module;
  student: ZooModel;
  /** The distillation run. */
  history: TrainHistory;
  /** The teacher's training run, when this function trained it. */
  teacherHistory?: TrainHistory;
  hintMse: number[][];
  metrics: DistillRecipeMetrics;
}

const WHO = 'runDistillRecipe';

function checkRunOptions(o: RunDistillRecipeOptions): void {
  for (const [name, v] of [['epochs', o.epochs], ['teacherEpochs', o.teacherEpochs ?? 1]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${WHO}: ${name} must be a positive integer, got ${v}`);
  }
  if (o.lr !== undefined && !(Number.isFinite(o.lr) && o.lr > 0)) throw new RangeError(`${WHO}: lr must be a finite number > 0, got ${o.lr}`);
}

async function trainTeacher(recipe: DistillRecipe, teacher: Module, o: RunDistillRecipeOptions): Promise<TrainHistory> {
  const trainer = new Trainer({
    model: teacher,
    optimizer: new AdamW(teacher.parameters(), { lr: o.lr ?? DEFAULT_DISTILL_LR }),
    epochs: o.teacherEpochs ?? o.epochs,
    numClasses: recipe.numClasses,
    schedule: o.schedule,
    progress: o.progress,
    clock: o.clock,
    label: `${recipe.name} teacher`,
  });
  return trainer.fit(o.train, o.val);
}

export async function runDistillRecipe(recipe: DistillRecipe, o: RunDistillRecipeOptions): Promise<DistillRecipeResult> {
  checkRunOptions(o);
  const student = createModel(recipe.student.name, recipe.student.config);
  const teacher = o.teacher ?? createModel(recipe.teacher.name, recipe.teacher.config);
  const options: DistillOptions = {
    teacher,
    student,
    train: o.train,
    val: o.val,
    epochs: o.epochs,
    numClasses: recipe.numClasses,
    temperature: recipe.temperature,
    alpha: recipe.alpha,
    hints: recipe.hints,
    lr: o.lr,
    schedule: o.schedule,
    progress: o.progress,
    clock: o.clock,
    label: `${recipe.name} student`,
  };
  // Errors in the set-up surface now, not after the teacher has trained.
  checkDistillSetup(options);
  const teacherHistory = o.teacher ? undefined : await trainTeacher(recipe, teacher, o);
  const { history, hintMse } = await distill(options);
  const metrics: DistillRecipeMetrics = { teacherParams: teacher.numParameters(), studentParams: student.numParameters() };
  if (o.val) metrics.val = measureTeacherAgreement(teacher, student, o.val, recipe.numClasses);
  return { recipe, teacher, student, history, ...(teacherHistory ? { teacherHistory } : {}), hintMse, metrics };
}
