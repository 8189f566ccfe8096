/**
 * Harvested power seen from the runtime: what arrives now and, for the
 * controller, how much is expected over a horizon. The solar model
 * (src/energy/solar/) implements it over a real irradiance trace;
 * `NO_HARVEST` is the default (a device without a panel).
 */

export interface HarvestSource {
  /** Power delivered to the store at time `tS` (seconds since the start of the run), W. */
  powerW(tS: number): number;
  /** Energy expected over [tS, tS + horizonS], J: the controller's harvest forecast. */
  forecastJ(tS: number, horizonS: number): number;
}

export const NO_HARVEST: HarvestSource = {
  powerW: () => 0,
  forecastJ: () => 0,
};
