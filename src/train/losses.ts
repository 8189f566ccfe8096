/**
 * Losses, composed from engine ops so autograd differentiates them. Each
 * checks its arguments at the door and names what was expected.
 */
import { formatShape, logSoftmax, mul, neg, softmax, sub, sum, tensor, Tensor, type TypedArray } from '../engine/index.js';

export type Labels = Int32Array | readonly number[] | Tensor;

function labelArray(labels: Labels, n: number, k: number, who: string): ArrayLike<number> {
  const arr: ArrayLike<number> = labels instanceof Tensor ? labels.toArray() : labels;
  if (arr.length !== n) throw new RangeError(`${who}: got ${arr.length} labels for a batch of ${n}`);
  for (let i = 0; i < arr.length; i++) {
    const y = arr[i]!;
    if (!Number.isInteger(y) || y < 0 || y >= k) throw new RangeError(`${who}: label ${y} at index ${i} is not a class index in [0, ${k})`);
  }
  return arr;
}

/**
 * Mean cross-entropy of logits [N, K] against class indices, with optional
 * label smoothing ε (Szegedy et al. 2016): the target is (1−ε)·onehot + ε/K,
 * as `torch.nn.CrossEntropyLoss(label_smoothing=ε)`.
 */
export function crossEntropy(logits: Tensor, labels: Labels, opts: { labelSmoothing?: number } = {}): Tensor {
  if (logits.rank !== 2) throw new RangeError(`crossEntropy: logits must be [N, K], got ${formatShape(logits.shape)}`);
  const [n, k] = logits.shape as [number, number];
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps < 1)) throw new RangeError(`crossEntropy: labelSmoothing must be in [0, 1), got ${eps}`);
  const y = labelArray(labels, n, k, 'crossEntropy');
  const target = new (logits.dtype === 'float64' ? Float64Array : Float32Array)(n * k) as TypedArray;
  target.fill(eps / k);
  for (let i = 0; i < n; i++) target[i * k + y[i]!] = 1 - eps + eps / k;
  const q = tensor(target, [n, k], logits.dtype, logits.backend);
  return neg(sum(mul(q, logSoftmax(logits, 1)))).div(n);
}

/** Mean squared error over all elements. */
export function mseLoss(pred: Tensor, target: Tensor): Tensor {
  if (pred.size !== target.size) {
    throw new RangeError(`mseLoss: prediction ${formatShape(pred.shape)} and target ${formatShape(target.shape)} differ in size`);
  }
  const t = target.shape.length === pred.shape.length ? target : target.reshape(pred.shape);
  const d = sub(pred, t);
  return sum(mul(d, d)).div(pred.size);
}

/**
 * Knowledge-distillation loss (Hinton, Vinyals & Dean 2015): the KL
 * divergence KL(p_T || p_S) between teacher and student softmaxes at
 * temperature T, averaged over the batch and scaled by T² so its gradient
 * magnitude does not shrink as T grows.
 */
export function klDivergence(studentLogits: Tensor, teacherLogits: Tensor, temperature = 1): Tensor {
  if (studentLogits.rank !== 2 || teacherLogits.rank !== 2 || studentLogits.shape[0] !== teacherLogits.shape[0] || studentLogits.shape[1] !== teacherLogits.shape[1]) {
    throw new RangeError(`klDivergence: student ${formatShape(studentLogits.shape)} and teacher ${formatShape(teacherLogits.shape)} logits must both be [N, K] and equal`);
  }
  if (!(temperature > 0)) throw new RangeError(`klDivergence: temperature must be > 0, got ${temperature}`);
  const n = studentLogits.shape[0]!;
  const logPs = logSoftmax(studentLogits.div(temperature), 1);
  const teacherScaled = teacherLogits.div(temperature);
  const pt = softmax(teacherScaled, 1);
  const logPt = logSoftmax(teacherScaled, 1);
  return sum(mul(pt, sub(logPt, logPs))).mul((temperature * temperature) / n);
}
