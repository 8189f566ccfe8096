/**
 * What sending `bytesUp` to the gateway and then receiving `bytesDown` from
 * it costs the device: energy from the profile's currents, latency,
 * airtime, frames, and for LoRa the time lost to the duty-cycle limit.
 *
 * The transfer is: bring the link up (unless `linkUp`), the uplink phase,
 * any pause the link imposes before the device may exchange again (LoRa),
 * then the downlink phase. Each phase's timing comes from its link's model
 * (ble-link.ts, wifi-link.ts, lora-link.ts); the energy rule is one for all
 * (link-phase.ts).
 */
import { bleTiming } from './ble-link.js';
import { phaseEnergyJ, type Direction, type LinkTiming, type PhaseCost } from './link-phase.js';
import { loraMaxPayloadBytes, loraReceiveHoldS, loraTiming } from './lora-link.js';
import type { RadioProfile } from './radio-profile.js';
import { wifiTiming } from './wifi-link.js';

export interface TransferOptions {
  /** The link is already connected / associated: no setup cost. Default false. */
  linkUp?: boolean;
  /** LoRa only: spreading factor for this transfer (default: the profile's). */
  spreadingFactor?: number;
}

export interface TransferCost {
  energyJ: number;
  latencyS: number;
  /** On-air time of every frame the device sends or receives, s. */
  airtimeS: number;
  /** Link-layer frames carrying data, both directions (LoRa: without the empty polls, counted in `pollFrames`). */
  packets: number;
  pollFrames: number;
  /** LoRa: part of `latencyS` spent waiting only because of the duty-cycle limit, s. Absent for links without one. */
  dutyCycleWaitS?: number;
  /** After `latencyS`, how long until the link may start another exchange, s. */
  readyAfterS: number;
  setupJ: number;
  setupS: number;
  up: PhaseCost;
  down: PhaseCost;
}

function checkBytes(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`transferCost: ${name} must be a non-negative whole number of bytes, got ${v}`);
}

/** One direction's timing, by link kind. */
export function linkTiming(radio: RadioProfile, direction: Direction, bytes: number, options: TransferOptions = {}): LinkTiming {
  switch (radio.kind) {
    case 'ble': return bleTiming(radio, direction, bytes);
    case 'wifi': return wifiTiming(radio, direction, bytes);
    case 'lora': return loraTiming(radio, direction, bytes, options.spreadingFactor);
    default: return radio satisfies never;
  }
}

export function transferCost(radio: RadioProfile, bytesUp: number, bytesDown: number, options: TransferOptions = {}): TransferCost {
  checkBytes('bytesUp', bytesUp);
  checkBytes('bytesDown', bytesDown);
  if (options.spreadingFactor !== undefined) {
    if (radio.kind !== 'lora') throw new RangeError(`transferCost: spreadingFactor applies to LoRa radios only, not ${radio.id} (${radio.kind})`);
    loraMaxPayloadBytes(radio.lora, options.spreadingFactor);
  }
  const cost = (t: LinkTiming): PhaseCost => ({ ...t, energyJ: phaseEnergyJ(radio, t) });
  const up = cost(linkTiming(radio, 'up', bytesUp, options));
  const down = cost(linkTiming(radio, 'down', bytesDown, options));
  // Between the phases the link may hold the device back (LoRa off-time, receive windows); the radio sleeps,
  // apart from the up phase's last receive windows, already booked as receiving (and here at sleep current too: nJ).
  const pauseS = bytesUp > 0 && bytesDown > 0 ? up.readyAfterS : 0;
  const pauseJ = phaseEnergyJ(radio, { txS: 0, rxS: 0, listenS: pauseS });
  const moving = bytesUp + bytesDown > 0;
  const setupS = moving && !options.linkUp ? radio.setup.latencyS : 0;
  const setupJ = moving && !options.linkUp ? radio.setup.energyJ : 0;
  const result: TransferCost = {
    energyJ: setupJ + up.energyJ + pauseJ + down.energyJ,
    latencyS: setupS + up.latencyS + pauseS + down.latencyS,
    airtimeS: up.airtimeS + down.airtimeS,
    packets: up.packets + down.packets,
    pollFrames: up.pollFrames + down.pollFrames,
    readyAfterS: bytesDown > 0 ? down.readyAfterS : up.readyAfterS,
    setupJ,
    setupS,
    up,
    down,
  };
  if (radio.kind === 'lora') {
    // Of the pause, only what exceeds the hold of the receive windows is duty-cycle waiting.
    const pauseDutyS = pauseS > 0 ? Math.max(0, pauseS - loraReceiveHoldS(radio.lora)) : 0;
    result.dutyCycleWaitS = up.dutyCycleWaitS + pauseDutyS + down.dutyCycleWaitS;
  }
  return result;
}
