/**
 * BatteryStore: the EnergyStore contract (shared with IdealEnergyStore),
 * then what only a real cell does: energy delivered through step() equals
 * the constant-power discharge simulation, coulombic efficiency on charge,
 * the constant-voltage limit near full, brown-out and recovery, and the
 * remainingJ estimate against a simulated discharge.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdealEnergyStore } from '../../../src/energy/energy-store.js';
import { BatteryStore } from '../../../src/energy/battery/battery-store.js';
import { packCapacityC } from '../../../src/energy/battery/battery-model.js';
import { simulateDischarge } from '../../../src/energy/battery/simulate-discharge.js';
import { LG18650_25C } from '../../../src/energy/battery/lg18650-25c.js';
import { energyStoreContract } from './energy-store-contract.js';
import { linearCell } from './synthetic-models.js';

energyStoreContract('IdealEnergyStore', (soc) => new IdealEnergyStore(3.6e4, soc), 5);
energyStoreContract('BatteryStore (LG 18650)', (soc) => new BatteryStore(LG18650_25C, soc), 5);

test('BatteryStore: draining at constant power through step() delivers what simulateDischarge predicts (0.5 %)', () => {
  const store = new BatteryStore(LG18650_25C);
  let delivered = 0;
  let t = 0;
  while (!store.depleted) {
    delivered += store.step(7, 10);
    t += 10;
  }
  const sim = simulateDischarge(LG18650_25C, { powerW: 7 }, { dtS: 10, recordTrace: false });
  assert.ok(Math.abs(delivered - sim.energyJ) < 0.005 * sim.energyJ, `${delivered} J through step() vs ${sim.energyJ} J simulated`);
  assert.ok(Math.abs(t - sim.durationS) <= 10 + 0.005 * sim.durationS);
});

test('BatteryStore: charging stores the coulombic-efficiency fraction of the charge (flat OCV, no resistance: I = P / E exactly)', () => {
  const cell = linearCell({ ocvEmptyV: 3.7, ocvFullV: 3.7, r0Ohm: 0, capacityC: 3600, coulombicEfficiency: 0.95 });
  const store = new BatteryStore(cell, 0.2);
  store.step(-3.7, 1000); // 1 A for 1000 s: 1000 C in, 950 C stored
  assert.ok(Math.abs(store.soc - (0.2 + 950 / 3600)) < 1e-12, `soc ${store.soc}`);
  store.step(-3.7, 1e6);
  assert.equal(store.soc, 1, 'charging stops at full');
});

test('BatteryStore: near full the constant-voltage limit caps the charging current, whatever the offered power', () => {
  const store = new BatteryStore(LG18650_25C, 0.99);
  const before = store.soc;
  store.step(-100, 1);
  // Terminal voltage <= 4.2 V: |I| <= (4.2 V - OCV) / (R0 + R1), under an ampere here, not the ~24 A that 100 W would be.
  const capA = 1;
  assert.ok(store.soc - before <= (capA * 1) / packCapacityC(LG18650_25C), `soc rose by ${store.soc - before}`);
  assert.ok(store.soc > before);
});

test('BatteryStore: a load beyond what the cell can hold browns out (partial delivery, depleted); after a rest a light load runs again', () => {
  const store = new BatteryStore(LG18650_25C, 0.03);
  const asked = 40 * 60;
  const got = store.step(40, 60);
  assert.ok(got < asked && got >= 0, `heavy load: ${got} J of ${asked} J`);
  assert.equal(store.depleted, true);
  store.step(0, 600);
  const light = store.step(0.05, 60);
  assert.ok(Math.abs(light - 0.05 * 60) < 1e-9, `light load after rest: ${light} J`);
  assert.equal(store.depleted, false);
});

test('BatteryStore: remainingJ at the present load matches a simulated discharge from the same state (2 %)', () => {
  const store = new BatteryStore(LG18650_25C);
  assert.ok(store.remainingJ > 3.3e4 && store.remainingJ < 3.6e4, `open-circuit energy ${store.remainingJ} J (~2.57 Ah x ~3.65 V)`);
  for (let k = 0; k < 60; k++) store.step(9.4, 30); // ~2.6 A, 30 minutes
  const soc = store.soc;
  const sim = simulateDischarge(LG18650_25C, { currentA: 2.6 }, { dtS: 5, initialSocFraction: soc, recordTrace: false });
  assert.ok(Math.abs(store.remainingJ - sim.energyJ) < 0.02 * sim.energyJ, `remainingJ ${store.remainingJ} J vs simulated ${sim.energyJ} J`);
  assert.ok(store.restVoltageV < LG18650_25C.ocv.voltageV.at(-1)!);
  assert.equal(new BatteryStore(LG18650_25C, 0).remainingJ, 0);
});

test('BatteryStore: a bad model is refused at construction, naming the field', () => {
  assert.throws(() => new BatteryStore({ ...LG18650_25C, capacityC: 0 }), /BatteryModel\.capacityC/);
  assert.throws(() => new BatteryStore(LG18650_25C, -0.1), /socFraction/);
});
