/** The model meter: the shared contract with a power ramp plus booked inferences, and its argument checks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelMeter } from '../../../src/energy/meters/index.js';
import { meterSuite } from './meter-suite.js';
import { ManualClock } from './sysfs-tree.js';

/** Modelled power 1.2 W + 0.1 W/s · t, plus one 0.05 J inference booked per 0.5 s step. */
meterSuite('ModelMeter (power ramp + booked inferences)', () => {
  const clock = new ManualClock(50);
  const meter = new ModelMeter({ name: 'model:raspberry-pi-4', powerW: () => 1.2 + 0.1 * (clock.timeS - 50), now: clock.now });
  let tS = 0;
  let inferences = 0;
  return {
    meter,
    advance: () => {
      tS += 0.5;
      clock.advance(0.5);
      meter.add(0.05);
      inferences += 1;
    },
    expectedJ: () => 1.2 * tS + 0.05 * tS * tS + 0.05 * inferences,
    scope: 'model',
    estimate: true,
  };
});

test('ModelMeter: only add() with no power model; bad joules refused', () => {
  const meter = new ModelMeter({ name: 'model:nucleo-l4r5zi', now: () => 0 });
  meter.add(0.029_207);
  meter.add(0.007_374);
  assert.ok(Math.abs(meter.read() - 0.036_581) < 1e-15);
  assert.throws(() => meter.add(-1), RangeError);
  assert.throws(() => meter.add(Number.NaN), RangeError);
  meter.close();
  assert.throws(() => meter.add(1), /after close/);
});
