/**
 * One simulated run's numbers, from the device twin's result: pure
 * arithmetic, so the evaluation's table can be re-derived by hand from a
 * run's events. Latency is response time (arrival to answer: queueing and
 * any switch included), what a user of the device waits.
 */
import type { TwinResult } from '../sim/device-twin.js';

export interface RunNumbers {
  energyPerInferenceMj: number;
  totalEnergyJ: number;
  latencyP50S: number;
  latencyP95S: number;
  latencyP99S: number;
  deadlineMissRate: number;
  accuracy: number;
  criticalAccuracy: number | null;
  batteryLifetimeH: number;
  co2eG: number;
  served: number;
  depleted: boolean;
}

/** 3.6 MJ per kWh (SI definition of the kilowatt-hour). */
export const JOULES_PER_KWH = 3.6e6;

/** Nearest-rank percentile (the runtime summary's definition), NaN for no values. */
export function percentileNearestRank(values: Float64Array, q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

export interface RunContext {
  /** The store's full capacity, J (for the lifetime projection). */
  capacityJ: number;
  /** State of charge at the start. */
  initialSoc: number;
  /** Tasks offered (served + dropped + left unserved). */
  offered: number;
  gridIntensityGPerKwh: number;
}

export function runNumbers(r: TwinResult, c: RunContext): RunNumbers {
  const served = r.summary.served;
  const totalEnergyJ = r.energy.requestJ + r.energy.idleJ;
  const durationS = r.replay.endS;
  // Battery life in the usual sense, capacity / average draw, harvest not counted (the SoC trace shows
  // what the harvest adds): finite whenever the device draws anything, comparable across policies.
  const drawW = durationS > 0 ? totalEnergyJ / durationS : 0;
  const batteryLifetimeH = drawW > 0 ? c.capacityJ / drawW / 3600 : NaN;
  // Requests never served (depletion) miss their deadline too.
  const missed = r.summary.missed + Math.max(0, c.offered - served - r.summary.dropped);
  return {
    energyPerInferenceMj: served > 0 ? (r.energy.requestJ / served) * 1e3 : NaN,
    totalEnergyJ,
    latencyP50S: percentileNearestRank(r.responseTimesS, 0.5),
    latencyP95S: percentileNearestRank(r.responseTimesS, 0.95),
    latencyP99S: percentileNearestRank(r.responseTimesS, 0.99),
    deadlineMissRate: c.offered > 0 ? missed / c.offered : 0,
    accuracy: r.meanQuality ?? NaN,
    criticalAccuracy: r.criticalMeanQuality,
    batteryLifetimeH,
    co2eG: (totalEnergyJ / JOULES_PER_KWH) * c.gridIntensityGPerKwh,
    served,
    depleted: r.replay.depleted,
  };
}
