/** Finite-difference gradient checking in float64, shared by the engine and nn tests. */
import assert from 'node:assert/strict';
import { Rng, getBackend, noGrad, tensor, tidy, type Tensor } from '../../src/engine/index.js';

export const ref = () => getBackend('reference');

export function f64(shape: number[], rng: Rng, gen: (r: Rng) => number = (r) => r.normal()): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = gen(rng);
  const t = tensor(d, shape, 'float64', ref());
  t.requiresGrad = true;
  return t;
}

/**
 * Checks d/dinputs of sum(f(inputs) * R) (R fixed random) against central
 * differences. Returns the worst relative error.
 */
export function gradCheck(name: string, f: (xs: Tensor[]) => Tensor, inputs: Tensor[], opts: { eps?: number; tol?: number; seed?: number } = {}): number {
  const eps = opts.eps ?? 1e-6;
  const tol = opts.tol ?? 1e-6;
  const rng = new Rng(opts.seed ?? 99);
  const probe = noGrad(() => f(inputs));
  const weights = tensor(Float64Array.from({ length: probe.size }, () => rng.normal()), [...probe.shape], 'float64', ref());
  probe.dispose();
  const objective = (): number => noGrad(() => tidy(() => f(inputs).mul(weights).sum().item()));
  for (const x of inputs) x.grad = null;
  tidy(() => f(inputs).mul(weights).sum().backward());
  let worst = 0;
  inputs.forEach((x, xi) => {
    if (!x.requiresGrad) return;
    const analytic = x.grad ? Float64Array.from(x.grad.toArray()) : new Float64Array(x.size);
    const v = x.view() as Float64Array;
    for (let i = 0; i < x.size; i++) {
      const orig = v[i]!;
      v[i] = orig + eps;
      const up = objective();
      v[i] = orig - eps;
      const down = objective();
      v[i] = orig;
      const numeric = (up - down) / (2 * eps);
      const err = Math.abs(numeric - analytic[i]!) / Math.max(1, Math.abs(numeric), Math.abs(analytic[i]!));
      worst = Math.max(worst, err);
      assert.ok(err <= tol, `${name}: input ${xi} element ${i}: analytic ${analytic[i]} vs numeric ${numeric} (rel err ${err.toExponential(2)})`);
    }
  });
  weights.dispose();
  return worst;
}
