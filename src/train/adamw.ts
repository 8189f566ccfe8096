/**
 * AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, "Decoupled
 * Weight Decay Regularization", ICLR 2019), as `torch.optim.AdamW`:
 *   p ← p·(1 − lr·wd);  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;
 *   p ← p − lr·(m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε).
 */
import type { Tensor } from '../engine/index.js';
import { checkHyper, checkParams, floatView, newState, zeroGrads, type FloatArray, type Optimizer } from './optimizer.js';

export interface AdamWOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled decay; PyTorch's default is 0.01. */
  weightDecay?: number;
}

export interface AdamWHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

/** One AdamW update in place at step t (1-based). */
export function adamwUpdate(p: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, h: AdamWHyper, t: number): void {
  const { lr, beta1: b1, beta2: b2, eps, weightDecay: wd } = h;
  const c1 = 1 / (1 - Math.pow(b1, t));
  const c2 = 1 / (1 - Math.pow(b2, t));
  const decay = 1 - lr * wd;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const mi = b1 * m[i]! + (1 - b1) * gi;
    const vi = b2 * v[i]! + (1 - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i]! * decay - (lr * mi * c1) / (Math.sqrt(vi * c2) + eps);
  }
}

export class AdamW implements Optimizer {
  lr: number;
  readonly params: readonly Tensor[];
  private readonly hyper: Omit<AdamWHyper, 'lr'>;
  private readonly m: FloatArray[];
  private readonly v: FloatArray[];
  private t = 0;

  constructor(params: readonly Tensor[], opts: AdamWOptions) {
    checkParams(params, 'AdamW');
    checkHyper('AdamW', 'lr', opts.lr, 0, Infinity);
    const beta1 = opts.beta1 ?? 0.9;
    const beta2 = opts.beta2 ?? 0.999;
    const eps = opts.eps ?? 1e-8;
    const weightDecay = opts.weightDecay ?? 0.01;
    checkHyper('AdamW', 'beta1', beta1, 0, 1);
    checkHyper('AdamW', 'beta2', beta2, 0, 1);
    if (beta1 === 1 || beta2 === 1) throw new RangeError('AdamW: beta1 and beta2 must be < 1');
    checkHyper('AdamW', 'eps', eps, 0, Infinity, true);
    checkHyper('AdamW', 'weightDecay', weightDecay, 0, Infinity);
    this.params = params;
    this.lr = opts.lr;
    this.hyper = { beta1, beta2, eps, weightDecay };
    this.m = params.map(newState);
    this.v = params.map(newState);
  }

  step(): void {
    this.t++;
    const h: AdamWHyper = { lr: this.lr, ...this.hyper };
    this.params.forEach((p, i) => {
      if (!p.grad) return;
      adamwUpdate(floatView(p), floatView(p.grad), this.m[i]!, this.v[i]!, h, this.t);
    });
  }

  zeroGrad(): void {
    zeroGrads(this.params);
  }

  stateArrays(): Map<string, FloatArray> {
    const s = new Map<string, FloatArray>();
    this.m.forEach((a, i) => s.set(`m.${i}`, a));
    this.v.forEach((a, i) => s.set(`v.${i}`, a));
    s.set('t', new Float64Array([this.t]));
    return s;
  }

  loadStateArrays(state: Map<string, FloatArray>): void {
    const load = (name: string, dst: FloatArray): void => {
      const src = state.get(name);
      if (!src || src.length !== dst.length) throw new RangeError(`AdamW: optimizer state ${name} missing or of length ${src?.length}, expected ${dst.length}`);
      dst.set(src);
    };
    this.m.forEach((a, i) => load(`m.${i}`, a));
    this.v.forEach((a, i) => load(`v.${i}`, a));
    this.t = state.get('t')?.[0] ?? 0;
  }
}
