/**
 * An executor that runs the real model but spends the DEVICE's time: after
 * each inference it advances a VirtualClock by the variant's modelled
 * latency, after each switch by the switch's time. Replaying a sensor
 * stream on the host then moves device time as the target device would —
 * a Cortex-M4 taking 180 ms per window, not the 40 µs the host takes — so
 * queueing, deadlines, harvest and battery evolve as on the device, and the
 * outputs are still the model's real outputs. Wrapping keeps the runtime
 * ignorant of which kind of time it is in.
 */
import type { VirtualClock } from './clock.js';
import type { SwitchCost, VariantExecutor } from './executor.js';

export interface VirtualTimeOptions {
  /** Device seconds of one inference of a variant (the energy model's latencyS). */
  latencyS: (variantId: string) => number;
  /**
   * Device seconds of a switch, given what the host measured; default the
   * host's measured time (a profile's weight-load time can replace it).
   */
  switchS?: (variantId: string, measured: SwitchCost) => number;
}

export class VirtualTimeExecutor implements VariantExecutor {
  constructor(
    private readonly inner: VariantExecutor,
    private readonly clock: VirtualClock,
    private readonly timing: VirtualTimeOptions,
  ) {
    if (typeof timing?.latencyS !== 'function') throw new TypeError('VirtualTimeExecutor: options.latencyS must be a function (variantId) => device seconds');
  }

  get variantIds(): readonly string[] {
    return this.inner.variantIds;
  }
  get inputShape(): readonly number[] {
    return this.inner.inputShape;
  }
  get activeId(): string | null {
    return this.inner.activeId;
  }

  qualityOf(variantId: string): number | null {
    return this.inner.qualityOf(variantId);
  }

  async select(variantId: string): Promise<SwitchCost> {
    const measured = await this.inner.select(variantId);
    const switchS = this.timing.switchS?.(variantId, measured) ?? measured.switchS;
    this.clock.advance(checked(`switchS("${variantId}")`, switchS));
    return { switchS, cold: measured.cold };
  }

  async run(input: Float32Array): Promise<Float32Array> {
    const y = await this.inner.run(input);
    const id = this.inner.activeId!;
    this.clock.advance(checked(`latencyS("${id}")`, this.timing.latencyS(id)));
    return y;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function checked(what: string, s: number): number {
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) throw new RangeError(`VirtualTimeExecutor: ${what} must be a finite number of seconds >= 0, got ${JSON.stringify(s)}`);
  return s;
}
