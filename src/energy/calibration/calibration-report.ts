/**
 * Predicted against published: every result a profile lists, the model's
 * latency and energy for it, the relative errors, and whether the result
 * was used to fit the profile (in sample — not evidence) or not. A result
 * measured at another supply voltage (`supplyV`) is predicted at that
 * voltage.
 */
import { estimateInference } from '../cost/estimate-inference.js';
import type { DeviceProfile, PublishedResult } from '../profile/device-profile.js';
import type { InferenceWork } from '../work/inference-work.js';

export interface CalibrationRow {
  result: PublishedResult;
  inSample: boolean;
  predictedLatencyMs: number;
  predictedEnergyUj: number;
  /** (predicted − published) / published; null when not published. */
  latencyError: number | null;
  energyError: number | null;
}

/** `workFor` turns a result's model name, input shape and precision into work (the caller owns the model zoo). */
export function calibrationReport(profile: DeviceProfile, workFor: (r: PublishedResult) => InferenceWork): CalibrationRow[] {
  return profile.published.map((r) => {
    const e = estimateInference(profile, workFor(r), { engine: r.engine, ...(r.opPoint ? { opPoint: r.opPoint } : {}), ...(r.supplyV !== undefined ? { supplyV: r.supplyV } : {}) });
    const latencyMs = e.latencyS * 1e3;
    const energyUj = e.energyJ * 1e6;
    return {
      result: r,
      inSample: profile.calibration.fittedOn.includes(r.id),
      predictedLatencyMs: latencyMs,
      predictedEnergyUj: energyUj,
      latencyError: r.latencyMs === null ? null : latencyMs / r.latencyMs - 1,
      energyError: r.energyUj === null ? null : energyUj / r.energyUj - 1,
    };
  });
}
