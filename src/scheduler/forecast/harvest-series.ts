/**
 * A harvest source as a regularly sampled series for the forecasters: the
 * mean power over each step, energy / step length, from the source's own
 * energy integral (HarvestSource.forecastJ; for SolarHarvest an exact
 * integral of the interpolated irradiance — src/energy/solar/solar-harvest.ts).
 * A mean over the step, not a point sample, is what a scheduler deciding
 * per step can spend, and it does not alias short peaks.
 */
import type { HarvestSource } from '../../energy/harvest-source.js';
import { checkStepGrid, type StepGrid } from './step-grid.js';

/** Mean harvested power per step, W. */
export function harvestPowerSeries(source: Pick<HarvestSource, 'forecastJ'>, grid: StepGrid): Float64Array {
  const g = checkStepGrid('harvestPowerSeries', grid);
  if (typeof source?.forecastJ !== 'function') throw new TypeError('harvestPowerSeries: source must be a HarvestSource (with forecastJ(tS, horizonS))');
  const power = new Float64Array(g.steps);
  for (let i = 0; i < g.steps; i++) {
    const energyJ = source.forecastJ(g.startS + i * g.stepS, g.stepS);
    if (!Number.isFinite(energyJ)) throw new RangeError(`harvestPowerSeries: source.forecastJ(${g.startS + i * g.stepS}, ${g.stepS}) returned ${energyJ}; expected a finite energy in J`);
    power[i] = energyJ / g.stepS;
  }
  return power;
}
