/**
 * One probe batch through the teacher and the student before training, so
 * a mismatch (class counts, hint layers at different resolutions) is an
 * error naming both models and shapes rather than a failure deep inside the
 * first step. Both run in eval mode under noGrad (no batch-norm statistic
 * moves); every module's mode is restored afterwards.
 */
import { formatShape, noGrad, tensor, tidy, type Shape, type Tensor } from '../../engine/index.js';
import type { Module } from '../../nn/index.js';
import type { Batch, BatchSource } from '../../train/index.js';
import { enterEvalMode } from './eval-mode.js';
import type { FeatureCapture } from './feature-capture.js';
import { checkHintShapes } from './hint-adapter.js';
import type { HintSpec } from './distill-options.js';

const WHO = 'distill';

/** The feature shapes of each hint, student and teacher, with the probe's batch size. */
export interface HintShapes {
  student: Shape;
  teacher: Shape;
}

/**
 * A copy of the first batch of `source` (a loader may reuse its buffers for
 * the next batch). It starts one pass over the source, so a shuffling
 * loader draws one extra permutation from its generator.
 */
export function firstBatch(source: BatchSource): Batch {
  for (const b of source) return { x: b.x.slice(), shape: [...b.shape], y: b.y.slice(), size: b.size };
  throw new RangeError(`${WHO}: the training source yielded no batches`);
}

function checkLogits(teacher: Shape, student: Shape, batchSize: number, numClasses: number): void {
  const show = (s: Shape): string => (s.length === 2 ? `[N, ${s[1]}]` : formatShape(s));
  if (teacher.length !== 2 || student.length !== 2 || teacher[1] !== student[1]) {
    throw new RangeError(`${WHO}: the teacher gives ${show(teacher)} but the student ${show(student)}; both must give [N, K] logits over the same K classes`);
  }
  if (teacher[0] !== batchSize || student[0] !== batchSize) {
    throw new RangeError(`${WHO}: a batch of ${batchSize} gave teacher logits ${formatShape(teacher)} and student logits ${formatShape(student)}; expected one row per sample`);
  }
  if (student[1] !== numClasses) {
    throw new RangeError(`${WHO}: numClasses is ${numClasses} but both models give ${student[1]} logits; set numClasses to ${student[1]}`);
  }
}

/** The output shape of `model` on `x`; a failure says which model failed on what input. */
function runProbe(model: Module, role: string, x: Tensor): Shape {
  try {
    return [...model.call(x).shape];
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new RangeError(`${WHO}: the ${role} cannot run the probe batch of shape ${formatShape(x.shape)}: ${why}`, { cause: e });
  }
}

/**
 * Runs `batch` through both models with the hint captures installed, checks
 * the logits and the hint shapes, and returns the hint shapes.
 */
export function probeModels(
  models: { teacher: Module; student: Module; numClasses: number; hints: readonly HintSpec[] },
  batch: Batch,
  captures: { student: FeatureCapture; teacher: FeatureCapture },
): HintShapes[] {
  const { teacher, student, numClasses, hints } = models;
  const restoreModes = enterEvalMode([teacher, student]);
  let shapes: { teacher: Shape; student: Shape; hints: HintShapes[] };
  try {
    shapes = noGrad(() =>
      tidy(() => {
        const x = tensor(batch.x, batch.shape);
        const t = runProbe(teacher, 'teacher', x);
        const s = runProbe(student, 'student', x);
        const hintShapes = hints.map((h) => ({ student: [...captures.student.get(h.student).shape], teacher: [...captures.teacher.get(h.teacher).shape] }));
        return { teacher: t, student: s, hints: hintShapes };
      }),
    );
  } finally {
    restoreModes();
    captures.student.clear();
    captures.teacher.clear();
  }
  checkLogits(shapes.teacher, shapes.student, batch.size, numClasses);
  hints.forEach((h, i) => checkHintShapes(h, shapes.hints[i]!.student, shapes.hints[i]!.teacher, `${WHO}: hints[${i}]`));
  return shapes.hints;
}
