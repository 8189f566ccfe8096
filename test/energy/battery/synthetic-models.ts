/**
 * Hand-made battery models whose discharges have closed forms, for testing
 * the solver against exact answers (no data files needed).
 */
import type { BatteryModel } from '../../../src/energy/battery/battery-model.js';

export interface LinearCell {
  /** OCV at soc 0 and soc 1, V (equal for a flat curve). */
  ocvEmptyV: number;
  ocvFullV: number;
  r0Ohm: number;
  r1Ohm?: number;
  tau1S?: number;
  capacityC?: number;
  cutoffV?: number;
  coulombicEfficiency?: number;
}

/** A cell with a straight OCV line and constant resistances. */
export function linearCell(c: LinearCell): BatteryModel {
  return {
    name: 'linear test cell',
    capacityC: c.capacityC ?? 3600,
    ocv: { socFraction: [0, 1], voltageV: [c.ocvEmptyV, c.ocvFullV] },
    resistance: { socFraction: [0.5], r0Ohm: [c.r0Ohm], r1Ohm: [c.r1Ohm ?? 0], tau1S: [c.tau1S ?? 100] },
    cutoffV: c.cutoffV ?? 2.5,
    chargeVoltageMaxV: Math.max(c.ocvFullV, 4.2),
    coulombicEfficiency: c.coulombicEfficiency ?? 1,
    cellsInSeries: 1,
    cellsInParallel: 1,
  };
}
