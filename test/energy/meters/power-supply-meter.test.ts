/**
 * Battery fuel gauges: the shared contract for each method (energy_now,
 * charge_now × voltage_now, power_now, current_now × voltage_now), then
 * charging / discharging and the choice of method.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listBatteries, MemorySysfs, MeterError, PowerSupplyMeter, powerSupplyMethod } from '../../../src/energy/meters/index.js';
import { meterSuite } from './meter-suite.js';
import { ManualClock, TempSysfsTree } from './sysfs-tree.js';

const BAT0 = '/sys/class/power_supply/BAT0';

function assertNear(actualJ: number, expectedJ: number): void {
  assert.ok(Math.abs(actualJ - expectedJ) <= 1e-9 * Math.abs(expectedJ), `${actualJ} J, expected ${expectedJ} J`);
}

/** energy_now falls 1000 µWh per step: 3.6 J. */
meterSuite('PowerSupplyMeter (energy_now, temp-dir tree)', () => {
  const tree = new TempSysfsTree().setAll(BAT0, { type: 'Battery', status: 'Discharging', energy_now: 45_000_000, voltage_now: 12_100_000 });
  const meter = new PowerSupplyMeter(BAT0, { fs: tree.reader });
  let steps = 0;
  return {
    meter,
    advance: () => {
      steps += 1;
      tree.set(`${BAT0}/energy_now`, 45_000_000 - 1000 * steps);
    },
    expectedJ: () => steps * 3.6,
    scope: 'battery',
    estimate: false,
    dispose: () => tree.dispose(),
  };
});

/** charge_now falls 500 µAh per step at 3.8 V: 500 × 3.6e-3 C × 3.8 V = 6.84 J. */
meterSuite('PowerSupplyMeter (charge_now × voltage_now)', () => {
  const fs = new MemorySysfs().setAll(BAT0, { type: 'Battery', status: 'Discharging', charge_now: 2_000_000, voltage_now: 3_800_000 });
  const meter = new PowerSupplyMeter(BAT0, { fs });
  let steps = 0;
  return {
    meter,
    advance: () => {
      steps += 1;
      fs.set(`${BAT0}/charge_now`, 2_000_000 - 500 * steps);
    },
    expectedJ: () => steps * 6.84,
    scope: 'battery',
    estimate: false,
  };
});

/** power_now ramps from 4 W by 0.2 W per 2 s step (reported negative, as the ABI now allows for discharging). */
meterSuite('PowerSupplyMeter (power_now, linear ramp, signed)', () => {
  const clock = new ManualClock();
  const fs = new MemorySysfs().setAll(BAT0, { type: 'Battery', status: 'Discharging', power_now: -4_000_000 });
  const meter = new PowerSupplyMeter(BAT0, { fs, now: clock.now });
  let tS = 0;
  return {
    meter,
    advance: () => {
      tS += 2;
      clock.advance(2);
      fs.set(`${BAT0}/power_now`, -(4_000_000 + 100_000 * tS));
    },
    expectedJ: () => 4 * tS + 0.05 * tS * tS,
    scope: 'battery',
    estimate: false,
  };
});

/** current_now 500 mA rising 10 mA per 1 s step at a constant 7.4 V. */
meterSuite('PowerSupplyMeter (current_now × voltage_now)', () => {
  const clock = new ManualClock();
  const fs = new MemorySysfs().setAll(BAT0, { type: 'Battery', status: 'Discharging', current_now: 500_000, voltage_now: 7_400_000 });
  const meter = new PowerSupplyMeter(BAT0, { fs, now: clock.now });
  let tS = 0;
  return {
    meter,
    advance: () => {
      tS += 1;
      clock.advance(1);
      fs.set(`${BAT0}/current_now`, 500_000 + 10_000 * tS);
    },
    expectedJ: () => 7.4 * (0.5 * tS + 0.005 * tS * tS),
    scope: 'battery',
    estimate: false,
  };
});

