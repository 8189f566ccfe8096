/**
 * Energy from power samples by the trapezoid rule, for sources that give
 * watts but no energy counter (INA3221 rails, hwmon power, fuel gauges,
 * nvidia-smi, the model). Between two samples the power is taken to vary
 * linearly, so the result is exact for piecewise-linear power and otherwise
 * as good as the sampling is dense: it samples once per `read()`, and a burst
 * shorter than the gap between reads is only seen if a read lands in it. Read
 * often (every inference, or from a timer) where accuracy matters.
 */

export class PowerIntegrator {
  private lastTimeS: number;
  private lastPowerW: number;
  private energyJ = 0;

  constructor(timeS: number, powerW: number) {
    this.lastTimeS = timeS;
    this.lastPowerW = PowerIntegrator.clampPowerW(powerW);
  }

  /** Adds the trapezoid from the previous sample to this one and returns the joules so far. */
  sample(timeS: number, powerW: number): number {
    const dtS = timeS - this.lastTimeS;
    if (dtS < 0) throw new RangeError(`PowerIntegrator: the clock went backwards by ${-dtS} s; inject a monotonic clock`);
    const clampedW = PowerIntegrator.clampPowerW(powerW);
    this.energyJ += 0.5 * (this.lastPowerW + clampedW) * dtS;
    this.lastTimeS = timeS;
    this.lastPowerW = clampedW;
    return this.energyJ;
  }

  /** Moves the time origin without adding energy: for intervals a source could not cover. */
  restart(timeS: number, powerW: number): void {
    this.lastTimeS = timeS;
    this.lastPowerW = PowerIntegrator.clampPowerW(powerW);
  }

  get joules(): number {
    return this.energyJ;
  }

  /**
   * Shunt monitors report small negative currents around zero load (the
   * INA3221 datasheet, TI SBOS576, specifies a shunt-voltage offset, so
   * near-idle readings scatter around zero): a load never feeds energy
   * back, and a negative sample would make the joules decrease, which the
   * Meter contract forbids.
   */
  private static clampPowerW(powerW: number): number {
    if (!Number.isFinite(powerW)) throw new RangeError(`PowerIntegrator: power must be a finite number of watts, got ${powerW}`);
    return powerW > 0 ? powerW : 0;
  }
}
