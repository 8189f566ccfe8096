/**
 * Energy and latency of one scored or generated window on a device, from
 * the energy model (src/energy; modelled, not measured — docs/energy-model.md):
 * scoring runs the encoder and the decoder (anomaly score, imputation
 * step), generating runs the decoder alone. A device whose engines cannot
 * run a variant's precision (UnsupportedPrecisionError) gets null with the
 * reason, not a number.
 */
import { estimateInference, loadDeviceProfile, UnsupportedPrecisionError } from '../../energy/index.js';
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
  /** Why the figures are null. */
  unsupported?: string;
}

export function codecEnergy(variant: Pick<CodecVariant, 'work'>, devices: readonly string[]): WindowEnergy[] {
  return devices.map((id) => {
    const profile = loadDeviceProfile(id);
    try {
      const enc = estimateInference(profile, variant.work.encoder);
      const dec = estimateInference(profile, variant.work.decoder);
      return {
        device: profile.id, engine: dec.engine,
        scoreEnergyJ: enc.energyJ + dec.energyJ, scoreLatencyS: enc.latencyS + dec.latencyS,
        generateEnergyJ: dec.energyJ, generateLatencyS: dec.latencyS,
      };
    } catch (e) {
      if (!(e instanceof UnsupportedPrecisionError)) throw e;
      return { device: profile.id, engine: e.engine, scoreEnergyJ: null, scoreLatencyS: null, generateEnergyJ: null, generateLatencyS: null, unsupported: e.message };
    }
  });
}
