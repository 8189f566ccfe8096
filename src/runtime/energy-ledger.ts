/**
 * The runtime's energy books: every interval of device time is booked once,
 * as idle or as a request, against the energy store, with the harvest over
 * the same interval subtracted — so the store's drop is exactly the load
 * booked minus the harvest taken in (while the store neither clips at full
 * nor runs dry), which is what the runtime tests check.
 *
 * Harvest is integrated with the midpoint rule in sub-intervals of at most
 * `harvestStepS`, so a long idle gap under a changing irradiance trace is
 * not booked at the power of its first instant.
 */
import type { EnergyStore } from '../energy/energy-store.js';
import type { HarvestSource } from '../energy/harvest-source.js';

/**
 * 60 s: the MIDC irradiance traces in ../shared/data/solar are one-minute
 * samples; a finer step would only re-read the same sample.
 */
export const DEFAULT_HARVEST_STEP_S = 60;

export interface EnergyTotals {
  /** Booked to served requests, switches included, J. */
  readonly requestJ: number;
  /** Booked between requests, J. */
  readonly idleJ: number;
  /** Harvest taken in over the booked time, J (before any clipping by a full store). */
  readonly harvestJ: number;
  /** What the store actually delivered to the load, J (less than booked once it ran dry). */
  readonly deliveredJ: number;
}

export class EnergyLedger {
  private requestJ = 0;
  private idleJ = 0;
  private harvestJ = 0;
  private deliveredJ = 0;

  constructor(
    readonly store: EnergyStore,
    readonly harvest: HarvestSource,
    readonly harvestStepS: number = DEFAULT_HARVEST_STEP_S,
  ) {
    if (!(harvestStepS > 0) || !Number.isFinite(harvestStepS)) throw new RangeError(`EnergyLedger: harvestStepS must be a positive number of seconds, got ${harvestStepS}`);
  }

  get totals(): EnergyTotals {
    return { requestJ: this.requestJ, idleJ: this.idleJ, harvestJ: this.harvestJ, deliveredJ: this.deliveredJ };
  }

  /**
   * Books `loadJ` spent over [fromS, toS] and the harvest over it. A
   * zero-length interval (a virtual clock nobody advanced) still draws its
   * energy, at the power it would have over `nominalS` (the model's latency),
   * so a rate-dependent store sees a realistic load and not an infinite one;
   * no harvest arrives in no time.
   */
  book(kind: 'idle' | 'request', loadJ: number, fromS: number, toS: number, nominalS: number): void {
    if (kind === 'idle') this.idleJ += loadJ;
    else this.requestJ += loadJ;
    const dtS = toS - fromS;
    if (!(dtS > 0)) {
      if (loadJ > 0) {
        const s = nominalS > 0 ? nominalS : 1;
        this.deliveredJ += this.store.step(loadJ / s, s);
      }
      return;
    }
    const loadW = loadJ / dtS;
    const steps = Math.ceil(dtS / this.harvestStepS);
    const h = dtS / steps;
    for (let i = 0; i < steps; i++) {
      const harvestW = this.harvest.powerW(fromS + (i + 0.5) * h);
      if (!Number.isFinite(harvestW)) throw new RangeError(`EnergyLedger: the harvest source gave ${harvestW} W at t = ${fromS + (i + 0.5) * h} s; expected a finite power`);
      this.harvestJ += harvestW * h;
      this.deliveredJ += this.store.step(loadW - harvestW, h);
    }
  }
}
