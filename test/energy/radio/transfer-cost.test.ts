/**
 * Transfer cost: packetisation at the MTU / payload boundaries of each link,
 * monotone in bytes, energy = V·ΣI·t, setup booked once, the BLE model
 * against Nordic's measured throughput.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinRadioIds, loadRadioProfile, loraTimeOnAirS, transferCost, type RadioProfile } from '../../../src/energy/radio/index.js';
import { BLE, LORA, WIFI, editedRadio } from './radio-json.js';

const up = (r: RadioProfile, bytes: number, sf?: number) => transferCost(r, bytes, 0, sf === undefined ? { linkUp: true } : { linkUp: true, spreadingFactor: sf });
const near = (a: number, b: number, what: string, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('BLE: one PDU per 244 bytes with ATT_MTU 247 and DLE; 20 bytes per PDU at the default ATT_MTU 23 / 27-byte PDUs', () => {
  const ble = loadRadioProfile(BLE);
  assert.equal(up(ble, 1).packets, 1);
  assert.equal(up(ble, 244).packets, 1);
  assert.equal(up(ble, 245).packets, 2);
  assert.equal(up(ble, 488).packets, 2);
  assert.equal(up(ble, 489).packets, 3);
  // A full PDU: 244 + 3 + 4 bytes of payload + 10 framing = 261 bytes = 2088 µs; its empty ack 80 µs.
  near(up(ble, 244).airtimeS, (261 + 10) * 8e-6, 'airtime of one full PDU and its ack');
  const legacy = editedRadio(BLE, (j) => { j['ble'].attMtuBytes = 23; j['ble'].llMaxPayloadBytes = 27; });
  assert.equal(up(legacy, 20).packets, 1);
  assert.equal(up(legacy, 21).packets, 2);
  // An ATT_MTU larger than the LL payload fragments each ATT packet over several PDUs.
  const fragmented = editedRadio(BLE, (j) => { j['ble'].attMtuBytes = 512; j['ble'].llMaxPayloadBytes = 27; });
  assert.equal(up(fragmented, 509).packets, Math.ceil((509 + 7) / 27));
  assert.equal(up(fragmented, 510).packets, Math.ceil((509 + 7) / 27) + 1);
});

test('Wi-Fi: one frame per 1460-byte TCP segment', () => {
  const wifi = loadRadioProfile(WIFI);
  assert.equal(up(wifi, 1460).packets, 1);
  assert.equal(up(wifi, 1461).packets, 2);
  assert.equal(up(wifi, 2920).packets, 2);
  assert.equal(up(wifi, 2921).packets, 3);
  // 1460 + 40 + 38 bytes at 72.2 Mb/s after a 42 µs preamble, and a 34 µs ACK.
  near(up(wifi, 1460).airtimeS, 42e-6 + (1538 * 8) / 72.2e6 + 34e-6, 'airtime of one full frame and its ACK');
});

test('LoRa: one frame per maximum payload of the spreading factor (242 bytes at SF7, 51 at SF12)', () => {
  const lora = loadRadioProfile(LORA);
  assert.equal(up(lora, 242).packets, 1);
  assert.equal(up(lora, 243).packets, 2);
  assert.equal(up(lora, 51, 12).packets, 1);
  assert.equal(up(lora, 52, 12).packets, 2);
  assert.equal(up(lora, 115, 9).packets, 1);
  assert.equal(up(lora, 116, 9).packets, 2);
  // Airtime is the Semtech time on air of the 13-byte-framed PHY payload.
  near(up(lora, 20).airtimeS, loraTimeOnAirS({ payloadBytes: 33, spreadingFactor: 7, bandwidthHz: 125e3, codingRate: 1, preambleSymbols: 8, explicitHeader: true, crc: true }), 'one frame');
  assert.throws(() => up(lora, 20, 6), /spreadingFactor 6 has no maximum payload .*have SF 7, 8, 9, 10, 11, 12/);
  assert.throws(() => up(loadRadioProfile(BLE), 20, 7), /applies to LoRa radios only/);
});

test('energy, latency, airtime and packets never fall as bytes grow, up or down, on every built-in radio', () => {
  for (const id of builtinRadioIds()) {
    const r = loadRadioProfile(id);
    for (const direction of ['up', 'down'] as const) {
      let prev = transferCost(r, 0, 0, { linkUp: true });
      for (const bytes of [1, 2, 19, 20, 21, 50, 51, 52, 243, 244, 245, 1000, 1459, 1460, 1461, 5000, 20_000]) {
        const c = direction === 'up' ? transferCost(r, bytes, 0, { linkUp: true }) : transferCost(r, 0, bytes, { linkUp: true });
        for (const k of ['energyJ', 'latencyS', 'airtimeS', 'packets'] as const) assert.ok(c[k] >= prev[k], `${id} ${direction} ${bytes} bytes: ${k} ${c[k]} < ${prev[k]}`);
        assert.ok(c.energyJ > 0 && Number.isFinite(c.latencyS));
        prev = c;
      }
    }
  }
});

test('energy is the supply voltage times the currents times the radio-state times, phase by phase', () => {
  for (const id of builtinRadioIds()) {
    const r = loadRadioProfile(id);
    const c = transferCost(r, 3000, 700, { linkUp: true });
    for (const p of [c.up, c.down]) {
      near(p.energyJ, r.supplyV * (r.currentA.tx * p.txS + r.currentA.rx * p.rxS + r.currentA.listen * p.listenS), `${id} phase energy`);
      assert.ok(p.txS >= 0 && p.rxS >= 0 && p.listenS >= -1e-15, `${id}: negative state time`);
      assert.ok(p.airtimeS <= p.txS + p.rxS + 1e-15, `${id}: airtime beyond the radio-on time`);
    }
  }
});

test('the link is set up once per transfer unless it is already up; nothing to move costs nothing', () => {
  for (const id of builtinRadioIds()) {
    const r = loadRadioProfile(id);
    const cold = transferCost(r, 500, 100);
    const warm = transferCost(r, 500, 100, { linkUp: true });
    near(cold.energyJ - warm.energyJ, r.setup.energyJ, `${id} setup energy`);
    near(cold.latencyS - warm.latencyS, r.setup.latencyS, `${id} setup latency`);
    const none = transferCost(r, 0, 0);
    assert.equal(none.energyJ, 0);
    assert.equal(none.latencyS, 0);
    assert.equal(none.packets, 0);
  }
  assert.throws(() => transferCost(loadRadioProfile(BLE), -1, 0), /bytesUp must be a non-negative whole number/);
  assert.throws(() => transferCost(loadRadioProfile(BLE), 0, 1.5), /bytesDown/);
});

test('over BLE and Wi-Fi a round trip is the sum of its two one-way transfers', () => {
  for (const id of [BLE, WIFI]) {
    const r = loadRadioProfile(id);
    const both = transferCost(r, 4096, 40, { linkUp: true });
    const upOnly = transferCost(r, 4096, 0, { linkUp: true });
    const downOnly = transferCost(r, 0, 40, { linkUp: true });
    near(both.energyJ, upOnly.energyJ + downOnly.energyJ, `${id} energy`);
    near(both.latencyS, upOnly.latencyS + downOnly.latencyS, `${id} latency`);
    near(both.latencyS, upOnly.up.latencyS + downOnly.down.latencyS, `${id} phases`);
    assert.equal(both.dutyCycleWaitS, undefined);
    // One round trip of network latency in all.
    assert.ok(both.latencyS >= r.networkRttS);
  }
});

test('BLE bulk throughput from the PDU model matches Nordic\'s measured ≈0.79 Mbit/s on the 1M PHY', () => {
  const ble = loadRadioProfile(BLE);
  const noCap = editedRadio(BLE, (j) => { delete j['goodputBps']; delete j['sources']['goodputBps']; });
  const bytes = 244 * 1000;
  const t = up(noCap, bytes).up.latencyS - noCap.networkRttS / 2;
  const modelBps = (bytes * 8) / t;
  assert.ok(Math.abs(modelBps - 790_000) / 790_000 < 0.01, `model ${modelBps} b/s`);
  // With the measured figure as a cap, the transfer takes bytes·8/goodput when that is longer.
  near(up(ble, bytes).up.latencyS, Math.max(t, (bytes * 8) / 790_000) + ble.networkRttS / 2, 'capped latency');
});

test('Wi-Fi is goodput-bound: a large transfer takes bytes·8 / 20 Mbit/s plus half a round trip, the radio listening between frames', () => {
  const wifi = loadRadioProfile(WIFI);
  const c = up(wifi, 1_000_000);
  near(c.latencyS, 8e6 / 20e6 + wifi.networkRttS / 2, 'latency');
  assert.ok(c.up.listenS > 0.1, 'most of the time is spent listening');
  // About 0.17 µJ per byte: TX of ≈0.14 s at 0.59 W plus ≈0.26 s of listening at 0.33 W.
  assert.ok(c.energyJ > 0.1 && c.energyJ < 0.25, `1 MB over Wi-Fi costs ${c.energyJ} J`);
});
