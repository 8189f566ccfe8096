/**
 * LoRa time on air, exactly as Semtech gives it (AN1200.13 "LoRa Modem
 * Designer's Guide" §4; SX1276/77/78/79 datasheet §4.1.1.7 and the LoRa modem
 * settings of §4.1.1):
 *
 *   Tsym           = 2^SF / BW
 *   Tpreamble      = (npreamble + 4.25) · Tsym
 *   payloadSymbNb  = 8 + max(ceil((8·PL − 4·SF + 28 + 16·CRC − 20·IH) / (4·(SF − 2·DE))) · (CR + 4), 0)
 *   Tpacket        = Tpreamble + payloadSymbNb · Tsym
 *
 * PL payload bytes, IH = 1 for implicit header, CRC = 1 with the payload
 * CRC, DE = 1 with low-data-rate optimisation, CR = 1..4 for 4/5..4/8. The
 * datasheet mandates DE when a symbol lasts longer than 16 ms (SF11 and SF12
 * at 125 kHz), which is what `lowDataRateOptimize` defaults to.
 */

export interface LoraPacket {
  /** PHY payload bytes (for LoRaWAN: MHDR + FHDR + FPort + FRMPayload + MIC), 0..255. */
  payloadBytes: number;
  /** 6..12 (SF6 only with an implicit header). */
  spreadingFactor: number;
  bandwidthHz: number;
  /** 1..4 for 4/5..4/8. */
  codingRate: number;
  /** Programmed preamble length (LoRaWAN: 8). */
  preambleSymbols: number;
  explicitHeader: boolean;
  crc: boolean;
  /** Default: on when the symbol time exceeds 16 ms. */
  lowDataRateOptimize?: boolean;
}

/** SX1276 datasheet §4.1.1 (LoRa modem settings): low-data-rate optimisation is mandated above 16 ms per symbol. */
export const LORA_LDRO_SYMBOL_TIME_S = 0.016;

/** 2^SF / BW, s. */
export function loraSymbolTimeS(spreadingFactor: number, bandwidthHz: number): number {
  return 2 ** spreadingFactor / bandwidthHz;
}

function check(p: LoraPacket): void {
  const int = (v: number, lo: number, hi: number, name: string) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`loraTimeOnAirS: ${name} must be an integer in ${lo}..${hi}, got ${v}`);
  };
  int(p.payloadBytes, 0, 255, 'payloadBytes');
  int(p.spreadingFactor, 6, 12, 'spreadingFactor');
  int(p.codingRate, 1, 4, 'codingRate');
  int(p.preambleSymbols, 0, 65535, 'preambleSymbols');
  if (!(p.bandwidthHz > 0) || !Number.isFinite(p.bandwidthHz)) throw new RangeError(`loraTimeOnAirS: bandwidthHz must be positive, got ${p.bandwidthHz}`);
  if (p.spreadingFactor === 6 && p.explicitHeader) throw new RangeError('loraTimeOnAirS: SF6 works only with an implicit header (SX1276 datasheet §4.1.1)');
}

/** Number of payload symbols (including the 8 that always follow the preamble). */
export function loraPayloadSymbols(p: LoraPacket): number {
  check(p);
  const tSym = loraSymbolTimeS(p.spreadingFactor, p.bandwidthHz);
  const de = (p.lowDataRateOptimize ?? tSym > LORA_LDRO_SYMBOL_TIME_S) ? 1 : 0;
  const ih = p.explicitHeader ? 0 : 1;
  const crc = p.crc ? 1 : 0;
  const numerator = 8 * p.payloadBytes - 4 * p.spreadingFactor + 28 + 16 * crc - 20 * ih;
  return 8 + Math.max(Math.ceil(numerator / (4 * (p.spreadingFactor - 2 * de))) * (p.codingRate + 4), 0);
}

/** Time on air of one LoRa packet, s. */
export function loraTimeOnAirS(p: LoraPacket): number {
  const tSym = loraSymbolTimeS(p.spreadingFactor, p.bandwidthHz);
  return (p.preambleSymbols + 4.25) * tSym + loraPayloadSymbols(p) * tSym;
}
