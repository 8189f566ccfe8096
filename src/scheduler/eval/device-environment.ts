/**
 * A scenario device's surroundings in the twin: the energy store it starts
 * each run with and the harvest it sees, built from the scenario entry.
 * Shared by runScenario and the benchmarks that replay scenario devices, so
 * both build them the same way.
 */
import { resolve } from 'node:path';
import { readMidc, readPsm3 } from '../../data/index.js';
import { BatteryStore, IdealEnergyStore, LG18650_25C, NO_HARVEST, packCapacityC, packOcvV, SolarHarvest, standardPanel, type EnergyStore, type HarvestSource } from '../../energy/index.js';
import { withHarvestForecast } from '../forecast/forecast-harvest.js';
import type { ScenarioDevice } from './scenario.js';

/** A fresh store at the entry's state of charge, and its energy at full charge, J. */
export function storeFor(d: ScenarioDevice): { store: EnergyStore; capacityJ: number } {
  if (d.store.kind === 'ideal') return { store: new IdealEnergyStore(d.store.capacityJ, d.store.soc), capacityJ: d.store.capacityJ };
  // The cell's energy at its full charge: capacity in coulombs times the mean OCV over the SoC range (trapezoid over 100 steps).
  let meanV = 0;
  for (let i = 0; i < 100; i++) meanV += (packOcvV(LG18650_25C, i / 100) + packOcvV(LG18650_25C, (i + 1) / 100)) / 200;
  return { store: new BatteryStore(LG18650_25C, d.store.soc), capacityJ: packCapacityC(LG18650_25C) * meanV };
}

/** The entry's solar harvest (an NREL PSM3 CSV or MIDC text trace under `dataDir`) with its forecaster, or none. */
export function harvestFor(d: ScenarioDevice, dataDir: string): HarvestSource {
  if (d.solar === undefined) return NO_HARVEST;
  const file = resolve(dataDir, d.solar.file);
  const trace = file.toLowerCase().endsWith('.txt')
    ? (() => {
        const m = readMidc(file, { clampNegativeToZero: true });
        return { timeS: m.timeS, ghiWPerM2: m.ghiWPerM2 };
      })()
    : (() => {
        const p = readPsm3(file);
        return { timeS: p.timeS, ghiWPerM2: p.ghiWPerM2, ambientTemperatureC: p.temperatureC };
      })();
  return withHarvestForecast(new SolarHarvest(trace, standardPanel(d.solar.panelCm2 / 1e4), { repeat: true, offsetS: d.solar.offsetH * 3600 }), d.solar.forecast ?? 'holt-winters');
}
