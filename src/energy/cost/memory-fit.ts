/**
 * Whether a model fits a device (what Edge Impulse's deployment page
 * reports as RAM and flash): weights in flash (MCU) or RAM, the live
 * activations in SRAM (MCU) or RAM. An interpreter's arena also holds
 * scratch buffers and its own state; `arenaOverhead` adds that as a
 * fraction (default 0: the lower bound, and the report says so).
 */
import type { DeviceProfile } from '../profile/device-profile.js';
import type { InferenceWork } from '../work/inference-work.js';

export interface MemoryFit {
  weightBytes: number;
  peakActivationBytes: number;
  /** Capacity the weights must fit in (flash or RAM), bytes; null when unknown. */
  weightCapacityBytes: number | null;
  activationCapacityBytes: number | null;
  fits: boolean;
  /** Why not, when it does not fit. */
  reason: string | null;
}

export function memoryFit(profile: DeviceProfile, work: InferenceWork, arenaOverhead = 0): MemoryFit {
  const m = profile.memory;
  const capacity = (level: 'flash' | 'sram' | 'dram'): number | null => (level === 'flash' ? m.flashBytes : level === 'sram' ? m.sramBytes : m.ramBytes);
  const weightCap = capacity(m.weightsIn);
  const actCap = capacity(m.activationsIn);
  const act = Math.ceil(work.peakActivationBytes * (1 + arenaOverhead));
  // Weights and activations share DRAM on an SBC.
  const shared = m.weightsIn === m.activationsIn;
  const reasons: string[] = [];
  if (shared && weightCap !== null && work.weightBytes + act > weightCap) reasons.push(`weights + activations need ${work.weightBytes + act} B of ${m.weightsIn}, the device has ${weightCap} B`);
  if (!shared && weightCap !== null && work.weightBytes > weightCap) reasons.push(`weights need ${work.weightBytes} B of ${m.weightsIn}, the device has ${weightCap} B`);
  if (!shared && actCap !== null && act > actCap) reasons.push(`activations need ${act} B of ${m.activationsIn}, the device has ${actCap} B`);
  return { weightBytes: work.weightBytes, peakActivationBytes: act, weightCapacityBytes: weightCap, activationCapacityBytes: actCap, fits: reasons.length === 0, reason: reasons.length ? reasons.join('; ') : null };
}
