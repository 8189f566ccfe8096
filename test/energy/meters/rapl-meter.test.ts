/**
 * RAPL: the shared contract over a fake powercap tree whose counter wraps,
 * then wrap-around, zone listing and the root-only energy_uj message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listRaplZones, MemorySysfs, MeterError, RaplMeter } from '../../../src/energy/meters/index.js';
import { meterSuite } from './meter-suite.js';
import { TempSysfsTree } from './sysfs-tree.js';

const ZONE0 = '/sys/class/powercap/intel-rapl:0';

/** A package zone with a 1 J counter range, advanced 0.45 J per step: it wraps on steps 1, 3, 5. */
meterSuite('RaplMeter (temp-dir powercap tree, wrapping counter)', () => {
  const tree = new TempSysfsTree().setAll(ZONE0, { name: 'package-0', energy_uj: 700_000, max_energy_range_uj: 1_000_000 });
  tree.set('/sys/class/powercap/intel-rapl/enabled', 1);
  const zone = listRaplZones({ fs: tree.reader })[0]!;
  const meter = new RaplMeter(zone, { fs: tree.reader });
  let counterUj = 700_000;
  let steps = 0;
  return {
    meter,
    advance: () => {
      counterUj = (counterUj + 450_000) % 1_000_000;
      steps += 1;
      tree.set(`${ZONE0}/energy_uj`, counterUj);
    },
    expectedJ: () => steps * 0.45,
    scope: 'package',
    estimate: false,
    dispose: () => tree.dispose(),
  };
});

test('RAPL zones: top zones then subzones, named by domain; intel-rapl-mmio and the control type dir are not zones', () => {
  const fs = new MemorySysfs()
    .setAll(ZONE0, { name: 'package-0', energy_uj: 1, max_energy_range_uj: 262_143_328_850 })
    .setAll(`${ZONE0}:0`, { name: 'core', energy_uj: 1, max_energy_range_uj: 262_143_328_850 })
    .setAll(`${ZONE0}:1`, { name: 'dram', energy_uj: 1, max_energy_range_uj: 65_712_999_613 })
    .setAll('/sys/class/powercap/intel-rapl:1', { name: 'psys', energy_uj: 1, max_energy_range_uj: 262_143_328_850 })
    .setAll('/sys/class/powercap/intel-rapl-mmio:0', { name: 'package-0', energy_uj: 1 })
    .set('/sys/class/powercap/intel-rapl/enabled', 1);
  const zones = listRaplZones({ fs });
  assert.deepEqual(
    zones.map((z) => z.meterName),
    ['rapl:package-0', 'rapl:package-0/core', 'rapl:package-0/dram', 'rapl:psys'],
  );
  assert.equal(zones[2]!.path, `${ZONE0}:1`);
  assert.equal(zones[2]!.parentDomain, 'package-0');
  assert.deepEqual(listRaplZones({ fs: new MemorySysfs() }), [], 'no powercap: no zones, no throw');
});

test('RAPL wrap-around: a counter that restarts below its last value adds max_energy_range_uj, exactly', () => {
  const fs = new MemorySysfs().setAll(ZONE0, { name: 'package-0', energy_uj: 262_143_000_000, max_energy_range_uj: 262_143_328_850 });
  const meter = new RaplMeter(listRaplZones({ fs })[0]!, { fs });
  fs.set(`${ZONE0}/energy_uj`, 171_150);
  // (262_143_328_850 − 262_143_000_000) + 171_150 = 500_000 µJ.
  assert.equal(meter.read(), 0.5);
  fs.set(`${ZONE0}/energy_uj`, 1_171_150);
  assert.equal(meter.read(), 1.5);
});

test('RAPL energy_uj readable by root only: MeterError naming the file, the kernel change and the fixes', () => {
  const fs = new MemorySysfs().setAll(ZONE0, { name: 'package-0', energy_uj: 5, max_energy_range_uj: 1_000 }).deny(`${ZONE0}/energy_uj`);
  const zone = listRaplZones({ fs })[0]!;
  const error = (() => {
    try {
      new RaplMeter(zone, { fs });
    } catch (e) {
      return e;
    }
    assert.fail('opening a root-only zone must throw');
  })();
  assert.ok(error instanceof MeterError);
  assert.equal(error.path, `${ZONE0}/energy_uj`);
  assert.equal(error.meter, 'rapl:package-0');
  assert.match(error.message, /permission denied/);
  assert.match(error.message, /5\.10/);
  assert.match(error.message, /run as root/i);
  assert.match(error.message, /chmod/);
});

test('RAPL: a counter outside its range and a vanished zone are MeterErrors, not numbers', () => {
  const fs = new MemorySysfs().setAll(ZONE0, { name: 'package-0', energy_uj: 10, max_energy_range_uj: 100 });
  const meter = new RaplMeter(listRaplZones({ fs })[0]!, { fs });
  fs.set(`${ZONE0}/energy_uj`, 101);
  assert.throws(() => meter.read(), (e: unknown) => e instanceof MeterError && /outside its range/.test(e.message));
  fs.delete(ZONE0);
  assert.throws(() => meter.read(), (e: unknown) => e instanceof MeterError && /missing \(ENOENT\)/.test(e.message));
});
