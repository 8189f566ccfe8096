/**
 * Offloading one inference to a gateway as a twin action: the device sends
 * the input over its radio, waits while the gateway runs a ladder variant,
 * and receives the output (src/energy/radio offloadCost: set-up when the
 * link is not kept up, transfer both ways, the wait at idle power plus the
 * radio's connected-idle draw). The device's energy is the radio's and the
 * wait's; the gateway's own energy is its mains', not the device's battery,
 * and is not booked here. Quality is the gateway variant's measured top-1.
 *
 * Named `<variant>@offload-<gateway>` so it sits in the action space beside
 * `<variant>@<operating point>`; policies that walk the device's operating
 * points (race-to-idle, schedutil, the battery rule) do not see it.
 */
import type { LadderManifest } from '../../compress/ladder/manifest.js';
import { estimateInference, offloadCost, workFromLadderFigures, type DeviceProfile, type InferenceEstimate, type RadioProfile } from '../../energy/index.js';
import type { TwinAction } from './twin-actions.js';

export interface OffloadOption {
  radio: RadioProfile;
  gateway: DeviceProfile;
  /** The ladder variant the gateway serves; default the first one its engine runs (the fp32 rung). */
  gatewayVariant?: string;
  /** The link stays up between requests (a BLE connection kept, Wi-Fi associated): no set-up per request. Default true. */
  linkUp?: boolean;
}

/** The operating-point part of an offload action's id. */
export function offloadPointId(gateway: DeviceProfile): string {
  return `offload-${gateway.id}`;
}

export function isOffloadAction(id: string): boolean {
  return id.slice(id.lastIndexOf('@') + 1).startsWith('offload-');
}

/** One offload action for the device's ladder. Input and output travel as float32 tensors. */
export function offloadAction(manifest: LadderManifest, device: DeviceProfile, o: OffloadOption): TwinAction {
  const candidates = o.gatewayVariant !== undefined ? manifest.variants.filter((v) => v.id === o.gatewayVariant) : manifest.variants;
  if (candidates.length === 0) throw new RangeError(`offload: the ladder has no variant "${o.gatewayVariant}"; it has ${manifest.variants.map((v) => v.id).join(', ')}`);
  let gw: { v: (typeof candidates)[number]; e: InferenceEstimate } | null = null;
  const reasons: string[] = [];
  for (const v of candidates) {
    try {
      gw = { v, e: estimateInference(o.gateway, workFromLadderFigures(v).work) };
      break;
    } catch (err) {
      reasons.push(`${v.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (gw === null) throw new RangeError(`offload: the gateway ${o.gateway.id} runs none of ${candidates.map((v) => v.id).join(', ')} (${reasons.join('; ')})`);
  const inputBytes = 4 * manifest.model.inputShape.reduce((a, b) => a * b, 1);
  const outputBytes = 4 * (manifest.model.numClasses ?? 1);
  const c = offloadCost(o.radio, { inputBytes, outputBytes, gatewayComputeS: gw.e.latencyS, idlePowerW: device.power.idleW, linkUp: o.linkUp ?? true });
  const cost: InferenceEstimate = {
    device: device.id,
    engine: `radio ${o.radio.id} → ${o.gateway.id} (${gw.e.engine})`,
    opPoint: offloadPointId(o.gateway),
    latencyS: c.latencyS,
    energyJ: c.energyJ,
    // The radio's transfers as the "compute" of this action, the wait as its static share.
    computeJ: c.energyJ - c.wait.energyJ,
    memoryJ: 0,
    staticJ: c.wait.energyJ,
    measured: false,
    cycles: null,
    averagePowerW: c.latencyS > 0 ? c.energyJ / c.latencyS : 0,
  };
  return {
    id: `${gw.v.id}@${offloadPointId(o.gateway)}`,
    variantId: gw.v.id,
    opPointId: offloadPointId(o.gateway),
    quality: gw.v.quality?.value ?? null,
    precisions: Object.keys(gw.v.macsByPrecision),
    cost,
  };
}
