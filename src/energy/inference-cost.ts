/**
 * What one inference of a model variant costs on a device: the energy
 * model's answer (src/energy/cost-model.ts) and what the runtime books per
 * request when no meter measures it.
 */

export interface InferenceCost {
  /** Seconds, from the device profile (or measured, when `measured`). */
  latencyS: number;
  /** Joules of the whole inference: compute + memory + static power over the latency. */
  energyJ: number;
  /** The energy split, J. */
  computeJ: number;
  memoryJ: number;
  staticJ: number;
  /** True when `latencyS` was measured on the host rather than taken from the profile. */
  measured: boolean;
}
