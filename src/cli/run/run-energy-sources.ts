/**
 * The energy store and harvest of `edgewatt run`: an ideal store of a given
 * capacity (default one 18650 cell's energy) or the fitted LG 18650 cell
 * with its voltage and internal resistance (src/energy/battery); and,
 * optionally, a solar panel under a real irradiance trace (NSRDB PSM3 CSV
 * or NREL MIDC text), repeated past its end and started at an offset into it.
 */
import { extname } from 'node:path';
import { readMidc, readPsm3 } from '../../data/index.js';
import { BatteryStore, IdealEnergyStore, LG18650_25C, NO_HARVEST, SolarHarvest, standardPanel, type EnergyStore, type HarvestSource } from '../../energy/index.js';
import { DEFAULT_STORE_CAPACITY_J } from '../../runtime/index.js';

export type StoreKind = 'ideal' | 'lg18650';
export const STORE_KINDS: readonly StoreKind[] = ['ideal', 'lg18650'];

export interface SolarOptions {
  /** PSM3 .csv or MIDC .txt file. */
  file: string;
  panelAreaM2: number;
  /** Seconds after the trace's first sample that the stream's start maps to. */
  offsetS: number;
}

export function energyStore(kind: StoreKind, soc: number, capacityJ: number | undefined): { store: EnergyStore; label: string } {
  if (kind === 'lg18650') {
    if (capacityJ !== undefined) throw new Error('option --capacity-j applies to the ideal store; the lg18650 cell has its fitted capacity');
    return { store: new BatteryStore(LG18650_25C, soc), label: 'LG 18650 cell (fitted on ../shared/data/battery)' };
  }
  const c = capacityJ ?? DEFAULT_STORE_CAPACITY_J;
  return { store: new IdealEnergyStore(c, soc), label: `ideal store of ${c.toPrecision(4)} J` };
}

export function solarHarvest(o: SolarOptions | undefined): { harvest: HarvestSource; label: string | null } {
  if (o === undefined) return { harvest: NO_HARVEST, label: null };
  const ext = extname(o.file).toLowerCase();
  let trace: { timeS: ArrayLike<number>; ghiWPerM2: ArrayLike<number>; ambientTemperatureC?: ArrayLike<number> };
  if (ext === '.csv') {
    const p = readPsm3(o.file);
    trace = { timeS: p.timeS, ghiWPerM2: p.ghiWPerM2, ambientTemperatureC: p.temperatureC };
  } else if (ext === '.txt') {
    const m = readMidc(o.file, { clampNegativeToZero: true });
    trace = { timeS: m.timeS, ghiWPerM2: m.ghiWPerM2 };
  } else {
    throw new Error(`option --solar: ${o.file}: expected an NSRDB PSM3 .csv or an NREL MIDC .txt irradiance file, got "${ext}"`);
  }
  const harvest = new SolarHarvest(trace, standardPanel(o.panelAreaM2), { repeat: true, offsetS: o.offsetS });
  return { harvest, label: `${(o.panelAreaM2 * 1e4).toFixed(0)} cm² panel under ${o.file} (from ${(o.offsetS / 3600).toFixed(1)} h into the trace)` };
}
