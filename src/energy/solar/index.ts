/** Public API of solar harvesting: panel parameters with cited defaults, PV power from irradiance, and the runtime's HarvestSource over a trace. */
export { PVWATTS_OPEN_RACK_NOCT_C, PVWATTS_STANDARD_EFFICIENCY, PVWATTS_STANDARD_POWER_TEMP_COEFF_PER_K, SPV1040_MPPT_EFFICIENCY, standardPanel, validatePvPanel, type PvPanel } from './pv-panel.js';
export { cellTemperatureC, pvPowerW } from './pv-power.js';
export { SolarHarvest, type IrradianceTrace, type SolarHarvestOptions } from './solar-harvest.js';
