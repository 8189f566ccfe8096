/**
 * Gradient clipping by global norm (R. Pascanu, T. Mikolov & Y. Bengio,
 * "On the difficulty of training recurrent neural networks", ICML 2013,
 * Algorithm 1), as `torch.nn.utils.clip_grad_norm_`: when the L2 norm of
 * all gradients together exceeds `maxNorm`, every gradient is scaled by
 * maxNorm / (norm + 1e-6) (PyTorch's epsilon). Stable-Baselines3's DQN
 * clips at 10 (`max_grad_norm`).
 *
 * Works in place on the gradients' typed-array views, between `backward`
 * and the optimizer step. src/train has no clipping yet; this belongs
 * there once it does (see docs/scheduler-rl.md).
 */
import type { Tensor } from '../../engine/index.js';

/** Clips in place; returns the norm before clipping (Infinity/NaN pass through unscaled, as a signal). */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  if (!(maxNorm > 0)) throw new RangeError(`clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  let sumSquares = 0;
  for (const p of params) {
    if (!p.grad) continue;
    const g = p.grad.view();
    for (let i = 0; i < g.length; i++) sumSquares += g[i]! * g[i]!;
  }
  const norm = Math.sqrt(sumSquares);
  if (!(norm > maxNorm) || !Number.isFinite(norm)) return norm;
  const scale = maxNorm / (norm + 1e-6);
  // Autograd may hand one gradient buffer to two leaves (autograd.ts gives each its own view of it); scale each buffer region once.
  const scaled = new Map<object, Set<number>>();
  for (const p of params) {
    if (!p.grad) continue;
    const regions = scaled.get(p.grad.storage) ?? new Set<number>();
    if (regions.has(p.grad.offset)) continue;
    regions.add(p.grad.offset);
    scaled.set(p.grad.storage, regions);
    const g = p.grad.view();
    for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale;
  }
  return norm;
}
