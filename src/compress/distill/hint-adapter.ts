/**
 * Feature ("hint") distillation after Romero et al. 2015 ("FitNets: Hints
 * for Thin Deep Nets", ICLR, sec. 2.2): an intermediate student layer (the
 * guided layer) is trained to predict an intermediate teacher layer (the
 * hint) through a small trainable regressor, with the squared error
 * between the regressor's output and the hint as loss.
 *
 * FitNets uses a convolutional regressor whose kernel makes the spatial
 * sizes agree; here the two layers must already have the same spatial size
 * and the regressor is a 1×1 projection of the channels, as in later
 * feature distillation (Heo et al. 2019, "A Comprehensive Overhaul of
 * Feature Distillation", ICCV, whose student transform is a 1×1
 * convolution): few parameters, discarded after training.
 */
import { formatShape, Rng, type Shape, type Tensor } from '../../engine/index.js';
import { Conv1d, Conv2d, Linear, type Module } from '../../nn/index.js';
import { mseLoss } from '../../train/index.js';

/** Paths of one student/teacher layer pair, for messages. */
export interface HintPaths {
  student: string;
  teacher: string;
}

function describe(paths: HintPaths, student: Shape, teacher: Shape): string {
  return `the student's "${paths.student}" gives ${formatShape(student)} but the teacher's "${paths.teacher}" gives ${formatShape(teacher)}`;
}

/**
 * Checks that a student feature can be mapped onto a teacher feature by a
 * channel projection: same rank (2: [N, C], 3: [N, C, W], 4: [N, C, H, W]),
 * same batch and the same spatial sizes; only the channel counts may differ.
 */
export function checkHintShapes(paths: HintPaths, student: Shape, teacher: Shape, who: string): void {
  if (student.length !== teacher.length || student.length < 2 || student.length > 4) {
    throw new RangeError(`${who}: ${describe(paths, student, teacher)}; a hint needs two features of the same layout, [N, C], [N, C, W] or [N, C, H, W]`);
  }
  if (student[0] !== teacher[0]) throw new RangeError(`${who}: ${describe(paths, student, teacher)}; the batch sizes differ`);
  const spatialS = student.slice(2);
  const spatialT = teacher.slice(2);
  if (spatialS.some((d, i) => d !== spatialT[i])) {
    throw new RangeError(
      `${who}: ${describe(paths, student, teacher)}; the spatial sizes ${formatShape(spatialS)} and ${formatShape(spatialT)} must match ` +
        '(pick layers at the same resolution: only channel counts are adapted)',
    );
  }
}

/**
 * The trainable regressor from a student feature of shape `student` to one of
 * shape `teacher`: a 1×1 Conv2d for NCHW maps, a kernel-1 Conv1d for NCW
 * sequences, a Linear layer for [N, C] vectors. Checks the shapes first.
 */
export function createHintAdapter(paths: HintPaths, student: Shape, teacher: Shape, options: { rng?: Rng; who?: string } = {}): Module {
  checkHintShapes(paths, student, teacher, options.who ?? 'createHintAdapter');
  const [cs, ct] = [student[1]!, teacher[1]!];
  const rng = options.rng ?? new Rng(0);
  if (student.length === 4) return new Conv2d(cs, ct, 1, { rng });
  if (student.length === 3) return new Conv1d(cs, ct, 1, { rng });
  return new Linear(cs, ct, { rng });
}

/**
 * Mean squared error between the adapted student feature and the teacher
 * feature (FitNets eq. 3, as a mean rather than a sum so the weight of a
 * hint does not depend on the feature's size). The teacher feature is a
 * target: compute it under `noGrad`.
 */
export function hintLoss(adapter: Module, studentFeature: Tensor, teacherFeature: Tensor): Tensor {
  return mseLoss(adapter.call(studentFeature), teacherFeature);
}
