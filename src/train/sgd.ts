/**
 * SGD with momentum, Nesterov momentum and L2 weight decay, with PyTorch's
 * `torch.optim.SGD` semantics (Sutskever et al. 2013 for the Nesterov form):
 *   g ← g + wd·p;  b ← μ·b + (1 − dampening)·g  (b ← g on the first step);
 *   d ← g + μ·b if nesterov else b;  p ← p − lr·d.
 */
import type { Tensor } from '../engine/index.js';
import { checkHyper, checkParams, floatView, newState, zeroGrads, type FloatArray, type Optimizer } from './optimizer.js';

export interface SgdOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

export interface SgdHyper {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
}

/** One SGD update of `p` in place; `buf` is the momentum buffer (unused when momentum is 0). */
export function sgdUpdate(p: FloatArray, g: FloatArray, buf: FloatArray, h: SgdHyper, firstStep: boolean): void {
  const { lr, momentum: mu, dampening, nesterov, weightDecay: wd } = h;
  const n = p.length;
  if (mu === 0) {
    for (let i = 0; i < n; i++) p[i] = p[i]! - lr * (g[i]! + wd * p[i]!);
    return;
  }
  for (let i = 0; i < n; i++) {
    const gi = g[i]! + wd * p[i]!;
    const b = firstStep ? gi : mu * buf[i]! + (1 - dampening) * gi;
    buf[i] = b;
    p[i] = p[i]! - lr * (nesterov ? gi + mu * b : b);
  }
}

export class SGD implements Optimizer {
  lr: number;
  readonly params: readonly Tensor[];
  private readonly hyper: Omit<SgdHyper, 'lr'>;
  private readonly buffers: FloatArray[];
  private steps = 0;

  constructor(params: readonly Tensor[], opts: SgdOptions) {
    checkParams(params, 'SGD');
    checkHyper('SGD', 'lr', opts.lr, 0, Infinity);
    const momentum = opts.momentum ?? 0;
    const dampening = opts.dampening ?? 0;
    const weightDecay = opts.weightDecay ?? 0;
    checkHyper('SGD', 'momentum', momentum, 0, 1);
    checkHyper('SGD', 'dampening', dampening, 0, 1);
    checkHyper('SGD', 'weightDecay', weightDecay, 0, Infinity);
    const nesterov = opts.nesterov ?? false;
    if (nesterov && (momentum === 0 || dampening !== 0)) {
      throw new RangeError('SGD: nesterov needs momentum > 0 and dampening = 0');
    }
    this.params = params;
    this.lr = opts.lr;
    this.hyper = { momentum, dampening, nesterov, weightDecay };
    this.buffers = momentum > 0 ? params.map(newState) : [];
  }

  step(): void {
    const h: SgdHyper = { lr: this.lr, ...this.hyper };
    const first = this.steps === 0;
    this.params.forEach((p, i) => {
      if (!p.grad) return;
      sgdUpdate(floatView(p), floatView(p.grad), this.buffers[i] ?? floatView(p.grad), h, first);
    });
    this.steps++;
  }

  zeroGrad(): void {
    zeroGrads(this.params);
  }

  stateArrays(): Map<string, FloatArray> {
    const m = new Map<string, FloatArray>();
    this.buffers.forEach((b, i) => m.set(`momentum.${i}`, b));
    m.set('steps', new Float64Array([this.steps]));
    return m;
  }

  loadStateArrays(state: Map<string, FloatArray>): void {
    this.buffers.forEach((b, i) => {
      const s = state.get(`momentum.${i}`);
      if (!s || s.length !== b.length) throw new RangeError(`SGD: optimizer state momentum.${i} missing or of length ${s?.length}, expected ${b.length}`);
      b.set(s);
    });
    this.steps = state.get('steps')?.[0] ?? 0;
  }
}
