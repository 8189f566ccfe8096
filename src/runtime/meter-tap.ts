/**
 * The runtime's hold on a meter: reads its joules, checks them (finite,
 * never decreasing, as the Meter contract promises) and, when the meter
 * fails — a sensor unplugged, a sysfs file gone — lets go of it and says
 * so once, so the runtime falls back to the energy model with a logged
 * reason instead of stopping or booking a wrong number.
 */
import type { Meter } from '../energy/meter.js';

export class MeterTap {
  private meter: Meter | null;
  private lastJ = 0;

  constructor(
    meter: Meter | null,
    /** Called once, when the meter fails, with its name and the reason. */
    private readonly onLost: (meter: string, reason: string) => void,
  ) {
    this.meter = meter;
  }

  /** True while a working meter is attached. */
  get attached(): boolean {
    return this.meter !== null;
  }

  /** Whether the attached meter's joules are an estimate. */
  get estimate(): boolean {
    return this.meter?.estimate ?? true;
  }

  /**
   * Joules since the last call (the first call starts the count), or null
   * when there is no meter or it just failed.
   */
  delta(): number | null {
    const m = this.meter;
    if (m === null) return null;
    try {
      const j = m.read();
      if (!Number.isFinite(j) || j < this.lastJ) throw new RangeError(`read ${j} J after ${this.lastJ} J; a meter's joules must be finite and never decrease`);
      const d = j - this.lastJ;
      this.lastJ = j;
      return d;
    } catch (e) {
      this.meter = null;
      this.onLost(m.name, `${e instanceof Error ? e.message : String(e)}; energies from here on come from the model`);
      return null;
    }
  }
}
