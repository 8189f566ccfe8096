/**
 * What every EnergyStore must do (src/energy/energy-store.ts), as a suite
 * each implementation runs (STYLE.md 6): IdealEnergyStore and BatteryStore
 * here. `make(soc)` builds a fresh store at a state of charge; `loadW` is a
 * load the store can carry for a while (a fraction of its rating).
 * Kept beside the battery tests until test/energy/ has a shared place for it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnergyStore } from '../../../src/energy/energy-store.js';

export function energyStoreContract(name: string, make: (soc: number) => EnergyStore, loadW: number): void {
  test(`${name} (EnergyStore contract): soc, remainingJ and delivery stay consistent while discharging to depletion`, () => {
    const store = make(1);
    assert.equal(store.soc, 1);
    assert.equal(store.depleted, false);
    let previousSoc = store.soc;
    let previousRemaining = store.remainingJ;
    assert.ok(previousRemaining > 0);
    let delivered = 0;
    let steps = 0;
    const dtS = 60;
    while (!store.depleted && steps < 1_000_000) {
      const got = store.step(loadW, dtS);
      assert.ok(got >= 0 && got <= loadW * dtS * (1 + 1e-12), `step ${steps}: delivered ${got} J of ${loadW * dtS} J asked`);
      delivered += got;
      assert.ok(store.soc <= previousSoc + 1e-15 && store.soc >= 0 && store.soc <= 1, `soc ${store.soc} after ${previousSoc}`);
      previousSoc = store.soc;
      steps++;
      if (steps > 1) {
        assert.ok(store.remainingJ <= previousRemaining * (1 + 1e-9) + 1e-9, `remainingJ rose from ${previousRemaining} to ${store.remainingJ} while discharging`);
      }
      previousRemaining = store.remainingJ;
    }
    assert.ok(store.depleted, 'a constant load depletes the store');
    assert.ok(delivered > 0);
    assert.equal(store.step(loadW, dtS) <= loadW * dtS, true);
  });

  test(`${name} (EnergyStore contract): charging returns 0, raises soc, clips at full and clears depletion`, () => {
    const store = make(0.5);
    const before = store.soc;
    assert.equal(store.step(-loadW, 600), 0);
    assert.ok(store.soc > before, `soc ${store.soc} after charging from ${before}`);
    const full = make(1);
    assert.equal(full.step(-loadW, 3600), 0);
    assert.equal(full.soc, 1);
    const empty = make(0);
    assert.ok(empty.depleted);
    empty.step(-loadW, 3600);
    assert.equal(empty.depleted, false);
    assert.ok(empty.soc > 0);
  });

  test(`${name} (EnergyStore contract): a zero-length step changes nothing; bad arguments are RangeErrors`, () => {
    const store = make(0.7);
    const soc = store.soc;
    assert.equal(store.step(loadW, 0), 0);
    assert.equal(store.soc, soc);
    assert.throws(() => store.step(Number.NaN, 1), RangeError);
    assert.throws(() => store.step(loadW, -1), RangeError);
    assert.throws(() => make(1.5), RangeError);
  });
}
