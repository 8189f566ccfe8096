/**
 * The options of `distill` and their checks. Everything that can be checked
 * without running a model is checked here, before any work starts; the
 * shapes are checked next by one probe batch (distill-probe.ts).
 */
import type { Tensor } from '../../engine/index.js';
import { Module } from '../../nn/index.js';
import type { BatchSource, Optimizer, TrainerOptions } from '../../train/index.js';
import { checkDistillationLossOptions } from './distillation-loss.js';
import { modulesAt } from './feature-capture.js';

/** One feature hint: the student module at `student` learns to predict the teacher module at `teacher`. */
export interface HintSpec {
  /** Dotted module path in the student (`namedModules()`), e.g. `stack2`. */
  student: string;
  /** Dotted module path in the teacher. */
  teacher: string;
  /** Weight (> 0) of this hint's mean squared error in the loss. */
  weight: number;
}

/** Trainer options that pass through unchanged. */
export type DistillTrainerOptions = Pick<TrainerOptions, 'schedule' | 'progress' | 'label' | 'timeBudgetS' | 'earlyStopping' | 'checkpoint' | 'clock' | 'onEpoch'>;

export interface DistillOptions extends DistillTrainerOptions {
  /** The trained model to learn from; run in eval mode under noGrad, never updated. */
  teacher: Module;
  /** The model trained; its outputs must be [N, numClasses] logits like the teacher's. */
  student: Module;
  train: BatchSource;
  val?: BatchSource;
  epochs: number;
  numClasses: number;
  /** Softmax temperature T > 0 of the soft targets. */
  temperature: number;
  /** Weight α ∈ [0, 1] of the soft targets; 1 − α weights the labels. */
  alpha: number;
  hints?: readonly HintSpec[];
  /**
   * Builds the optimizer over the parameters it is given (the student's and
   * the hint adapters'). Default: AdamW with `lr`.
   */
  optimizer?: (params: Tensor[]) => Optimizer;
  /** Learning rate of the default optimizer. Default DEFAULT_DISTILL_LR. */
  lr?: number;
  /** Seed of the hint adapters' initial weights. Default 0. */
  seed?: number;
}

/** Adam's default step size (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1). */
export const DEFAULT_DISTILL_LR = 1e-3;

const WHO = 'distill';
/** How many shared tensor names an error lists before "and N more". */
const LISTED_NAMES = 5;

function checkPositiveInt(name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`${WHO}: ${name} must be a positive integer, got ${String(v)}`);
}

function checkHints(o: DistillOptions): void {
  if (o.hints === undefined) return;
  if (!Array.isArray(o.hints)) throw new TypeError(`${WHO}: hints must be an array of { student, teacher, weight }`);
  o.hints.forEach((h: HintSpec, i) => {
    if (typeof h?.student !== 'string' || typeof h.teacher !== 'string') {
      throw new TypeError(`${WHO}: hints[${i}] needs string module paths "student" and "teacher"`);
    }
    if (typeof h.weight !== 'number' || !Number.isFinite(h.weight) || h.weight <= 0) {
      throw new RangeError(`${WHO}: hints[${i}].weight must be a finite number > 0, got ${String(h.weight)}`);
    }
  });
  modulesAt(o.student, o.hints.map((h) => h.student), 'student', WHO);
  modulesAt(o.teacher, o.hints.map((h) => h.teacher), 'teacher', WHO);
}

/**
 * A teacher that shares a tensor with the student would be trained with
 * it (a pruned model that reuses the original's untouched layers, or the
 * same instance passed twice): name the shared tensors.
 */
function checkSeparateModels(teacher: Module, student: Module): void {
  if (teacher === student) {
    throw new Error(`${WHO}: the teacher and the student are the same model; pass a separate copy of the original as the teacher (rebuild it and loadStateDict)`);
  }
  const studentTensors = new Set(student.stateDict().values());
  const shared = [...teacher.stateDict()].filter(([, t]) => studentTensors.has(t)).map(([name]) => `"${name}"`);
  if (shared.length) {
    const more = shared.length > LISTED_NAMES ? ` and ${shared.length - LISTED_NAMES} more` : '';
    throw new Error(
      `${WHO}: the teacher shares tensors with the student (${shared.slice(0, LISTED_NAMES).join(', ')}${more}), so training the student would change the teacher; ` +
        'give the teacher its own copy of the weights (rebuild it and loadStateDict)',
    );
  }
}

/** Throws the first problem with `o`, naming the option and what was expected. */
export function checkDistillOptions(o: DistillOptions): void {
  if (!(o.teacher instanceof Module)) throw new TypeError(`${WHO}: teacher must be a Module`);
  if (!(o.student instanceof Module)) throw new TypeError(`${WHO}: student must be a Module`);
  checkSeparateModels(o.teacher, o.student);
  checkPositiveInt('epochs', o.epochs);
  checkPositiveInt('numClasses', o.numClasses);
  checkDistillationLossOptions(o, WHO);
  if (o.lr !== undefined && !(Number.isFinite(o.lr) && o.lr > 0)) throw new RangeError(`${WHO}: lr must be a finite number > 0, got ${o.lr}`);
  if (o.optimizer !== undefined && typeof o.optimizer !== 'function') {
    throw new TypeError(`${WHO}: optimizer must be a function (params) => Optimizer, called with the student's and the adapters' parameters`);
  }
  if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new RangeError(`${WHO}: seed must be an integer, got ${o.seed}`);
  if (o.train === null || typeof (o.train as Partial<Iterable<unknown>>)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`${WHO}: train must be an iterable of batches (e.g. a DataLoader)`);
  }
  checkHints(o);
}

/** The optimizer must update every parameter it was given and no teacher parameter. */
export function checkOptimizerParams(optimizer: Optimizer, given: readonly Tensor[], teacher: Module): void {
  const updated = new Set(optimizer.params);
  const missing = given.filter((p) => !updated.has(p));
  if (missing.length) {
    throw new Error(`${WHO}: the optimizer from options.optimizer leaves out ${missing.length} of the ${given.length} parameters it was given (the student's and the hint adapters'); build it over all of them`);
  }
  const teacherParam = teacher.namedParameters().find(([, p]) => updated.has(p));
  if (teacherParam) throw new Error(`${WHO}: the optimizer from options.optimizer updates the teacher's parameter "${teacherParam[0]}"; the teacher must stay fixed`);
}
