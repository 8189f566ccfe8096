/**
 * Step 2 of the calibration (see fit-cycles-engine.ts): a board's own free
 * coefficients from ONE published result — the cycle scale of an engine
 * (latency) and the power (energy): either the switched capacitance C (the
 * board's first engine) or the engine's activity α relative to it (every
 * further engine on the same board, whose power differs by how much logic
 * its kernels toggle).
 */
import { engineCycles } from '../cost/estimate-inference.js';
import { opPointPower } from '../cost/op-point-power.js';
import type { CyclesEngine, DeviceProfile, PublishedResult } from '../profile/device-profile.js';
import type { InferenceWork } from '../work/inference-work.js';
import { scaleCyclesEngine } from './fit-cycles-engine.js';

export interface BoardFit {
  /** The engine with its cycle coefficients scaled so the result's latency is met exactly. */
  engine: CyclesEngine;
  cycleScale: number;
  /** Average power of the published result, W (energy / latency). */
  powerW: number;
  /** C that makes α·C·V²·f + P_static equal that power with the engine's current α. */
  switchedCapacitanceF: number;
  /** α that makes it equal with the profile's current C. */
  activity: number;
}

export function fitBoardToResult(profile: DeviceProfile, engineId: string, result: PublishedResult, work: InferenceWork): BoardFit {
  const engine = profile.engines[engineId];
  if (!engine || engine.kind !== 'cycles') throw new RangeError(`fitBoardToResult: ${profile.id} has no cycles engine "${engineId}"`);
  if (result.latencyMs === null || result.energyUj === null) throw new RangeError(`fitBoardToResult: result ${result.id} needs both a latency and an energy`);
  if (result.supplyV !== undefined && result.supplyV !== profile.supply?.measuredAtV) {
    throw new RangeError(`fitBoardToResult: result ${result.id} was measured at ${result.supplyV} V; the power is fitted at the profile's measured supply (${profile.supply?.measuredAtV ?? 'none described'} V) and other voltages are predictions`);
  }
  const power = opPointPower(profile, result.opPoint);
  const measuredCycles = result.latencyMs * 1e-3 * power.opPoint.frequencyHz;
  const cycleScale = measuredCycles / engineCycles(profile, engineId, engine, work);
  const powerW = result.energyUj / result.latencyMs * 1e-3;
  const dynamicW = powerW - power.staticW;
  if (!(dynamicW > 0)) throw new RangeError(`fitBoardToResult: result ${result.id} draws ${powerW} W, not above the static ${power.staticW} W`);
  const v = power.opPoint.voltageV;
  return {
    engine: scaleCyclesEngine(engine, cycleScale),
    cycleScale,
    powerW,
    switchedCapacitanceF: dynamicW / (engine.activity * v * v * power.opPoint.frequencyHz),
    activity: dynamicW / power.dynamicW,
  };
}
