/**
 * One direction of a transfer over a link that is already up: the shared
 * result of the per-link timing models (ble-link.ts, wifi-link.ts,
 * lora-link.ts), and the one energy rule they all share:
 *
 *   E = V · (I_tx · t_tx + I_rx · t_rx + I_listen · t_listen)
 *
 * with t_tx, t_rx the time the radio transmits / receives (turn-arounds
 * count as receiving) and t_listen the rest of the phase's latency.
 */
import type { RadioProfile } from './radio-profile.js';

export type Direction = 'up' | 'down';

export interface LinkTiming {
  /** Application bytes moved. */
  bytes: number;
  /** Link-layer frames carrying them (LoRa downlink: the downlink frames; the polls that open their windows are in `pollFrames`). */
  packets: number;
  /** Empty uplinks a class A device sends only to open receive windows (LoRa downlink; 0 elsewhere). */
  pollFrames: number;
  /** On-air time of every frame this device sends or receives (data, acknowledgements, polls), s. */
  airtimeS: number;
  /** Radio transmitting, s. */
  txS: number;
  /** Radio receiving or turning around (including receive windows that hear nothing), s. */
  rxS: number;
  /** The rest of `latencyS`: radio listening (Wi-Fi), idle between connection events (BLE) or asleep (LoRa), s. */
  listenS: number;
  /** From the first frame until the data has reached the other end, one-way network latency included, s. */
  latencyS: number;
  /** Part of `latencyS` spent waiting only because of a duty-cycle limit, s. */
  dutyCycleWaitS: number;
  /** After `latencyS`, how long until the link may start another exchange (LoRa: duty cycle and receive windows), s. */
  readyAfterS: number;
}

export interface PhaseCost extends LinkTiming {
  energyJ: number;
}

export const NO_TRANSFER: LinkTiming = Object.freeze({ bytes: 0, packets: 0, pollFrames: 0, airtimeS: 0, txS: 0, rxS: 0, listenS: 0, latencyS: 0, dutyCycleWaitS: 0, readyAfterS: 0 });

/** Energy of a phase from the profile's currents. */
export function phaseEnergyJ(radio: RadioProfile, t: Pick<LinkTiming, 'txS' | 'rxS' | 'listenS'>): number {
  const i = radio.currentA;
  return radio.supplyV * (i.tx * t.txS + i.rx * t.rxS + i.listen * t.listenS);
}

/** Frames of at most `maxPayload` bytes for `bytes`: how many are full and what the last carries (0 when there is no partial frame). */
export function splitPayload(bytes: number, maxPayload: number): { full: number; rest: number; frames: number } {
  const full = Math.floor(bytes / maxPayload);
  const rest = bytes - full * maxPayload;
  return { full, rest, frames: full + (rest > 0 ? 1 : 0) };
}

/**
 * The timing of an acknowledged exchange over a connected link (BLE, Wi-Fi):
 * the sender transmits the data and receives the acknowledgements (the
 * receiver the reverse); `overheadS` (turn-arounds, contention) counts as
 * receiving; the flow takes at least what the measured goodput allows, and
 * half the network round trip is added; the radio listens the rest.
 */
export function ackedLinkTiming(
  radio: { goodputBps?: number | undefined; networkRttS: number },
  o: { bytes: number; packets: number; dataS: number; ackS: number; overheadS: number; direction: Direction },
): LinkTiming {
  const busyS = o.dataS + o.ackS + o.overheadS;
  const flowS = radio.goodputBps === undefined ? busyS : Math.max(busyS, (o.bytes * 8) / radio.goodputBps);
  const latencyS = flowS + radio.networkRttS / 2;
  const up = o.direction === 'up';
  return {
    bytes: o.bytes,
    packets: o.packets,
    pollFrames: 0,
    airtimeS: o.dataS + o.ackS,
    txS: up ? o.dataS : o.ackS,
    rxS: (up ? o.ackS : o.dataS) + o.overheadS,
    listenS: latencyS - busyS,
    latencyS,
    dutyCycleWaitS: 0,
    readyAfterS: 0,
  };
}
