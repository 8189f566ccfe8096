/**
 * LoRa time on air against published worked examples of the Semtech formula
 * (AN1200.13 §4, SX1276 datasheet §4.1.1.7).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loraPayloadSymbols, loraSymbolTimeS, loraTimeOnAirS, type LoraPacket } from '../../../src/energy/radio/index.js';

const lorawan = (payloadBytes: number, spreadingFactor: number, extra: Partial<LoraPacket> = {}): LoraPacket => ({
  payloadBytes, spreadingFactor, bandwidthHz: 125_000, codingRate: 1, preambleSymbols: 8, explicitHeader: true, crc: true, ...extra,
});
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} vs ${expected}`);

test('the TTN airtime spreadsheet (formulas of AN1200.13): SF9/125 kHz, 13 bytes, CR 4/5, no LDRO → 164.864 ms', () => {
  // docs.google.com/spreadsheets/d/1voGAtQAjC1qBmaVuP1ApNKs1ekgUjavHuVQIXyYSvNc, every output cell:
  // Tsym 4.096 ms, Tpreamble 50.176 ms, payloadSymbNb 28, Tpayload 114.688 ms, Tpacket 164.864 ms.
  const p = lorawan(13, 9, { lowDataRateOptimize: false });
  close(loraSymbolTimeS(9, 125_000), 4.096e-3, 'Tsym');
  assert.equal(loraPayloadSymbols(p), 28);
  close(loraTimeOnAirS(p), 164.864e-3, 'Tpacket');
  close(loraTimeOnAirS(p) - loraPayloadSymbols(p) * 4.096e-3, 50.176e-3, 'Tpreamble');
  // The spreadsheet's duty-cycle rows: at 1 %, packets may start 16.4864 s apart.
  close(loraTimeOnAirS(p) / 0.01, 16.4864, '1 % spacing');
});

test('20-byte LoRaWAN payloads at 125 kHz: SF7 56.576 ms, SF12 1318.912 ms (low-data-rate optimisation on)', () => {
  // The figures quoted for the Semtech LoRa calculator / TTN airtime tables (≈56.6 ms and ≈1.318 s),
  // worked by hand: SF7 12.544 ms preamble + 43 symbols of 1.024 ms; SF12 401.408 ms + 28 symbols of 32.768 ms.
  close(loraTimeOnAirS(lorawan(20, 7)), 56.576e-3, 'SF7');
  close(loraTimeOnAirS(lorawan(20, 12)), 1318.912e-3, 'SF12');
  assert.equal(loraPayloadSymbols(lorawan(20, 12)), 28);
  close(loraTimeOnAirS(lorawan(20, 12, { lowDataRateOptimize: false })), (12.25 + 8 + 4 * 5) * 32.768e-3, 'SF12 without LDRO');
});

test('low-data-rate optimisation switches on by itself above 16 ms per symbol (SF11 and SF12 at 125 kHz only)', () => {
  for (const [sf, bw, on] of [[10, 125_000, false], [11, 125_000, true], [11, 250_000, false], [12, 250_000, true], [12, 500_000, false]] as const) {
    const p = lorawan(20, sf, { bandwidthHz: bw });
    assert.equal(loraTimeOnAirS(p), loraTimeOnAirS({ ...p, lowDataRateOptimize: on }), `SF${sf}/${bw} Hz`);
  }
  close(loraTimeOnAirS(lorawan(20, 11)), 741.376e-3, 'SF11 20 bytes');
});

test('header, CRC, coding rate and bandwidth move the time as the formula says', () => {
  const base = loraTimeOnAirS(lorawan(20, 7));
  close(loraTimeOnAirS(lorawan(20, 7, { explicitHeader: false, crc: false })), 46.336e-3, 'implicit header, no CRC');
  close(loraTimeOnAirS(lorawan(20, 7, { codingRate: 4 })), 78.080e-3, 'CR 4/8');
  close(loraTimeOnAirS(lorawan(20, 7, { bandwidthHz: 250_000 })), base / 2, '250 kHz halves every symbol');
  close(loraTimeOnAirS(lorawan(20, 7, { preambleSymbols: 12 })), base + 4 * 1.024e-3, 'four more preamble symbols');
});

test('time on air never falls as the payload grows, and steps in whole blocks of CR + 4 symbols', () => {
  for (const sf of [7, 9, 12]) {
    let previous = 0;
    for (let pl = 0; pl <= 255; pl++) {
      const symbols = loraPayloadSymbols(lorawan(pl, sf));
      assert.ok(symbols >= previous, `SF${sf}: ${pl} bytes`);
      assert.equal((symbols - 8) % 5, 0);
      previous = symbols;
    }
  }
});

test('out-of-range parameters are refused with the parameter named', () => {
  assert.throws(() => loraTimeOnAirS(lorawan(256, 7)), /payloadBytes must be an integer in 0\.\.255/);
  assert.throws(() => loraTimeOnAirS(lorawan(20, 13)), /spreadingFactor/);
  assert.throws(() => loraTimeOnAirS(lorawan(20, 7, { codingRate: 5 })), /codingRate/);
  assert.throws(() => loraTimeOnAirS(lorawan(20, 7, { bandwidthHz: 0 })), /bandwidthHz/);
  assert.throws(() => loraTimeOnAirS(lorawan(20, 6)), /SF6 works only with an implicit header/);
  close(loraTimeOnAirS(lorawan(1, 6, { explicitHeader: false })), 12.928e-3, 'SF6 implicit header');
});
