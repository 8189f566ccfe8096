import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdealEnergyStore } from '../../src/energy/energy-store.js';
import type { HarvestSource } from '../../src/energy/harvest-source.js';
import { VirtualClock } from '../../src/runtime/clock.js';
import { EnergyLedger } from '../../src/runtime/energy-ledger.js';

test('harvest over a long idle gap is integrated in steps, exactly for a linear ramp (midpoint rule)', () => {
  // 0 W at t = 0 rising 1 mW per second: over 0..600 s the panel gives ∫ 0.001 t dt = 180 J.
  const ramp: HarvestSource = { powerW: (t) => 0.001 * t, forecastJ: () => 0 };
  const powerCalls: number[] = [];
  const counted: HarvestSource = { powerW: (t) => (powerCalls.push(t), ramp.powerW(t)), forecastJ: () => 0 };
  const store = new IdealEnergyStore(1000, 0.5);
  const ledger = new EnergyLedger(store, counted, 60);
  ledger.book('idle', 6, 0, 600, 0);
  assert.equal(powerCalls.length, 10, 'ten 60 s steps');
  assert.deepEqual(powerCalls.slice(0, 2), [30, 90], 'sampled at the midpoints');
  assert.ok(Math.abs(ledger.totals.harvestJ - 180) < 1e-9);
  assert.ok(Math.abs(store.remainingJ - (500 - 6 + 180)) < 1e-9, `remaining ${store.remainingJ}`);
  assert.deepEqual([ledger.totals.idleJ, ledger.totals.requestJ], [6, 0]);
});

test('a zero-length interval still draws its energy, at the power over the nominal time; a dry store delivers less', () => {
  const steps: [number, number][] = [];
  const store = new IdealEnergyStore(1, 1);
  const spy = { get soc() { return store.soc; }, get remainingJ() { return store.remainingJ; }, get depleted() { return store.depleted; }, step: (p: number, dt: number) => (steps.push([p, dt]), store.step(p, dt)) };
  const ledger = new EnergyLedger(spy, { powerW: () => 0.5, forecastJ: () => 0 });
  ledger.book('request', 0.25, 3, 3, 0.5);
  assert.deepEqual(steps, [[0.5, 0.5]], '0.25 J over the 0.5 s the model says, no harvest in no time');
  // 2 W of load less 0.5 W of harvest for 1 s wants 1.5 J; 0.75 J is left.
  ledger.book('request', 2, 3, 4, 1);
  assert.ok(store.depleted);
  assert.ok(Math.abs(ledger.totals.deliveredJ - 1) < 1e-12, 'the store had 1 J to give in all');
  assert.ok(Math.abs(ledger.totals.harvestJ - 0.5) < 1e-12);
  assert.ok(Math.abs(ledger.totals.requestJ - 2.25) < 1e-12);
  assert.throws(() => new EnergyLedger(store, { powerW: () => 0, forecastJ: () => 0 }, 0), /harvestStepS must be a positive number/);
  assert.throws(() => new EnergyLedger(store, { powerW: () => NaN, forecastJ: () => 0 }).book('idle', 0, 0, 1, 0), /gave NaN W at t = 0\.5 s/);
});

test('a virtual clock moves only forward and only when told', () => {
  const c = new VirtualClock(10);
  c.advance(2.5);
  c.advanceTo(20);
  assert.equal(c.now(), 20);
  assert.throws(() => c.advance(-1), /dtS must be a finite number of seconds >= 0/);
  assert.throws(() => c.advanceTo(19), /19 s is before the current time 20 s/);
  assert.throws(() => new VirtualClock(Infinity), RangeError);
});
