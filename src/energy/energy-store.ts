/**
 * Where a device's energy comes from and goes: a battery or a supercapacitor
 * seen from the runtime. The runtime only needs the state of charge and a way
 * to apply a net power over an interval; the battery model
 * (src/energy/battery/) implements it with its fitted curves, and
 * `IdealEnergyStore` is the in-memory default (a lossless tank, for tests
 * and mains-powered gateways).
 */

export interface EnergyStore {
  /** State of charge, 0..1. */
  readonly soc: number;
  /** Energy still deliverable to the load before cut-off, J (an estimate for real cells). */
  readonly remainingJ: number;
  /** True once the store cannot supply the load any more (cut-off voltage or empty). */
  readonly depleted: boolean;
  /**
   * Advances the store by `dtS` seconds at a constant net power `netPowerW`
   * drawn by the load (negative when harvest exceeds the load: charging).
   * Returns the energy actually delivered to the load (J), which is less than
   * `netPowerW * dtS` when the store runs dry within the interval.
   */
  step(netPowerW: number, dtS: number): number;
}

/** A lossless tank of `capacityJ` joules starting at `soc`. Charging clips at full. */
export class IdealEnergyStore implements EnergyStore {
  private energyJ: number;

  constructor(
    readonly capacityJ: number,
    soc = 1,
  ) {
    if (!(capacityJ > 0) || !Number.isFinite(capacityJ)) throw new RangeError(`IdealEnergyStore: capacityJ must be a positive finite number of joules, got ${capacityJ}`);
    if (!(soc >= 0 && soc <= 1)) throw new RangeError(`IdealEnergyStore: soc must be in [0, 1], got ${soc}`);
    this.energyJ = capacityJ * soc;
  }

  get soc(): number {
    return this.energyJ / this.capacityJ;
  }

  get remainingJ(): number {
    return this.energyJ;
  }

  get depleted(): boolean {
    return this.energyJ <= 0;
  }

  step(netPowerW: number, dtS: number): number {
    if (!Number.isFinite(netPowerW) || !(dtS >= 0)) throw new RangeError(`IdealEnergyStore.step: need a finite power and dtS >= 0, got ${netPowerW} W for ${dtS} s`);
    const want = netPowerW * dtS;
    if (want <= 0) {
      this.energyJ = Math.min(this.capacityJ, this.energyJ - want);
      return 0;
    }
    const delivered = Math.min(want, this.energyJ);
    this.energyJ -= delivered;
    return delivered;
  }
}
