/**
 * Bluetooth LE timing for bulk data in a connection (Core Spec v5.x):
 * application bytes go out as ATT notifications / write commands of at most
 * ATT_MTU − 3 bytes (Vol 3 Part F §3.4.7); each, with its 4-byte L2CAP
 * header (Vol 3 Part A §3.1), is cut into link-layer PDUs of at most the
 * negotiated LL payload (27, or up to 251 with Data Length Extension); each
 * PDU travels inside preamble, access address, PDU header and CRC (Vol 6
 * Part B §2.1) and is acknowledged by the peer's empty PDU one T_IFS later,
 * the next PDU following one T_IFS after that (Vol 6 Part B §4.1.1).
 *
 * So per PDU the radio spends the data frame, two inter-frame spaces and an
 * empty frame. A measured application throughput (goodputBps) caps the rate
 * where the stack and the connection-event scheduling lose more.
 */
import { ackedLinkTiming, NO_TRANSFER, splitPayload, type Direction, type LinkTiming } from './link-phase.js';
import type { BleRadioProfile } from './radio-profile.js';

/** Link-layer PDUs and on-air bytes for one ATT packet of `payload` application bytes. */
function attPacket(b: BleRadioProfile['ble'], payload: number): { pdus: number; onAirBytes: number } {
  const l2capBytes = payload + b.attHeaderBytes + b.l2capHeaderBytes;
  const pdus = Math.ceil(l2capBytes / b.llMaxPayloadBytes);
  return { pdus, onAirBytes: l2capBytes + pdus * b.llFramingBytes };
}

export function bleTiming(radio: BleRadioProfile, direction: Direction, bytes: number): LinkTiming {
  if (bytes === 0) return NO_TRANSFER;
  const b = radio.ble;
  const { full, rest } = splitPayload(bytes, b.attMtuBytes - b.attHeaderBytes);
  const whole = attPacket(b, b.attMtuBytes - b.attHeaderBytes);
  const last = rest > 0 ? attPacket(b, rest) : { pdus: 0, onAirBytes: 0 };
  const pdus = full * whole.pdus + last.pdus;
  const bitS = 1 / b.phyBitRateBps;
  const dataS = (full * whole.onAirBytes + last.onAirBytes) * 8 * bitS;
  const ackS = pdus * b.llFramingBytes * 8 * bitS;
  const turnS = pdus * 2 * b.interFrameSpaceS;
  return ackedLinkTiming(radio, { bytes, packets: pdus, dataS, ackS, overheadS: turnS, direction });
}
