/**
 * An executor that runs nothing: the device twin's stand-in for a model.
 * Each action's effect on the device — time and energy — comes from the
 * energy model (wrapped in a VirtualTimeExecutor for the time, priced by
 * the runtime's costOf for the energy), and its quality is the ladder's
 * measured top-1 of the variant, which the twin reports as the expected
 * accuracy of what it served. So a simulated day costs microseconds per
 * request instead of a model inference each.
 *
 * A switch costs what it costs the device (dvfs-transition.ts): nothing
 * between ladder variants at one operating point (they are resident,
 * loaded at boot), the profile's DVFS transition time when the operating
 * point changes. That time is returned as the switch's `switchS`, which a
 * VirtualTimeExecutor spends on the device clock and the runtime books as
 * the switch (charged at the power of the action switched to).
 */
import { unknownVariantError, type SwitchCost, type VariantExecutor } from '../../runtime/executor.js';
import { checkTransitionS, corePointAfter, dvfsSwitchS } from './dvfs-transition.js';
import type { TwinAction } from './twin-actions.js';

/** One sample of the twin's requests: a placeholder value, never read. */
export const TWIN_INPUT_SHAPE: readonly number[] = [1];

export interface ModelledExecutorOptions {
  /** An operating-point change, s (TwinActionSpace.dvfsTransitionS); default 0, free. */
  dvfsTransitionS?: number;
}

export class ModelledExecutor implements VariantExecutor {
  readonly variantIds: readonly string[];
  readonly inputShape = TWIN_INPUT_SHAPE;
  private readonly actions: ReadonlyMap<string, TwinAction>;
  private readonly transitionS: number;
  private active: string | null = null;
  /** The operating point the cores are at (null before the first action). */
  private corePoint: string | null = null;

  constructor(actions: readonly TwinAction[], options: ModelledExecutorOptions = {}) {
    if (actions.length === 0) throw new RangeError('ModelledExecutor: no actions');
    this.variantIds = actions.map((a) => a.id);
    this.actions = new Map(actions.map((a) => [a.id, a]));
    this.transitionS = checkTransitionS('ModelledExecutor', 'options.dvfsTransitionS', options.dvfsTransitionS ?? 0);
  }

  get activeId(): string | null {
    return this.active;
  }

  qualityOf(variantId: string): number | null {
    const a = this.actions.get(variantId);
    if (a === undefined) throw unknownVariantError('ModelledExecutor.qualityOf', variantId, this.variantIds);
    return a.quality;
  }

  /** Makes `variantId` active; its `switchS` is the modelled DVFS transition (0 at the same operating point). */
  async select(variantId: string): Promise<SwitchCost> {
    const action = this.actions.get(variantId);
    if (action === undefined) throw unknownVariantError('ModelledExecutor.select', variantId, this.variantIds);
    const switchS = dvfsSwitchS(this.corePoint, action, this.transitionS);
    this.active = variantId;
    this.corePoint = corePointAfter(this.corePoint, action);
    return { switchS, cold: false };
  }

  /** The served action's expected accuracy (its quality; 0 when unmeasured) as the one output value. */
  async run(): Promise<Float32Array> {
    if (this.active === null) throw new Error('ModelledExecutor.run: select an action first');
    return Float32Array.of(this.actions.get(this.active)!.quality ?? 0);
  }

  async close(): Promise<void> {}
}
