/**
 * The LoRa duty-cycle limit (EU868 1 %, ETSI EN 300 220): frames start at
 * least airtime / dutyCycle apart, class A receive windows hold the device
 * at least until RX2 closes, and the wait is reported.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRadioProfile, loraEmptyWindowS, loraReceiveHoldS, loraTimeOnAirS, transferCost, type LoraRadioProfile } from '../../../src/energy/radio/index.js';
import { LORA, editedRadio } from './radio-json.js';

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const air = (r: LoraRadioProfile, phyBytes: number, crc = true, sf = 7) => loraTimeOnAirS({
  payloadBytes: phyBytes, spreadingFactor: sf, bandwidthHz: r.lora.bandwidthHz, codingRate: r.lora.codingRate,
  preambleSymbols: r.lora.preambleSymbols, explicitHeader: true, crc,
});
const lora = () => loadRadioProfile(LORA) as LoraRadioProfile;

test('empty receive windows last as LoRaMac-node sizes them: 24.1 ms at SF7, 6 symbols (196.6 ms) at SF12', () => {
  const r = lora();
  near(loraEmptyWindowS(r.lora, 7), 4 * 1.024e-3 + 0.02, 'SF7: timing error dominates');
  near(loraEmptyWindowS(r.lora, 12), 6 * 32.768e-3, 'SF12: six symbols');
  near(loraReceiveHoldS(r.lora), 2 + 6 * 32.768e-3, 'RX2 closes');
});

test('at 1 % the second frame waits 99 times the first frame\'s airtime, which is reported as duty-cycle wait beyond the RX2 hold', () => {
  const r = lora();
  const a = air(r, 13 + 242);
  const c = transferCost(r, 2 * 242, 0, { linkUp: true });
  assert.equal(c.packets, 2);
  near(c.latencyS, a + 99 * a + a, 'latency: frame, off-time, frame');
  near(c.dutyCycleWaitS!, 99 * a - loraReceiveHoldS(r.lora), 'duty-cycle wait');
  // The next uplink after the transfer is again 99·airtime away.
  near(c.readyAfterS, 99 * a, 'ready after');
  // A single frame waits for nothing.
  assert.equal(transferCost(r, 20, 0, { linkUp: true }).dutyCycleWaitS, 0);
});

test('at a looser duty cycle the receive windows, not the off-time, space the frames; no duty-cycle wait is reported', () => {
  const r = editedRadio(LORA, (j) => { j['lora'].dutyCycle = 0.1; }) as LoraRadioProfile;
  const a = air(r, 13 + 20);
  assert.ok(9 * a < loraReceiveHoldS(r.lora));
  const c = transferCost(r, 40, 0, { linkUp: true, spreadingFactor: 7 });
  const small = editedRadio(LORA, (j) => { j['lora'].dutyCycle = 0.1; j['lora'].maxPayloadBytesBySf['7'] = 20; }) as LoraRadioProfile;
  const two = transferCost(small, 40, 0, { linkUp: true });
  assert.equal(c.packets, 1);
  assert.equal(two.packets, 2);
  near(two.latencyS, a + loraReceiveHoldS(r.lora) + a, 'frames spaced by the RX2 hold');
  assert.equal(two.dutyCycleWaitS, 0);
});

test('a downlink needs a poll per frame: empty uplink, RX1 one second later, the downlink without CRC; polls respect the off-time', () => {
  const r = lora();
  const poll = air(r, 12);
  const down = air(r, 13 + 242, false);
  const one = transferCost(r, 0, 242, { linkUp: true });
  assert.equal(one.packets, 1);
  assert.equal(one.pollFrames, 1);
  near(one.latencyS, poll + 1 + down, 'poll, RX1 delay, downlink');
  near(one.airtimeS, poll + down, 'airtime');
  const two = transferCost(r, 0, 2 * 242, { linkUp: true });
  // Between the two exchanges: the gateway's 99·downlink off-time outweighs the device's 99·poll.
  const gap = Math.max(99 * poll - 1 - down, 99 * down - poll - 1);
  near(two.latencyS, 2 * (poll + 1 + down) + gap, 'two exchanges');
  near(two.dutyCycleWaitS!, gap, 'reported wait');
});

test('sending then receiving pauses for the uplink\'s off-time before the first poll, and reports it', () => {
  const r = lora();
  const both = transferCost(r, 242, 20, { linkUp: true });
  const upOnly = transferCost(r, 242, 0, { linkUp: true });
  const downOnly = transferCost(r, 0, 20, { linkUp: true });
  near(both.latencyS, upOnly.latencyS + upOnly.readyAfterS + downOnly.latencyS, 'latency');
  near(both.dutyCycleWaitS!, upOnly.readyAfterS - loraReceiveHoldS(r.lora), 'the pause beyond the RX2 hold');
  assert.ok(both.energyJ > upOnly.energyJ + downOnly.energyJ);
});

test('a higher spreading factor stretches airtime and the off-time with it', () => {
  const r = lora();
  const sf7 = transferCost(r, 100, 0, { linkUp: true, spreadingFactor: 7 });
  const sf12 = transferCost(r, 100, 0, { linkUp: true, spreadingFactor: 12 });
  assert.equal(sf12.packets, 2);
  near(sf12.dutyCycleWaitS!, 99 * air(r, 13 + 51, true, 12) - loraReceiveHoldS(r.lora), 'SF12 wait');
  assert.ok(sf12.energyJ > 10 * sf7.energyJ);
});
