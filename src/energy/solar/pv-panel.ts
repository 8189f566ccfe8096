/**
 * A small photovoltaic panel and its harvester, as the harvesting model
 * needs them: area, efficiency at standard test conditions (STC:
 * 1000 W/m², 25 °C cell), the temperature coefficient of power, the nominal
 * operating cell temperature, and the fraction of the panel's maximum-power
 * point power that the MPPT charger delivers to the store.
 *
 * Defaults, each from a named source:
 * - efficiency 15 % and temperature coefficient −0.47 %/°C: the "Standard"
 *   (crystalline silicon, glass cover) module type of NREL PVWatts version 5
 *   (A. P. Dobos, "PVWatts Version 5 Manual", NREL/TP-6A20-62641, 2014,
 *   module-type table; SAM's ssc cmod_pvwattsv5.cpp: gamma = −0.0047 for the
 *   standard module);
 * - NOCT 45 °C: the installed NOCT PVWatts v5 uses for a fixed open-rack
 *   array (same ssc source: inoct = 45); NOCT is defined at 800 W/m²,
 *   20 °C ambient air, 1 m/s wind;
 * - MPPT efficiency 0.95: the peak conversion efficiency of the ST SPV1040
 *   solar battery charger with embedded perturb-and-observe MPPT
 *   (datasheet DS6991, features: "up to 95 % efficiency"). It is a peak
 *   figure: at light input power and away from the best voltage ratio
 *   the charger does worse, so yields computed with it are optimistic;
 *   pass a measured value where one exists.
 * The area has no default: it is the one number every design chooses.
 */

export interface PvPanel {
  /** Active area, m². */
  areaM2: number;
  /** Module efficiency at STC, 0..1. */
  efficiency: number;
  /** Relative change of power per kelvin of cell temperature above 25 °C, 1/K (negative for silicon). */
  powerTempCoeffPerK: number;
  /** Nominal operating cell temperature, °C. */
  noctC: number;
  /** Fraction of the maximum-power-point power delivered to the store by the MPPT charger, 0..1. */
  mpptEfficiency: number;
}

/** PVWatts v5 "Standard" module: 15 % efficient crystalline silicon (see the file comment for sources). */
export const PVWATTS_STANDARD_EFFICIENCY = 0.15;
/** PVWatts v5 "Standard" module: −0.47 %/°C. */
export const PVWATTS_STANDARD_POWER_TEMP_COEFF_PER_K = -0.0047;
/** PVWatts v5 installed NOCT for a fixed open rack, °C. */
export const PVWATTS_OPEN_RACK_NOCT_C = 45;
/** ST SPV1040 solar charger with MPPT: "up to 95 % efficiency" (datasheet DS6991). */
export const SPV1040_MPPT_EFFICIENCY = 0.95;

/** A panel of `areaM2` with the PVWatts "Standard" module and SPV1040 charger defaults; any field can be overridden. */
export function standardPanel(areaM2: number, overrides: Partial<Omit<PvPanel, 'areaM2'>> = {}): PvPanel {
  const panel: PvPanel = {
    areaM2,
    efficiency: PVWATTS_STANDARD_EFFICIENCY,
    powerTempCoeffPerK: PVWATTS_STANDARD_POWER_TEMP_COEFF_PER_K,
    noctC: PVWATTS_OPEN_RACK_NOCT_C,
    mpptEfficiency: SPV1040_MPPT_EFFICIENCY,
    ...overrides,
  };
  validatePvPanel(panel);
  return panel;
}

/** Throws a RangeError naming the first field out of its physical range. */
export function validatePvPanel(panel: PvPanel): void {
  const bad = (field: keyof PvPanel, expected: string): never => {
    throw new RangeError(`PvPanel.${field}: expected ${expected}, got ${JSON.stringify(panel[field])}`);
  };
  if (!(panel.areaM2 > 0) || !Number.isFinite(panel.areaM2)) bad('areaM2', 'a positive finite area in m²');
  if (!(panel.efficiency > 0 && panel.efficiency < 1)) bad('efficiency', 'a fraction in (0, 1)');
  if (!(Math.abs(panel.powerTempCoeffPerK) < 0.05)) bad('powerTempCoeffPerK', 'a coefficient per kelvin, |γ| < 0.05 (silicon: about −0.003 to −0.005)');
  if (!(panel.noctC > 20 && panel.noctC < 100)) bad('noctC', 'a cell temperature in (20, 100) °C');
  if (!(panel.mpptEfficiency > 0 && panel.mpptEfficiency <= 1)) bad('mpptEfficiency', 'a fraction in (0, 1]');
}
