/**
 * The Huber loss (P. J. Huber, "Robust estimation of a location
 * parameter", Ann. Math. Statist. 35(1), 1964), mean over elements:
 *
 *   ℓ(d) = ½ d²             for |d| ≤ δ
 *          δ (|d| − ½ δ)    otherwise,     d = prediction − target.
 *
 * DQN's loss: Mnih et al. (Nature 2015, Methods, "Training algorithm for
 * deep Q-networks") clip the error term to [−1, 1], which is exactly the
 * gradient of ℓ with δ = 1; Stable-Baselines3 uses `F.smooth_l1_loss`, the
 * same function (β = δ = 1). Large TD errors early in training then move
 * the weights by a bounded step instead of a squared one.
 *
 * Composed from engine ops (abs, cmpGt, where, mul) so autograd
 * differentiates it. src/train has no Huber loss yet; this belongs there
 * once it does (see docs/scheduler-rl.md).
 */
import { abs, formatShape, gt, mean, mul, sub, where, type Tensor } from '../../engine/index.js';

export function huberLoss(prediction: Tensor, target: Tensor, delta = 1): Tensor {
  if (prediction.size !== target.size) throw new RangeError(`huberLoss: prediction ${formatShape(prediction.shape)} and target ${formatShape(target.shape)} differ in size`);
  if (!(delta > 0 && Number.isFinite(delta))) throw new RangeError(`huberLoss: delta must be a finite number > 0, got ${delta}`);
  const t = target.rank === prediction.rank ? target : target.reshape(prediction.shape);
  const d = sub(prediction, t);
  const a = abs(d);
  const quadratic = mul(mul(d, d), 0.5);
  const linear = mul(sub(a, 0.5 * delta), delta);
  return mean(where(gt(a, delta), linear, quadratic));
}
