/**
 * Keeping pruned weights at zero while fine-tuning: an Optimizer that wraps
 * another and, after each of its steps, zeros the masked weights again (Han
 * et al. 2015, "Learning both Weights and Connections", §3.1: retraining with
 * the pruned connections held at zero). Re-zeroing after the step, rather than
 * masking the gradient, also undoes what momentum and weight decay would move.
 *
 * It has the Optimizer interface, so the existing Trainer uses it unchanged.
 * An `onStep` hook may hand in new masks at any step: that is how the gradual
 * pruner (gradual-pruner.ts) raises sparsity on its schedule.
 */
import type { Tensor } from '../../engine/index.js';
import type { Optimizer } from '../../train/optimizer.js';
import { resolveMasks, zeroMasked, type WeightMasks } from './masks.js';

export interface MaskedOptimizerOptions {
  /**
   * Runs after each inner step and before the masks are applied, with the
   * 0-based index of that step and the masks in force. Return masks to
   * replace them from this step on, or undefined to keep them.
   */
  onStep?: (step: number, current: WeightMasks) => WeightMasks | undefined;
}

export class MaskedOptimizer implements Optimizer {
  private readonly named: Map<string, Tensor>;
  private current: WeightMasks;
  private resolved: [Tensor, Uint8Array][];
  private steps = 0;

  constructor(
    readonly inner: Optimizer,
    masks: WeightMasks,
    private readonly options: MaskedOptimizerOptions = {},
  ) {
    // Module.param names each parameter by its dotted path, which is what masks are keyed by.
    this.named = new Map(inner.params.filter((p) => p.name !== undefined).map((p) => [p.name!, p]));
    this.resolved = resolveMasks(this.named, masks, 'maskedOptimizer');
    this.current = masks;
    // The first forward pass already sees the pruned model.
    zeroMasked(this.resolved);
  }

  get lr(): number {
    return this.inner.lr;
  }

  set lr(v: number) {
    this.inner.lr = v;
  }

  get params(): readonly Tensor[] {
    return this.inner.params;
  }

  /** The masks in force. */
  get masks(): WeightMasks {
    return this.current;
  }

  /** Steps taken so far. */
  get stepCount(): number {
    return this.steps;
  }

  /** Replaces the masks (checked first) and zeros the newly pruned weights. */
  setMasks(masks: WeightMasks): void {
    this.resolved = resolveMasks(this.named, masks, 'maskedOptimizer');
    this.current = masks;
    zeroMasked(this.resolved);
  }

  step(): void {
    this.inner.step();
    const next = this.options.onStep?.(this.steps, this.current);
    this.steps++;
    if (next) this.setMasks(next);
    else zeroMasked(this.resolved);
  }

  zeroGrad(): void {
    this.inner.zeroGrad();
  }

  stateArrays(): Map<string, Float32Array | Float64Array> {
    return this.inner.stateArrays();
  }

  loadStateArrays(state: Map<string, Float32Array | Float64Array>): void {
    this.inner.loadStateArrays(state);
  }
}

/** Wraps `optimizer` so the weights masked by `masks` are zeroed now and after every step. */
export function maskedOptimizer(optimizer: Optimizer, masks: WeightMasks, options: MaskedOptimizerOptions = {}): MaskedOptimizer {
  return new MaskedOptimizer(optimizer, masks, options);
}
