/**
 * The deployed policy: argmax over the feasible actions of Q(s, ·), the
 * Q-network's forward pass computed in plain TypeScript over Float32Arrays.
 *
 * Why not the engine: a decision is one observation through a 16→64→64→30
 * MLP, ~7 k multiply-accumulates. At that size a tensor forward is
 * dominated by per-op overhead (allocating tensors, dispatching kernels,
 * scope bookkeeping), not arithmetic; a straight loop over preallocated
 * arrays does the same sums without allocating and meets the scheduler's
 * ≤ 20 µs decision budget (bench/scheduler/rl-decision.ts measures both).
 * The tests check it against the engine forward within float tolerance.
 *
 * Arithmetic: each dot product is accumulated in float64 (JavaScript's
 * number) from the bias, in input order; every layer's output is rounded
 * to float32, as the engine stores it. The result differs from the
 * engine's float32 SIMD sums only by rounding (~1e-6 relative).
 */
import { allowedActionCount, type ActionMask } from './environment.js';
import { checkNormaliser, identityNormaliser, type ObservationNormaliser } from './observation-normaliser.js';
import type { DenseLayer } from './q-network.js';

export class GreedyPolicy {
  readonly observationSize: number;
  readonly actionCount: number;
  /** The policy's own copies; `setWeights` writes into them. */
  readonly layers: readonly DenseLayer[];
  readonly normaliser: ObservationNormaliser;
  /** Input (normalised) then every layer's output. */
  private readonly activations: Float32Array[];

  /** Copies `layers` (ReLU after every layer but the last) and the normaliser (default identity). */
  constructor(layers: readonly DenseLayer[], normaliser?: ObservationNormaliser) {
    checkLayerChain('GreedyPolicy', layers);
    this.observationSize = layers[0]!.inFeatures;
    this.actionCount = layers[layers.length - 1]!.outFeatures;
    this.layers = layers.map((l) => ({ inFeatures: l.inFeatures, outFeatures: l.outFeatures, weight: Float32Array.from(l.weight), bias: Float32Array.from(l.bias) }));
    this.normaliser = checkNormaliser('GreedyPolicy', 'normaliser', normaliser ?? identityNormaliser(this.observationSize), this.observationSize);
    this.activations = [new Float32Array(this.observationSize), ...layers.map((l) => new Float32Array(l.outFeatures))];
  }

  /** Replaces the weights in place (same shapes), e.g. after a training step. */
  setWeights(layers: readonly DenseLayer[]): void {
    if (layers.length !== this.layers.length) throw new RangeError(`GreedyPolicy.setWeights: got ${layers.length} layers, the policy has ${this.layers.length}`);
    layers.forEach((l, i) => {
      const d = this.layers[i]!;
      if (l.weight.length !== d.weight.length || l.bias.length !== d.bias.length) throw new RangeError(`GreedyPolicy.setWeights: layer ${i} must be [${d.outFeatures}, ${d.inFeatures}]`);
      d.weight.set(l.weight);
      d.bias.set(l.bias);
    });
  }

  /**
   * Q(s, ·) for the raw (unnormalised) observation. Without `out` the result
   * is the policy's own buffer, overwritten by the next call.
   */
  qValues(observation: ArrayLike<number>, out?: Float32Array): Float32Array {
    if (observation.length !== this.observationSize) throw new RangeError(`GreedyPolicy: observation has ${observation.length} features, expected ${this.observationSize}`);
    const q = this.forward(observation);
    if (!out) return q;
    if (out.length !== this.actionCount) throw new RangeError(`GreedyPolicy.qValues: out has ${out.length} entries, expected actionCount = ${this.actionCount}`);
    out.set(q);
    return out;
  }

  /**
   * The greedy action: the allowed action of highest Q, the lowest index on
   * ties. Allocation-free. Throws if the mask allows no action.
   */
  act(observation: ArrayLike<number>, mask?: ActionMask): number {
    if (observation.length !== this.observationSize) throw new RangeError(`GreedyPolicy.act: observation has ${observation.length} features, expected ${this.observationSize}`);
    if (mask !== undefined && mask.length !== this.actionCount) throw new RangeError(`GreedyPolicy.act: mask has ${mask.length} entries, expected actionCount = ${this.actionCount}`);
    const best = maskedArgmax(this.forward(observation), mask);
    if (best < 0) throw new RangeError(`GreedyPolicy.act: the mask allows none of the ${this.actionCount} actions (${mask ? allowedActionCount(mask) : 0} allowed)`);
    return best;
  }

