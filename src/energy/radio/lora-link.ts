/**
 * LoRaWAN class A timing (LoRaWAN L2 1.0.4 §3.3; EU868 values from the
 * profile). The device may only receive in the two windows it opens after
 * each of its own uplinks: RX1 at receiveDelay1 on the uplink's spreading
 * factor (RX1DROffset 0, the EU868 default: RP002; LoRaMac-node
 * EU868_DEFAULT_RX1_DR_OFFSET), RX2 at receiveDelay2 on the RX2 data rate.
 * So:
 *
 *  - up: the bytes go in frames of at most maxPayloadBytesBySf[SF]; after
 *    each frame both windows open and, with nothing to hear, stay open for
 *    the receiver's minimum detection time; the next frame waits for the
 *    later of the duty-cycle off-time, airtime · (1/dutyCycle − 1), and the
 *    close of RX2;
 *  - down: each downlink frame needs an uplink to open its RX1 window; the
 *    device sends an empty frame, sleeps receiveDelay1, and receives the
 *    downlink (LoRaWAN downlinks carry no payload CRC, L2 1.0.4 §3.1); the next poll
 *    waits for the device's off-time after its poll and the gateway's after
 *    its downlink.
 *
 * The radio sleeps in between (currentA.listen). An empty window lasts as
 * LoRaMac-node sizes it (RegionCommonComputeRxWindowParameters):
 * max(n·Tsym, (2n − 8)·Tsym + 2·timing error) for n minimum symbols.
 */
import { NO_TRANSFER, splitPayload, type Direction, type LinkTiming } from './link-phase.js';
import { loraSymbolTimeS, loraTimeOnAirS } from './lora-time-on-air.js';
import type { LoraRadioProfile } from './radio-profile.js';

type Lora = LoraRadioProfile['lora'];

function frameAirS(l: Lora, sf: number, phyPayloadBytes: number, crc: boolean): number {
  return loraTimeOnAirS({
    payloadBytes: phyPayloadBytes, spreadingFactor: sf, bandwidthHz: l.bandwidthHz, codingRate: l.codingRate,
    preambleSymbols: l.preambleSymbols, explicitHeader: l.explicitHeader, crc,
    lowDataRateOptimize: loraSymbolTimeS(sf, l.bandwidthHz) > l.ldroSymbolTimeS,
  });
}

/** How long a receive window that hears nothing stays open, s. */
export function loraEmptyWindowS(l: Lora, sf: number): number {
  const tSym = loraSymbolTimeS(sf, l.bandwidthHz);
  const n = l.rxWindowMinSymbols;
  return Math.max(n * tSym, (2 * n - 8) * tSym + 2 * l.rxTimingErrorS);
}

/** Largest application payload per frame at `sf`; throws when the profile has none. */
export function loraMaxPayloadBytes(l: Lora, sf: number): number {
  const max = l.maxPayloadBytesBySf[String(sf)];
  if (max === undefined) throw new RangeError(`spreadingFactor ${sf} has no maximum payload in this radio profile (have SF ${Object.keys(l.maxPayloadBytesBySf).join(', ')})`);
  return max;
}

/** After an uplink ends, how long class A keeps the device from its next uplink without any duty cycle: until RX2 closes, s. */
export function loraReceiveHoldS(l: Lora): number {
  return l.receiveDelay2S + loraEmptyWindowS(l, l.rx2SpreadingFactor);
}

/** Airtime of the frames carrying `bytes`: all full but the last, which may be partial. */
function frames(l: Lora, sf: number, bytes: number, crc: boolean): { count: number; fullS: number; lastS: number } {
  const max = loraMaxPayloadBytes(l, sf);
  const { rest, frames: count } = splitPayload(bytes, max);
  const fullS = frameAirS(l, sf, l.frameOverheadBytes + max, crc);
  return { count, fullS, lastS: rest > 0 ? frameAirS(l, sf, l.frameOverheadBytes + rest, crc) : fullS };
}

function uplink(radio: LoraRadioProfile, sf: number, bytes: number): LinkTiming {
  const l = radio.lora;
  const f = frames(l, sf, bytes, l.uplinkCrc);
  const windowsS = loraEmptyWindowS(l, sf) + loraEmptyWindowS(l, l.rx2SpreadingFactor);
  const holdS = loraReceiveHoldS(l);
  const offFactor = 1 / l.dutyCycle - 1;
  // Every frame but the last is full; after each, the next waits for the off-time or the close of RX2.
  const gapS = Math.max(f.fullS * offFactor, holdS);
  const txS = (f.count - 1) * f.fullS + f.lastS;
  const latencyS = txS + (f.count - 1) * gapS + radio.networkRttS / 2;
  return {
    bytes,
    packets: f.count,
    pollFrames: 0,
    airtimeS: txS,
    txS,
    rxS: f.count * windowsS,
    listenS: latencyS - txS - (f.count - 1) * windowsS,
    latencyS,
    dutyCycleWaitS: (f.count - 1) * Math.max(0, f.fullS * offFactor - holdS),
    readyAfterS: Math.max(0, Math.max(f.lastS * offFactor, holdS) - radio.networkRttS / 2),
  };
}

function downlink(radio: LoraRadioProfile, sf: number, bytes: number): LinkTiming {
  const l = radio.lora;
  const f = frames(l, sf, bytes, l.downlinkCrc);
  const pollS = frameAirS(l, sf, l.emptyFrameBytes, l.uplinkCrc);
  const offFactor = 1 / l.dutyCycle - 1;
  // After a downlink ends, the next poll waits for the device's off-time after its own poll and for the
  // gateway's off-time after that downlink (RX1 uses the uplink channel, so the same sub-band limit).
  const gapS = Math.max(0, pollS * offFactor - l.receiveDelay1S - f.fullS, f.fullS * offFactor - pollS - l.receiveDelay1S);
  const rxS = (f.count - 1) * f.fullS + f.lastS;
  const txS = f.count * pollS;
  const dutyCycleWaitS = (f.count - 1) * gapS;
  const latencyS = txS + f.count * l.receiveDelay1S + rxS + dutyCycleWaitS + radio.networkRttS / 2;
  return {
    bytes,
    packets: f.count,
    pollFrames: f.count,
    airtimeS: txS + rxS,
    txS,
    rxS,
    listenS: latencyS - txS - rxS,
    latencyS,
    dutyCycleWaitS,
    // The device's own off-time after its last poll; the gateway's only delays a further downlink.
    readyAfterS: Math.max(0, pollS * offFactor - l.receiveDelay1S - f.lastS - radio.networkRttS / 2),
  };
}

export function loraTiming(radio: LoraRadioProfile, direction: Direction, bytes: number, spreadingFactor = radio.lora.spreadingFactor): LinkTiming {
  if (bytes === 0) return NO_TRANSFER;
  return direction === 'up' ? uplink(radio, spreadingFactor, bytes) : downlink(radio, spreadingFactor, bytes);
}
