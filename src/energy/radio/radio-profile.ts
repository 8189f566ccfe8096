/**
 * A radio profile: what it costs a device to move bytes over one radio link
 * to a gateway, as a data file (radios/<id>.json) rather than code. Like a
 * device profile (src/energy/profile/device-profile.ts), every number must
 * name its source in `sources`, keyed by its dotted JSON path; the reader
 * refuses an uncited one (STYLE.md §9).
 *
 * Three link kinds, one schema each, told apart by `kind`:
 *  - `ble`: Bluetooth LE on an uncoded PHY, data as ATT notifications/write
 *    commands over L2CAP over link-layer PDUs (Core Spec v5.x Vol 6 Part B
 *    §2.1, Vol 3 Parts A and F);
 *  - `wifi`: 802.11 with TCP/IPv4 segments in QoS data frames;
 *  - `lora`: LoRaWAN class A over a LoRa modem, time on air from the Semtech
 *    formula (lora-time-on-air.ts) and the regional duty-cycle limit.
 *
 * Currents are drawn from `supplyV`; for a radio inside an SoC (nRF52840,
 * ESP32) they are whole-chip figures with the CPU idle, for a discrete
 * transceiver (SX1276) the radio alone.
 */
import { z } from 'zod';

export const RADIO_FORMAT = 'edgewatt-radio';
export const RADIO_VERSION = 1;

const positive = z.number().positive();
const nonNeg = z.number().nonnegative();
const count = z.number().int().positive();
const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-"');

/** Fields every radio profile has, whatever its link. */
const common = {
  format: z.literal(RADIO_FORMAT),
  version: z.literal(RADIO_VERSION),
  id,
  name: z.string().min(1),
  /** Supply voltage the currents are drawn at, V. */
  supplyV: positive,
  currentA: z.object({
    /** Transmitting a frame. */
    tx: positive,
    /** Receiving a frame, or turning around between frames. */
    rx: positive,
    /** Link busy but this device neither sends nor receives (contention, waiting for the peer, duty-cycle pauses). */
    listen: nonNeg,
  }),
  /** Bringing the link up from sleep (connect / associate), once per transfer unless the link is already up. */
  setup: z.object({ latencyS: nonNeg, energyJ: nonNeg }),
  /** Round-trip latency between the device and the gateway beyond the airtime; each direction books half. */
  networkRttS: nonNeg,
  /** Extra power the radio draws to keep the link up while the device waits for the gateway (0 when the link sleeps). */
  connectedIdleW: nonNeg,
  /** JSON path (dotted, e.g. "currentA.tx", "lora.maxPayloadBytesBySf") → citation; a path covers everything below it. */
  sources: z.record(z.string().min(1), z.string().min(1)),
};

export const bleRadioSchema = z.object({
  ...common,
  kind: z.literal('ble'),
  ble: z.object({
    /** On-air bit rate of the PHY (1M PHY: 1 Mb/s). */
    phyBitRateBps: positive,
    /** Negotiated ATT_MTU: an ATT notification carries ATT_MTU − attHeaderBytes of application data. */
    attMtuBytes: count,
    /** Largest link-layer PDU payload (27 without Data Length Extension, up to 251 with it). */
    llMaxPayloadBytes: count,
    attHeaderBytes: count,
    l2capHeaderBytes: count,
    /** Preamble + access address + PDU header + CRC around each PDU payload; an empty PDU (the acknowledgement) is just this. */
    llFramingBytes: count,
    /** T_IFS between the frames of one connection event. */
    interFrameSpaceS: positive,
    connectionIntervalS: positive,
  }),
  /** Measured application throughput of the link, b/s; the transfer takes at least bytes·8/goodput. */
  goodputBps: positive.optional(),
});