test('power_supply: batteries listed by type; the method preferred is energy_now, then charge, power, current', () => {
  const fs = new MemorySysfs()
    .setAll('/sys/class/power_supply/AC', { type: 'Mains', online: 1 })
    .setAll(BAT0, { type: 'Battery', energy_now: 1, charge_now: 1, power_now: 1, current_now: 1, voltage_now: 1 })
    .setAll('/sys/class/power_supply/BAT1', { type: 'Battery', charge_now: 1, power_now: 1, voltage_now: 1 })
    .setAll('/sys/class/power_supply/BAT2', { type: 'Battery', charge_now: 1, power_now: 1 })
    .setAll('/sys/class/power_supply/BAT3', { type: 'Battery', current_now: 1, voltage_now: 1 })
    .setAll('/sys/class/power_supply/BAT4', { type: 'Battery', capacity: 50 });
  assert.deepEqual(listBatteries({ fs }), ['BAT0', 'BAT1', 'BAT2', 'BAT3', 'BAT4'].map((b) => `/sys/class/power_supply/${b}`));
  assert.deepEqual(
    ['BAT0', 'BAT1', 'BAT2', 'BAT3', 'BAT4'].map((b) => powerSupplyMethod(fs, `/sys/class/power_supply/${b}`)),
    ['energy-counter', 'charge-counter', 'power', 'current-voltage', undefined],
  );
  assert.throws(() => new PowerSupplyMeter('/sys/class/power_supply/BAT4', { fs }), (e: unknown) => e instanceof MeterError && /none of energy_now/.test(e.message));
});

test('power_supply charging: read throws a MeterError that says why; what the charger put in is never counted as drawn', () => {
  const fs = new MemorySysfs().setAll(BAT0, { type: 'Battery', status: 'Discharging', energy_now: 10_000 });
  const meter = new PowerSupplyMeter(BAT0, { fs });
  fs.set(`${BAT0}/energy_now`, 9_000);
  assertNear(meter.read(), 3.6);
  fs.setAll(BAT0, { status: 'Charging', energy_now: 20_000 });
  assert.throws(
    () => meter.read(),
    (e: unknown) => e instanceof MeterError && e.path === `${BAT0}/status` && /"Charging"/.test(e.message) && /charger, not the battery/.test(e.message),
  );
  fs.set(`${BAT0}/status`, 'Full');
  assert.throws(() => meter.read(), /"Full"/);
  // Unplugged: discharging resumes from 20_000 µWh, not from 9_000.
  fs.setAll(BAT0, { status: 'Discharging', energy_now: 19_500 });
  assertNear(meter.read(), 3.6 + 1.8);
});

test('power_supply charging with power_now: the charging power is not integrated as drawn energy', () => {
  const clock = new ManualClock();
  const fs = new MemorySysfs().setAll(BAT0, { type: 'Battery', status: 'Discharging', power_now: 5_000_000 });
  const meter = new PowerSupplyMeter(BAT0, { fs, now: clock.now });
  clock.advance(10);
  assertNear(meter.read(), 50);
  fs.setAll(BAT0, { status: 'Charging', power_now: 30_000_000 });
  clock.advance(100);
  assert.throws(() => meter.read(), MeterError);
  fs.setAll(BAT0, { status: 'Discharging', power_now: 5_000_000 });
  clock.advance(2);
  // 50 J + the 2 s since the charging read, from 0 W (unknown) to 5 W: 5 J; none of the 30 W × 100 s.
  assertNear(meter.read(), 55);
});

test('power_supply: an upward gauge re-estimate while discharging is skipped, the joules stay monotonic', () => {
  const fs = new MemorySysfs().setAll(BAT0, { type: 'Battery', status: 'Discharging', energy_now: 10_000 });
  const meter = new PowerSupplyMeter(BAT0, { fs });
  fs.set(`${BAT0}/energy_now`, 9_000);
  assertNear(meter.read(), 3.6);
  fs.set(`${BAT0}/energy_now`, 9_400);
  assertNear(meter.read(), 3.6);
  fs.set(`${BAT0}/energy_now`, 8_400);
  assertNear(meter.read(), 7.2);
});
