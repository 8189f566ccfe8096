/**
 * The knowledge-distillation objective of Hinton, Vinyals & Dean 2015
 * ("Distilling the Knowledge in a Neural Network", sec. 2): the student
 * matches the teacher's softened class probabilities (softmax at
 * temperature T) and, with a smaller weight, the true labels:
 *
 *   L = α · T² · KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α) · CE(s, y)
 *
 * The T² factor (sec. 2: "it is important to multiply them by T²") keeps the
 * soft term's gradient on the same scale as the hard term's when T changes;
 * `klDivergence` in train/losses.ts already applies it, so it is not applied
 * again here. Both terms are batch means.
 */
import type { Tensor } from '../../engine/index.js';
import { crossEntropy, klDivergence, type Labels } from '../../train/index.js';

export interface DistillationLossOptions {
  /** Softmax temperature T > 0 of the soft term; higher spreads the teacher's probability over more classes. */
  temperature: number;
  /** Weight α in [0, 1] of the soft (teacher) term; 1 − α goes to the hard labels. */
  alpha: number;
}

/** Throws a RangeError naming `who` unless T > 0 and α ∈ [0, 1]. */
export function checkDistillationLossOptions(opts: DistillationLossOptions, who: string): void {
  if (typeof opts.temperature !== 'number' || !(opts.temperature > 0) || !Number.isFinite(opts.temperature)) {
    throw new RangeError(`${who}: temperature must be a finite number > 0, got ${opts.temperature}`);
  }
  if (typeof opts.alpha !== 'number' || !(opts.alpha >= 0 && opts.alpha <= 1)) {
    throw new RangeError(`${who}: alpha must be in [0, 1] (the weight of the teacher's soft targets), got ${opts.alpha}`);
  }
}

/**
 * α·KL_T(teacher ‖ student)·T² + (1 − α)·CE(student, labels) for logits
 * [N, K]. The teacher logits are a constant here: compute them under
 * `noGrad` so no gradient reaches the teacher. A term whose weight is 0 is
 * not computed (α = 1 ignores the labels, α = 0 the teacher).
 */
export function distillationLoss(studentLogits: Tensor, teacherLogits: Tensor, labels: Labels, opts: DistillationLossOptions): Tensor {
  checkDistillationLossOptions(opts, 'distillationLoss');
  const { temperature, alpha } = opts;
  if (alpha === 0) return crossEntropy(studentLogits, labels);
  const soft = klDivergence(studentLogits, teacherLogits, temperature);
  if (alpha === 1) return soft;
  return soft.mul(alpha).add(crossEntropy(studentLogits, labels).mul(1 - alpha));
}
