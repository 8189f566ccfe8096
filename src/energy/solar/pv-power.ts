/**
 * Power a panel delivers to the store from global horizontal irradiance,
 * pure (the PVWatts v5 DC model with a NOCT cell temperature):
 *
 *   P = G · A · η · (1 + γ (T_cell − 25 °C)) · η_MPPT
 *   T_cell = T_ambient + (NOCT − 20 °C) / (800 W/m²) · G
 *
 * The power model is PVWatts v5's P_dc = G/1000 · P_dc0 · (1 + γ (T_cell −
 * T_ref)) with P_dc0 = 1000 W/m² · A · η (Dobos 2014, as in
 * pvlib.pvsystem.pvwatts_dc). The cell temperature is the Ross / NOCT model
 * (R. G. Ross, 12th IEEE PVSC, 1976; pvlib.temperature.ross with
 * k = (NOCT − 20)/800): linear in irradiance, equal to NOCT at the NOCT
 * conditions (800 W/m², 20 °C). Without an ambient temperature the cell is
 * taken at 25 °C: no temperature correction.
 *
 * The panel is horizontal, so it sees GHI; tilt and orientation
 * (plane-of-array transposition) are out of scope. Negative GHI — the night
 * offset of thermopile pyranometers, a few W/m² below zero (NREL, "Best
 * Practices Handbook for the Collection and Use of Solar Resource Data",
 * 2021, section 3) — is clamped to 0 here, explicitly: a panel does not
 * absorb power at night.
 */
import type { PvPanel } from './pv-panel.js';

/** Irradiance at which NOCT is defined, W/m². */
const NOCT_IRRADIANCE_W_PER_M2 = 800;
/** Ambient temperature at which NOCT is defined, °C. */
const NOCT_AMBIENT_C = 20;
/** STC cell temperature, °C. */
const STC_CELL_C = 25;

/** Cell temperature by the NOCT (Ross) model, °C; negative irradiance counts as 0. */
export function cellTemperatureC(panel: Pick<PvPanel, 'noctC'>, ghiWPerM2: number, ambientTemperatureC: number): number {
  return ambientTemperatureC + ((panel.noctC - NOCT_AMBIENT_C) / NOCT_IRRADIANCE_W_PER_M2) * Math.max(0, ghiWPerM2);
}

/**
 * Power into the store, W, at irradiance `ghiWPerM2` and (optionally)
 * ambient air temperature. The temperature factor is floored at 0 (it
 * would only go negative above ~240 °C).
 */
export function pvPowerW(panel: PvPanel, ghiWPerM2: number, ambientTemperatureC?: number): number {
  if (Number.isNaN(ghiWPerM2)) throw new RangeError('pvPowerW: ghiWPerM2 is NaN; expected an irradiance in W/m²');
  const g = Math.max(0, ghiWPerM2);
  if (g === 0) return 0;
  const cellC = ambientTemperatureC === undefined ? STC_CELL_C : cellTemperatureC(panel, g, ambientTemperatureC);
  const temperatureFactor = Math.max(0, 1 + panel.powerTempCoeffPerK * (cellC - STC_CELL_C));
  return g * panel.areaM2 * panel.efficiency * temperatureFactor * panel.mpptEfficiency;
}
