/**
 * hwmon channels: the shared contract for an energy counter (amd_energy
 * style) and for integrated power (a linear ramp: the trapezoid is exact),
 * then channel listing and counter errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HwmonMeter, listHwmonChannels, MemorySysfs, MeterError } from '../../../src/energy/meters/index.js';
import { meterSuite } from './meter-suite.js';
import { ManualClock } from './sysfs-tree.js';

const HWMON2 = '/sys/class/hwmon/hwmon2';

meterSuite('HwmonMeter (energy counter, µJ)', () => {
  const fs = new MemorySysfs().setAll(HWMON2, { name: 'amd_energy', energy1_input: 9_000_000_000, energy1_label: 'Esocket0' });
  const meter = new HwmonMeter(listHwmonChannels({ fs })[0]!, { fs });
  let steps = 0;
  return {
    meter,
    advance: () => {
      steps += 1;
      fs.set(`${HWMON2}/energy1_input`, 9_000_000_000 + steps * 1_234_567);
    },
    expectedJ: () => steps * 1.234567,
    scope: 'package',
    estimate: false,
  };
});

/** P(t) = 2 W + 0.5 W/s · t, sampled every 0.25 s: ∫ = 2t + t²/4. */
meterSuite('HwmonMeter (power, µW, linear ramp)', () => {
  const clock = new ManualClock(100);
  const powerUw = (tS: number): number => 2_000_000 + 500_000 * tS;
  const fs = new MemorySysfs().setAll(HWMON2, { name: 'power_meter', power1_input: powerUw(0) });
  const meter = new HwmonMeter(listHwmonChannels({ fs })[0]!, { fs, now: clock.now });
  let tS = 0;
  return {
    meter,
    advance: () => {
      tS += 0.25;
      clock.advance(0.25);
      fs.set(`${HWMON2}/power1_input`, powerUw(tS));
    },
    expectedJ: () => 2 * tS + 0.25 * tS * tS,
    scope: 'board',
    estimate: false,
  };
});

test('hwmon listing: energy preferred over power per index, labels in names, devices without power or energy (coretemp, ina3221) left out', () => {
  const fs = new MemorySysfs()
    .setAll('/sys/class/hwmon/hwmon0', { name: 'coretemp', temp1_input: 45_000 })
    .setAll('/sys/class/hwmon/hwmon1', { name: 'amd_energy', energy1_input: 1, energy1_label: 'Esocket0', energy2_input: 2, energy2_label: 'Ecore000' })
    .setAll('/sys/class/hwmon/hwmon2', { name: 'power_meter', power1_average: 7_000_000 })
    .setAll('/sys/class/hwmon/hwmon3', { name: 'ina3221', in1_input: 5000, curr1_input: 100, in1_label: 'VDD_IN' })
    .setAll('/sys/class/hwmon/hwmon4', { name: 'sensorx', power1_input: 1, energy1_input: 2 });
  const channels = listHwmonChannels({ fs });
  assert.deepEqual(
    channels.map((c) => [c.meterName, c.scope, c.source.kind]),
    [
      ['hwmon:amd_energy/Esocket0', 'package', 'energy-counter'],
      ['hwmon:amd_energy/Ecore000', 'package', 'energy-counter'],
      ['hwmon:power_meter/1', 'board', 'power'],
      ['hwmon:sensorx/1', 'rail', 'energy-counter'],
    ],
  );
  const averaged = channels[2]!.source;
  assert.ok(averaged.kind === 'power' && averaged.powerPath.endsWith('/power1_average') && averaged.wattsPerUnit === 1e-6);
});

test('hwmon energy counter going backwards is a MeterError (driver reloaded), not a negative delta', () => {
  const fs = new MemorySysfs().setAll(HWMON2, { name: 'amd_energy', energy1_input: 5_000_000 });
  const meter = new HwmonMeter(listHwmonChannels({ fs })[0]!, { fs });
  fs.set(`${HWMON2}/energy1_input`, 6_000_000);
  assert.equal(meter.read(), 1);
  fs.set(`${HWMON2}/energy1_input`, 10);
  assert.throws(() => meter.read(), (e: unknown) => e instanceof MeterError && /went backwards/.test(e.message) && e.path === `${HWMON2}/energy1_input`);
});

test('hwmon power: a non-integer attribute is a MeterError naming the file; negative power counts as zero', () => {
  const clock = new ManualClock();
  const fs = new MemorySysfs().setAll(HWMON2, { name: 'x', power1_input: -3_000_000 });
  const meter = new HwmonMeter(listHwmonChannels({ fs })[0]!, { fs, now: clock.now });
  clock.advance(1);
  fs.set(`${HWMON2}/power1_input`, 2_000_000);
  assert.equal(meter.read(), 1, 'trapezoid of 0 W (clamped) and 2 W over 1 s');
  fs.set(`${HWMON2}/power1_input`, 'N/A');
  assert.throws(() => meter.read(), /expected an integer, got "N\/A"/);
});
