/**
 * Wi-Fi timing for a TCP/IPv4 stream (IEEE 802.11-2016 DCF, no
 * aggregation): each segment of at most MTU − 40 bytes goes out as one QoS
 * data frame after DIFS and a random backoff, and is acknowledged by a MAC
 * ACK one SIFS later (§10.3.2, §10.22.2). A frame lasts its PHY preamble
 * plus its bytes at the PHY rate (service/tail bits and symbol rounding,
 * under 4 µs a frame, are left out).
 *
 * Measured throughput (goodputBps) is far below this DCF bound on small
 * Wi-Fi SoCs (TCP acknowledgements, stack and driver time), so it usually
 * sets the duration; the radio stays on receiving for the rest, which is
 * what an 802.11 station without power save does.
 */
import { ackedLinkTiming, NO_TRANSFER, splitPayload, type Direction, type LinkTiming } from './link-phase.js';
import type { WifiRadioProfile } from './radio-profile.js';

export function wifiTiming(radio: WifiRadioProfile, direction: Direction, bytes: number): LinkTiming {
  if (bytes === 0) return NO_TRANSFER;
  const w = radio.wifi;
  const { frames } = splitPayload(bytes, w.ipMtuBytes - w.ipTcpHeaderBytes);
  const onAirBytes = bytes + frames * (w.ipTcpHeaderBytes + w.macOverheadBytes);
  const dataS = frames * w.preambleS + (onAirBytes * 8) / w.phyBitRateBps;
  const ackS = frames * w.ackS;
  const contendS = frames * (w.difsS + w.meanBackoffS + w.sifsS);
  return ackedLinkTiming(radio, { bytes, packets: frames, dataS, ackS, overheadS: contendS, direction });
}
