/**
 * An executor that runs nothing: the device twin's stand-in for a model.
 * Each action's effect on the device — time and energy — comes from the
 * energy model (wrapped in a VirtualTimeExecutor for the time, priced by
 * the runtime's costOf for the energy), and its quality is the ladder's
 * measured top-1 of the variant, which the twin reports as the expected
 * accuracy of what it served. So a simulated day costs microseconds per
 * request instead of a model inference each.
 *
 * Switching costs no time here: ladder variants are resident on the
 * device (loaded at boot), and a DVFS transition (tens to hundreds of µs
 * on Linux cpufreq) is not in the device profiles yet — a known omission.
 */
import { unknownVariantError, type SwitchCost, type VariantExecutor } from '../../runtime/executor.js';
import type { TwinAction } from './twin-actions.js';

/** One sample of the twin's requests: a placeholder value, never read. */
export const TWIN_INPUT_SHAPE: readonly number[] = [1];

export class ModelledExecutor implements VariantExecutor {
  readonly variantIds: readonly string[];
  readonly inputShape = TWIN_INPUT_SHAPE;
  private readonly quality: ReadonlyMap<string, number | null>;
  private active: string | null = null;

  constructor(actions: readonly TwinAction[]) {
    if (actions.length === 0) throw new RangeError('ModelledExecutor: no actions');
    this.variantIds = actions.map((a) => a.id);
    this.quality = new Map(actions.map((a) => [a.id, a.quality]));
  }

  get activeId(): string | null {
    return this.active;
  }

  qualityOf(variantId: string): number | null {
    const q = this.quality.get(variantId);
    if (q === undefined) throw unknownVariantError('ModelledExecutor.qualityOf', variantId, this.variantIds);
    return q;
  }

  async select(variantId: string): Promise<SwitchCost> {
    if (!this.quality.has(variantId)) throw unknownVariantError('ModelledExecutor.select', variantId, this.variantIds);
    this.active = variantId;
    return { switchS: 0, cold: false };
  }

  /** The served action's expected accuracy (its quality; 0 when unmeasured) as the one output value. */
  async run(): Promise<Float32Array> {
    if (this.active === null) throw new Error('ModelledExecutor.run: select an action first');
    return Float32Array.of(this.quality.get(this.active) ?? 0);
  }

  async close(): Promise<void> {}
}
