/**
 * Energy and latency of one scored or generated window on a device, from
 * the energy model (src/energy; modelled, not measured — docs/energy-model.md):
 * scoring runs the encoder and the decoder (anomaly score, imputation
 * step), generating runs the decoder alone. A device whose engines cannot
 * run a variant's precision (UnsupportedPrecisionError) gets null with the
 * reason, not a number.
 */
import { estimateInference, loadDeviceProfile, UnsupportedPrecisionError, type DeviceProfile, type InferenceEstimate, type InferenceWork } from '../../energy/index.js';
import type { CodecVariant } from './codec-variants.js';

export interface WindowEnergy {
  device: string;
  engine: string;
  /** Encoder + decoder. */
  scoreEnergyJ: number | null;
  scoreLatencyS: number | null;
  /** Decoder alone. */
  generateEnergyJ: number | null;
  generateLatencyS: number | null;
  /** Why figures are null (the half the device's engine cannot run). */
  unsupported?: string;
}

export function codecEnergy(variant: Pick<CodecVariant, 'work'>, devices: readonly string[]): WindowEnergy[] {
  return devices.map((id) => {
    const profile = loadDeviceProfile(id);
    // Each half on its own: a decoder the engine runs still generates when the encoder has a layer it cannot.
    const enc = estimateOrUnsupported(profile, variant.work.encoder);
    const dec = estimateOrUnsupported(profile, variant.work.decoder);
    const failed = [enc, dec].filter((e): e is UnsupportedPrecisionError => e instanceof UnsupportedPrecisionError);
    const both = !(enc instanceof UnsupportedPrecisionError) && !(dec instanceof UnsupportedPrecisionError) ? { enc, dec } : null;
    const generate = dec instanceof UnsupportedPrecisionError ? null : dec;
    return {
      device: profile.id, engine: generate?.engine ?? failed[0]!.engine,
      scoreEnergyJ: both ? both.enc.energyJ + both.dec.energyJ : null, scoreLatencyS: both ? both.enc.latencyS + both.dec.latencyS : null,
      generateEnergyJ: generate?.energyJ ?? null, generateLatencyS: generate?.latencyS ?? null,
      ...(failed.length > 0 ? { unsupported: failed.map((e) => e.message).join('; ') } : {}),
    };
  });
}

function estimateOrUnsupported(profile: DeviceProfile, work: InferenceWork): InferenceEstimate | UnsupportedPrecisionError {
  try {
    return estimateInference(profile, work);
  } catch (e) {
    if (e instanceof UnsupportedPrecisionError) return e;
    throw e;
  }
}
