/**
 * The distiller: trains a student to imitate a fixed teacher with the
 * Trainer, using the soft-target loss of Hinton, Vinyals & Dean 2015
 * (distillation-loss.ts) plus optional FitNets feature hints (Romero et al.
 * 2015; hint-adapter.ts).
 *
 * The Trainer calls the loss with the student's output and the batch; the
 * loss runs the teacher on the same batch (eval mode, noGrad: it never
 * receives a gradient) and reads the hint features that the capture hooks
 * recorded during both forward passes. All of it happens inside the
 * Trainer's per-step `tidy`, so the teacher's tensors go back to the pool
 * with the student's; the captures are cleared before the step ends.
 *
 * Checks come first (options, hint paths, then one probe batch for the
 * logit and feature shapes); hooks, modes and adapters are undone whether
 * training succeeds or not, leaving the teacher as it was given.
 */
import { isGradEnabled, noGrad, Rng, tensor, type Tensor } from '../../engine/index.js';
import type { Module } from '../../nn/index.js';
import { AdamW, Trainer, type Batch, type TrainHistory } from '../../train/index.js';
import { checkDistillOptions, checkOptimizerParams, DEFAULT_DISTILL_LR, type DistillOptions, type HintSpec } from './distill-options.js';
import { firstBatch, probeModels, type HintShapes } from './distill-probe.js';
import { enterEvalMode } from './eval-mode.js';
import { distillationLoss } from './distillation-loss.js';
import { DistillationTarget } from './distillation-target.js';
import { FeatureCapture } from './feature-capture.js';
import { createHintAdapter, hintLoss } from './hint-adapter.js';
import { HintMseLog } from './hint-mse-log.js';

export interface DistillResult {
  /** The student given, trained in place. */
  student: Module;
  history: TrainHistory;
  /** Per hint, per epoch: the mean (unweighted) hint MSE over that epoch's training batches. */
  hintMse: number[][];
}

interface DistillParts {
  teacher: Module;
  hints: readonly HintSpec[];
  adapters: readonly Module[];
  captures: { student: FeatureCapture; teacher: FeatureCapture };
  log: HintMseLog;
}

/** The Trainer's loss: soft and hard targets, plus each weighted hint. */
function distillLossFn(o: DistillOptions, p: DistillParts): (output: Tensor, batch: Batch) => Tensor {
  return (output, batch) => {
    const x = tensor(batch.x, batch.shape);
    const teacherLogits = noGrad(() => p.teacher.call(x));
    let loss = distillationLoss(output, teacherLogits, batch.y.subarray(0, batch.size), o);
    p.hints.forEach((h, i) => {
      const mse = hintLoss(p.adapters[i]!, p.captures.student.get(h.student), p.captures.teacher.get(h.teacher));
      // Training steps only: evaluation (under noGrad) would mix validation into the training curve.
      if (isGradEnabled()) p.log.add(i, mse.item());
      loss = loss.add(mse.mul(h.weight));
    });
    p.captures.student.clear();
    p.captures.teacher.clear();
    return loss;
  };
}

type Captures = DistillParts['captures'];

/** Every check (options, hint paths, one probe batch); returns the installed captures and the hint shapes. */
function prepare(o: DistillOptions): { captures: Captures; shapes: HintShapes[] } {
  checkDistillOptions(o);
  const hints = o.hints ?? [];
  const captures = {
    student: new FeatureCapture(o.student, hints.map((h) => h.student), 'student', 'distill'),
    teacher: new FeatureCapture(o.teacher, hints.map((h) => h.teacher), 'teacher', 'distill'),
  };
  try {
    return { captures, shapes: probeModels({ teacher: o.teacher, student: o.student, numClasses: o.numClasses, hints }, firstBatch(o.train), captures) };
  } catch (e) {
    captures.student.remove();
    captures.teacher.remove();
    throw e;
  }
}

/**
 * Runs every check `distill` runs before training (options, hint paths, the
 * probe batch) and nothing else: a dry run for callers that have work to do
 * before distilling (training the teacher) and want errors first.
 */
export function checkDistillSetup(o: DistillOptions): void {
  const { captures } = prepare(o);
  captures.student.remove();
  captures.teacher.remove();
}

/** Trains `o.student` from `o.teacher`; see the module comment. */
export async function distill(o: DistillOptions): Promise<DistillResult> {
  const { captures, shapes } = prepare(o);
  const hints = o.hints ?? [];
  let adapters: Module[] = [];
  let restoreTeacherModes: (() => void) | undefined;
  try {
    const rng = new Rng(o.seed ?? 0);
    adapters = hints.map((h, i) => createHintAdapter(h, shapes[i]!.student, shapes[i]!.teacher, { rng, who: `distill: hints[${i}]` }));
    const target = new DistillationTarget(o.student, adapters);
    const params = target.parameters();
    const optimizer = o.optimizer ? o.optimizer(params) : new AdamW(params, { lr: o.lr ?? DEFAULT_DISTILL_LR });
    checkOptimizerParams(optimizer, params, o.teacher);
    const log = new HintMseLog(hints.length);
    const trainer = new Trainer({
      model: target,
      optimizer,
      epochs: o.epochs,
      numClasses: o.numClasses,
      loss: distillLossFn(o, { teacher: o.teacher, hints, adapters, captures, log }),
      schedule: o.schedule,
      progress: o.progress,
      label: o.label ?? 'distill',
      timeBudgetS: o.timeBudgetS,
      earlyStopping: o.earlyStopping,
      checkpoint: o.checkpoint,
      clock: o.clock,
      onEpoch: (record) => {
        log.endEpoch();
        o.onEpoch?.(record);
      },
    });
    restoreTeacherModes = enterEvalMode([o.teacher]);
    const history = await trainer.fit(o.train, o.val);
    return { student: o.student, history, hintMse: log.perHint() };
  } finally {
    restoreTeacherModes?.();
    captures.student.remove();
    captures.teacher.remove();
    for (const a of adapters) a.dispose();
  }
}