  private forward(observation: ArrayLike<number>): Float32Array {
    const x = this.activations[0]!;
    const { mean, std } = this.normaliser;
    // Division, not a precomputed reciprocal: the same rounding as normaliseInto in training.
    for (let i = 0; i < x.length; i++) x[i] = (observation[i]! - mean[i]!) / std[i]!;
    const last = this.layers.length - 1;
    for (let l = 0; l <= last; l++) denseForward(this.layers[l]!, this.activations[l]!, this.activations[l + 1]!, l < last);
    return this.activations[last + 1]!;
  }
}

/**
 * y = W·x + b, then max(·, 0) when `relu`. Four output rows at a time:
 * each x[i] is loaded once for four weights, and the four independent sums
 * keep the floating-point adder busy (register blocking; measured ~30 %
 * faster than one row with four partial sums on V8 11, AMD EPYC).
 */
export function denseForward(layer: DenseLayer, x: Float32Array, y: Float32Array, relu: boolean): void {
  const { weight: w, bias: b, inFeatures: n, outFeatures: m } = layer;
  let o = 0;
  for (; o + 3 < m; o += 4) {
    const r0 = o * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = b[o]!;
    let s1 = b[o + 1]!;
    let s2 = b[o + 2]!;
    let s3 = b[o + 3]!;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      s0 += w[r0 + i]! * xi;
      s1 += w[r1 + i]! * xi;
      s2 += w[r2 + i]! * xi;
      s3 += w[r3 + i]! * xi;
    }
    y[o] = relu && !(s0 > 0) ? 0 : s0;
    y[o + 1] = relu && !(s1 > 0) ? 0 : s1;
    y[o + 2] = relu && !(s2 > 0) ? 0 : s2;
    y[o + 3] = relu && !(s3 > 0) ? 0 : s3;
  }
  for (; o < m; o++) {
    const r = o * n;
    let s = b[o]!;
    for (let i = 0; i < n; i++) s += w[r + i]! * x[i]!;
    y[o] = relu && !(s > 0) ? 0 : s;
  }
}

/**
 * Index of the largest `q[a]` with `mask[a]` truthy (all allowed without a
 * mask), the lowest index on ties; a NaN never wins over a number. −1 when
 * nothing is allowed.
 */
export function maskedArgmax(q: ArrayLike<number>, mask?: ActionMask | null, maskOffset = 0): number {
  let best = -1;
  let bestQ = 0;
  for (let a = 0; a < q.length; a++) {
    if (mask && !mask[maskOffset + a]) continue;
    const v = q[a]!;
    if (best < 0 || v > bestQ || (bestQ !== bestQ && v === v)) {
      best = a;
      bestQ = v;
    }
  }
  return best;
}

/** Checks that consecutive layers connect and their arrays have the declared sizes. */
export function checkLayerChain(who: string, layers: readonly DenseLayer[]): void {
  if (!Array.isArray(layers) || layers.length === 0) throw new RangeError(`${who}: at least one layer is needed`);
  layers.forEach((l, i) => {
    if (!Number.isSafeInteger(l.inFeatures) || l.inFeatures < 1 || !Number.isSafeInteger(l.outFeatures) || l.outFeatures < 1) {
      throw new RangeError(`${who}: layer ${i} must have integer inFeatures and outFeatures >= 1, got ${l.inFeatures} and ${l.outFeatures}`);
    }
    if (l.weight.length !== l.inFeatures * l.outFeatures) throw new RangeError(`${who}: layer ${i} weight has ${l.weight.length} entries, expected ${l.outFeatures}×${l.inFeatures}`);
    if (l.bias.length !== l.outFeatures) throw new RangeError(`${who}: layer ${i} bias has ${l.bias.length} entries, expected ${l.outFeatures}`);
    if (i > 0 && l.inFeatures !== layers[i - 1]!.outFeatures) throw new RangeError(`${who}: layer ${i} takes ${l.inFeatures} inputs but layer ${i - 1} gives ${layers[i - 1]!.outFeatures}`);
  });
}
