/**
 * What serving a ladder on a given device costs, from the energy model
 * (src/energy): per variant, the modelled latency and energy of one
 * inference (the runtime's `costOf`, and the device time a
 * VirtualTimeExecutor spends), whether it fits the device's memory, and
 * the power drawn between requests. Nothing here is measured on the
 * device: every figure is the profile's model (docs/energy-model.md).
 */
import type { LadderManifest } from '../compress/ladder/manifest.js';
import { estimateInference, memoryFit, opPointPower, UnsupportedPrecisionError, workFromLadderFigures, type DeviceProfile, type InferenceEstimate, type MemoryFit } from '../energy/index.js';
import type { InferenceCost } from '../energy/inference-cost.js';
import type { WakeUpCost } from './edge-runtime-options.js';

export interface DeviceCostOptions {
  /** Engine id in the profile; default its defaultEngine. */
  engine?: string;
  /** DVFS operating point id; default the nominal one. */
  opPoint?: string;
}

export interface VariantDeviceCost {
  readonly estimate: InferenceEstimate;
  readonly fit: MemoryFit;
  /** Its work came from aggregate figures only (a ladder built before variants recorded `work`). */
  readonly approximate: boolean;
}

export interface DeviceCosts {
  readonly device: string;
  readonly engine: string;
  readonly opPoint: string;
  /**
   * Power between requests, W: the profile's idle power (an MCU profile
   * sets it to its retention sleep, an SBC to its measured idle).
   */
  readonly idlePowerW: number;
  /** Waking from idle (profile power.wakeUpJ / wakeUpS), for EdgeRuntime's options.wakeUp. */
  readonly wakeUp: WakeUpCost;
  /** The variants the device's engine runs. */
  readonly variants: ReadonlyMap<string, VariantDeviceCost>;
  /** Those it cannot run (a float rung on an int8-only MCU runtime), with why. */
  readonly unsupported: ReadonlyMap<string, string>;
  /** For EdgeRuntime's options.costOf. */
  costOf(variantId: string): InferenceCost;
  /** For VirtualTimeExecutor's latencyS. */
  latencyS(variantId: string): number;
}

/**
 * Costs of every variant of a ladder on one device. A variant the engine
 * cannot run is listed in `unsupported` with the reason (and costOf names
 * it); one that does not fit in memory is kept with the reason in `fit`:
 * the caller decides what to serve.
 */
export function ladderDeviceCosts(manifest: LadderManifest, profile: DeviceProfile, options: DeviceCostOptions = {}): DeviceCosts {
  // Engine and operating point are checked once, up front, so a typo is not reported as every variant being unsupported.
  const power = opPointPower(profile, options.opPoint);
  const engine = options.engine ?? profile.defaultEngine;
  if (profile.engines[engine] === undefined) throw new RangeError(`device ${profile.id}: unknown engine "${engine}"; it has ${Object.keys(profile.engines).join(', ')}`);
  const variants = new Map<string, VariantDeviceCost>();
  const unsupported = new Map<string, string>();
  for (const v of manifest.variants) {
    const { work, approximate } = workFromLadderFigures(v);
    try {
      variants.set(v.id, { estimate: estimateInference(profile, work, options), fit: memoryFit(profile, work), approximate });
    } catch (e) {
      if (!(e instanceof UnsupportedPrecisionError)) throw e;
      unsupported.set(v.id, e.message);
    }
  }
  const get = (id: string): VariantDeviceCost => {
    const c = variants.get(id);
    if (c !== undefined) return c;
    const why = unsupported.get(id);
    if (why !== undefined) throw new RangeError(`variant "${id}" cannot run on ${profile.id} (engine ${engine}): ${why}`);
    throw new RangeError(`ladderDeviceCosts: unknown variant "${id}"; the ladder has ${manifest.variants.map((v) => `"${v.id}"`).join(', ')}`);
  };
  return {
    device: profile.id,
    engine,
    opPoint: power.opPoint.id,
    unsupported,
    idlePowerW: profile.power.idleW,
    wakeUp: { energyJ: profile.power.wakeUpJ, latencyS: profile.power.wakeUpS },
    variants,
    costOf: (id) => get(id).estimate,
    latencyS: (id) => get(id).estimate.latencyS,
  };
}
