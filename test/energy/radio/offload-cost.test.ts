/**
 * Offload cost = setup + send + wait + receive (+ the host's share), each
 * reported; the wait is the gateway's compute time at the device's idle
 * power plus what the radio needs to keep the link up.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinRadioIds, loadRadioProfile, offloadCost, transferCost } from '../../../src/energy/radio/index.js';
import { BLE, LORA, WIFI } from './radio-json.js';

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('energy and latency are the sum of setup, send, wait and receive on every built-in radio', () => {
  for (const id of builtinRadioIds()) {
    const r = loadRadioProfile(id);
    const o = offloadCost(r, { inputBytes: 3 * 32 * 32, outputBytes: 40, gatewayComputeS: 0.05, idlePowerW: 1e-5, hostPowerW: 2e-3 });
    near(o.energyJ, o.setup.energyJ + o.send.energyJ + o.wait.energyJ + o.receive.energyJ + o.host.energyJ, `${id} energy`);
    near(o.latencyS, o.setup.latencyS + o.send.latencyS + o.wait.latencyS + o.receive.latencyS, `${id} latency`);
    near(o.setup.energyJ, r.setup.energyJ, `${id} setup`);
    // Send and receive are the one-way transfers over a link already up.
    const send = transferCost(r, 3 * 32 * 32, 0, { linkUp: true });
    const receive = transferCost(r, 0, 40, { linkUp: true });
    near(o.send.energyJ, send.energyJ, `${id} send`);
    near(o.receive.latencyS, receive.latencyS, `${id} receive`);
    near(o.host.energyJ, 2e-3 * (o.setup.latencyS + o.send.latencyS + o.receive.latencyS), `${id} host`);
  }
});

test('the wait is the gateway\'s compute time at idle power plus the radio\'s keep-alive power', () => {
  for (const id of [BLE, WIFI]) {
    const r = loadRadioProfile(id);
    const fast = offloadCost(r, { inputBytes: 1000, outputBytes: 10, gatewayComputeS: 0.01, idlePowerW: 1e-4 });
    const slow = offloadCost(r, { inputBytes: 1000, outputBytes: 10, gatewayComputeS: 1.01, idlePowerW: 1e-4 });
    near(slow.wait.latencyS, 1.01, `${id} wait`);
    near(slow.energyJ - fast.energyJ, 1 * (1e-4 + r.connectedIdleW), `${id} one more second of waiting`);
    near(slow.latencyS - fast.latencyS, 1, `${id} latency`);
  }
  const r = loadRadioProfile(BLE);
  const idle = (p: number) => offloadCost(r, { inputBytes: 100, outputBytes: 10, gatewayComputeS: 2, idlePowerW: p }).energyJ;
  near(idle(1e-3) - idle(0), 2e-3, 'idle power × wait');
});

test('an already connected link skips the setup', () => {
  for (const id of builtinRadioIds()) {
    const r = loadRadioProfile(id);
    const cold = offloadCost(r, { inputBytes: 500, outputBytes: 10, gatewayComputeS: 0.1, idlePowerW: 0 });
    const warm = offloadCost(r, { inputBytes: 500, outputBytes: 10, gatewayComputeS: 0.1, idlePowerW: 0, linkUp: true });
    near(cold.energyJ - warm.energyJ, r.setup.energyJ, id);
    assert.equal(warm.setup.latencyS, 0);
  }
});

test('over LoRa the device cannot ask for the answer before its off-time is over, however fast the gateway', () => {
  const r = loadRadioProfile(LORA);
  const o = offloadCost(r, { inputBytes: 200, outputBytes: 4, gatewayComputeS: 0.02, idlePowerW: 5e-6 });
  near(o.wait.latencyS, o.send.readyAfterS, 'wait set by the link');
  assert.ok(o.wait.latencyS > 10, `waited ${o.wait.latencyS} s`);
  assert.equal(o.receive.pollFrames, 1);
  const slow = offloadCost(r, { inputBytes: 200, outputBytes: 4, gatewayComputeS: 60, idlePowerW: 5e-6 });
  near(slow.wait.latencyS, 60, 'wait set by the gateway');
});

test('for a 3 kB input and a long compute, BLE costs the device far less than Wi-Fi, whose receiver stays on', () => {
  const req = { inputBytes: 3072, outputBytes: 40, gatewayComputeS: 0.5, idlePowerW: 1e-5 };
  const ble = offloadCost(loadRadioProfile(BLE), req);
  const wifi = offloadCost(loadRadioProfile(WIFI), req);
  assert.ok(ble.energyJ * 50 < wifi.energyJ, `BLE ${ble.energyJ} J vs Wi-Fi ${wifi.energyJ} J`);
  assert.ok(wifi.send.latencyS < ble.send.latencyS, 'but Wi-Fi moves the bytes faster');
});

test('bad arguments are refused at the entry point', () => {
  const r = loadRadioProfile(BLE);
  assert.throws(() => offloadCost(r, { inputBytes: 10, outputBytes: 1, gatewayComputeS: -1, idlePowerW: 0 }), /gatewayComputeS must be a finite non-negative number/);
  assert.throws(() => offloadCost(r, { inputBytes: 10, outputBytes: 1, gatewayComputeS: 1, idlePowerW: Number.NaN }), /idlePowerW/);
  assert.throws(() => offloadCost(r, { inputBytes: -10, outputBytes: 1, gatewayComputeS: 1, idlePowerW: 0 }), /bytesUp/);
});
