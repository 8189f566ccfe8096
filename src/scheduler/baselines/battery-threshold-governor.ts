/**
 * The rule a battery-aware firmware ships with: best quality while the
 * battery is comfortable, a cheaper variant below one threshold, the
 * cheapest below another — at the nominal operating point, blind to
 * harvest, queue and deadlines. The thresholds are design choices, not
 * measurements: `lowSoc` 0.2 follows the 20 % at which iOS offers Low Power
 * Mode (Apple, "Use Low Power Mode to save battery life on your iPhone");
 * `midSoc` 0.5 splits the rest in two.
 */
import { energyLadder } from '../../runtime/adaptive-precision-controller.js';
import type { Controller, ControllerAction, ControllerState } from '../../runtime/controller.js';

export interface BatteryThresholdOptions {
  /** Below this state of charge, the middle rung (default 0.5). */
  midSoc?: number;
  /** Below this, the cheapest rung (default 0.2). */
  lowSoc?: number;
  /** The operating point every action runs at (the profile's nominal one). */
  opPointId: string;
}

export class BatteryThresholdGovernor implements Controller {
  private readonly midSoc: number;
  private readonly lowSoc: number;

  constructor(private readonly options: BatteryThresholdOptions) {
    this.midSoc = options.midSoc ?? 0.5;
    this.lowSoc = options.lowSoc ?? 0.2;
    if (!(this.lowSoc >= 0 && this.lowSoc < this.midSoc && this.midSoc <= 1)) {
      throw new RangeError(`BatteryThresholdGovernor: need 0 <= lowSoc < midSoc <= 1, got lowSoc ${this.lowSoc}, midSoc ${this.midSoc}`);
    }
  }

  decide(state: ControllerState): ControllerAction {
    const at = state.candidates.filter((c) => c.id.endsWith(`@${this.options.opPointId}`));
    if (at.length === 0) throw new RangeError(`BatteryThresholdGovernor: no action at operating point "${this.options.opPointId}"`);
    // The non-dominated rungs, cheapest first (a rung no cheaper and no better than another is never a step down).
    const rungs = energyLadder(at);
    if (state.criticality === 'critical' || state.soc >= this.midSoc) return { variantId: rungs[rungs.length - 1]!.id };
    if (state.soc >= this.lowSoc) return { variantId: rungs[Math.floor((rungs.length - 1) / 2)]!.id };
    return { variantId: rungs[0]!.id };
  }

  observe(): void {}
}