export const wifiRadioSchema = z.object({
  ...common,
  kind: z.literal('wifi'),
  wifi: z.object({
    phyBitRateBps: positive,
    /** IP MTU; a TCP segment carries ipMtuBytes − ipTcpHeaderBytes of application data. */
    ipMtuBytes: count,
    ipTcpHeaderBytes: count,
    /** MAC header + FCS + LLC/SNAP around each IP packet. */
    macOverheadBytes: count,
    /** PHY preamble and header of one data frame (plus any signal extension), s. */
    preambleS: positive,
    /** A MAC acknowledgement frame, s. */
    ackS: positive,
    sifsS: positive,
    difsS: positive,
    /** Mean random backoff before each frame, s. */
    meanBackoffS: nonNeg,
  }),
  goodputBps: positive.optional(),
});

export const loraRadioSchema = z.object({
  ...common,
  kind: z.literal('lora'),
  lora: z.object({
    bandwidthHz: positive,
    /** 1..4 for coding rates 4/5..4/8. */
    codingRate: z.number().int().min(1).max(4),
    preambleSymbols: z.number().int().nonnegative(),
    explicitHeader: z.boolean(),
    uplinkCrc: z.boolean(),
    downlinkCrc: z.boolean(),
    /** Default spreading factor; a transfer may choose another one listed in maxPayloadBytesBySf. */
    spreadingFactor: z.number().int().min(6).max(12),
    /** Largest application payload (LoRaWAN FRMPayload) per spreading factor, keyed "7".."12". */
    maxPayloadBytesBySf: z.record(z.string().regex(/^(6|7|8|9|10|11|12)$/, 'a spreading factor 6..12'), count),
    /** MHDR + FHDR + FPort + MIC around a non-empty FRMPayload. */
    frameOverheadBytes: count,
    /** A frame with no FRMPayload (and so no FPort): what a class A device sends to open a receive window. */
    emptyFrameBytes: count,
    /** Fraction of time the sub-band may be occupied by this transmitter. */
    dutyCycle: z.number().positive().max(1),
    receiveDelay1S: positive,
    receiveDelay2S: positive,
    rx2SpreadingFactor: z.number().int().min(6).max(12),
    /** A receive window that hears nothing stays open max(minSymbols·Tsym, (2·minSymbols − 8)·Tsym + 2·timing error). */
    rxWindowMinSymbols: count,
    rxTimingErrorS: nonNeg,
    /** Low-data-rate optimisation is switched on above this symbol time. */
    ldroSymbolTimeS: positive,
  }),
});

export const radioProfileSchema = z.discriminatedUnion('kind', [bleRadioSchema, wifiRadioSchema, loraRadioSchema]).superRefine((p, ctx) => {
  if (p.kind === 'lora') {
    const sfs = Object.keys(p.lora.maxPayloadBytesBySf);
    if (!sfs.includes(String(p.lora.spreadingFactor))) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['lora', 'spreadingFactor'], message: `has no entry in lora.maxPayloadBytesBySf (have ${sfs.join(', ')})` });
    if (p.lora.receiveDelay2S <= p.lora.receiveDelay1S) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['lora', 'receiveDelay2S'], message: `must be later than receiveDelay1S (${p.lora.receiveDelay1S} s)` });
  }
  if (p.kind === 'ble' && p.ble.attMtuBytes <= p.ble.attHeaderBytes) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['ble', 'attMtuBytes'], message: `must exceed attHeaderBytes (${p.ble.attHeaderBytes})` });
  if (p.kind === 'wifi' && p.wifi.ipMtuBytes <= p.wifi.ipTcpHeaderBytes) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['wifi', 'ipMtuBytes'], message: `must exceed ipTcpHeaderBytes (${p.wifi.ipTcpHeaderBytes})` });
  if (p.currentA.listen > p.currentA.rx) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['currentA', 'listen'], message: `listening (${p.currentA.listen} A) above receiving (${p.currentA.rx} A)` });
});

export type RadioProfile = z.infer<typeof radioProfileSchema>;
export type RadioKind = RadioProfile['kind'];
export type BleRadioProfile = Extract<RadioProfile, { kind: 'ble' }>;
export type WifiRadioProfile = Extract<RadioProfile, { kind: 'wifi' }>;
export type LoraRadioProfile = Extract<RadioProfile, { kind: 'lora' }>;
