/**
 * Detection over fake trees: nothing (the model, with the reasons logged),
 * only RAPL, RAPL root-only, only a Jetson's INA3221, and everything at once
 * (the order: RAPL, INA3221/hwmon, battery, GPU).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExecCommand } from '../../../src/energy/meters/index.js';
import { detectMeters, MemorySysfs, ModelMeter } from '../../../src/energy/meters/index.js';
import { ManualClock, TempSysfsTree } from './sysfs-tree.js';

const noNvidiaSmi: ExecCommand = () => {
  throw Object.assign(new Error('spawnSync nvidia-smi ENOENT'), { code: 'ENOENT' });
};
const fallback = (): ModelMeter => new ModelMeter({ name: 'model:test-board', powerW: () => 2, now: () => 0 });

function addRapl(fs: MemorySysfs): MemorySysfs {
  return fs
    .set('/sys/class/powercap/intel-rapl/enabled', 1)
    .setAll('/sys/class/powercap/intel-rapl:0', { name: 'package-0', energy_uj: 1_000, max_energy_range_uj: 262_143_328_850 })
    .setAll('/sys/class/powercap/intel-rapl:0:0', { name: 'core', energy_uj: 500, max_energy_range_uj: 262_143_328_850 })
    .setAll('/sys/class/powercap/intel-rapl:0:1', { name: 'dram', energy_uj: 200, max_energy_range_uj: 65_712_999_613 });
}

test('detect, nothing present: the fallback model alone, every source logged with why, and the estimate said', () => {
  const model = fallback();
  const { meters, log } = detectMeters({ fallback: model, fs: new MemorySysfs(), exec: noNvidiaSmi });
  assert.deepEqual(meters, [model]);
  assert.deepEqual(log, [
    'rapl: /sys/class/powercap is missing (no powercap framework: not Linux, or a kernel without CONFIG_POWERCAP)',
    'ina3221: neither /sys/bus/i2c/drivers/ina3221 (JetPack 5+) nor /sys/bus/i2c/drivers/ina3221x (JetPack 4) exists (not a Jetson, or the driver is not bound)',
    'hwmon: no energy or power sensors under /sys/class/hwmon',
    'power_supply: no battery under /sys/class/power_supply',
    'nvml: unavailable: nvml: nvidia-smi: not found on PATH (no NVIDIA driver installed)',
    'using model:test-board: an ESTIMATE from the energy model, not a measurement, because no real meter could be opened (reasons above)',
  ]);
});

test('detect, only RAPL: package and dram opened, core skipped as part of the package, no fallback', () => {
  const model = fallback();
  const { meters, log } = detectMeters({ fallback: model, fs: addRapl(new MemorySysfs()), exec: noNvidiaSmi });
  assert.deepEqual(meters.map((m) => m.name), ['rapl:package-0', 'rapl:package-0/dram']);
  assert.ok(!meters.includes(model));
  assert.deepEqual(log.slice(0, 3), [
    'rapl:package-0: measured (scope package)',
    'rapl:package-0/core: skipped (part of rapl:package-0; set includeRaplPackageParts to open it)',
    'rapl:package-0/dram: measured (scope package)',
  ]);
  assert.ok(!log.some((l) => l.includes('ESTIMATE')));
  const withParts = detectMeters({ fallback: model, fs: addRapl(new MemorySysfs()), exec: noNvidiaSmi, includeRaplPackageParts: true });
  assert.deepEqual(withParts.meters.map((m) => m.name), ['rapl:package-0', 'rapl:package-0/core', 'rapl:package-0/dram']);
});

test('detect, RAPL root-only: logged with the permission message, and the model used', () => {
  const fs = addRapl(new MemorySysfs())
    .deny('/sys/class/powercap/intel-rapl:0/energy_uj')
    .deny('/sys/class/powercap/intel-rapl:0:1/energy_uj');
  const model = fallback();
  const { meters, log } = detectMeters({ fallback: model, fs, exec: noNvidiaSmi });
  assert.deepEqual(meters, [model]);
  assert.match(log[0]!, /^rapl:package-0: unavailable: rapl:package-0: \/sys\/class\/powercap\/intel-rapl:0\/energy_uj: permission denied \(EACCES\); since Linux 5\.10/);
  assert.match(log.at(-1)!, /ESTIMATE/);
});

test('detect, only a Jetson (JetPack 5 tree on disk): its three rails, the class hwmon alias not counted twice', () => {
  const dir = '/sys/bus/i2c/drivers/ina3221/1-0040/hwmon/hwmon3';
  const rails = { name: 'ina3221', in1_label: 'VDD_IN', in1_input: 5000, curr1_input: 1000, in2_label: 'VDD_CPU_GPU_CV', in2_input: 5000, curr2_input: 300, in3_label: 'VDD_SOC', in3_input: 5000, curr3_input: 400 };
  const tree = new TempSysfsTree().setAll(dir, rails).setAll('/sys/class/hwmon/hwmon3', rails).setAll('/sys/class/hwmon/hwmon0', { name: 'thermal', temp1_input: 40_000 });
  try {
    const clock = new ManualClock();
    const { meters, log } = detectMeters({ fallback: fallback(), fs: tree.reader, exec: noNvidiaSmi, now: clock.now });
    assert.deepEqual(meters.map((m) => [m.name, m.scope, m.estimate]), [
      ['ina3221:VDD_IN', 'board', false],
      ['ina3221:VDD_CPU_GPU_CV', 'rail', false],
      ['ina3221:VDD_SOC', 'rail', false],
    ]);
    assert.equal(log[0], 'rapl: /sys/class/powercap is missing (no powercap framework: not Linux, or a kernel without CONFIG_POWERCAP)');
    assert.equal(log[1], 'ina3221:VDD_IN: measured (scope board)');
    clock.advance(2);
    assert.equal(meters[0]!.read(), 10, 'VDD_IN 5 V × 1 A for 2 s');
  } finally {
    tree.dispose();
  }
});

test('detect, everything: order RAPL, INA3221, hwmon, battery, GPU; a charging battery logged, not opened', () => {
  const fs = addRapl(new MemorySysfs())
    .setAll('/sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0', { rail_name_0: 'POM_5V_IN', in_power0_input: 3000 })
    .setAll('/sys/class/hwmon/hwmon1', { name: 'amd_energy', energy1_input: 7, energy1_label: 'Esocket0' })
    .setAll('/sys/class/power_supply/BAT0', { type: 'Battery', status: 'Discharging', energy_now: 40_000_000 })
    .setAll('/sys/class/power_supply/BAT1', { type: 'Battery', status: 'Charging', energy_now: 10_000_000 });
  const smi: ExecCommand = (_command, args) => (args[0] === '--query-gpu=index,name' ? '0, NVIDIA Jetson-like dGPU\n' : '0, 15.50, 1000\n');
  const { meters, log } = detectMeters({ fallback: fallback(), fs, exec: smi, now: () => 0 });
  assert.deepEqual(meters.map((m) => m.name), ['rapl:package-0', 'rapl:package-0/dram', 'ina3221:POM_5V_IN', 'hwmon:amd_energy/Esocket0', 'battery:BAT0', 'nvml:gpu0']);
  assert.deepEqual(meters.map((m) => m.scope), ['package', 'package', 'board', 'package', 'battery', 'gpu']);
  assert.ok(log.some((l) => /^battery:BAT1: unavailable: .*status is "Charging"/.test(l)), log.join('\n'));
  assert.ok(!log.some((l) => l.includes('ESTIMATE')));
});
